import { IsInt, IsString, Length, Max, Min } from 'class-validator';
import { OccurredAt } from '@ayumi/http';

export class CollectHiringOutlookRequest {
  @IsString() @Length(1, 64)
  program!: string;

  @IsInt() @Min(0) @Max(100_000)
  expectedHires!: number;

  @OccurredAt()
  occurredAt?: string;
}
