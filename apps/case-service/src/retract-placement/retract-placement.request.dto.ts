import { IsString, Length } from 'class-validator';
import { OccurredAt } from '@ayumi/http';

export class RetractPlacementRequest {
  @IsString() @Length(1, 1000)
  reason!: string;

  @OccurredAt()
  occurredAt?: string;
}
