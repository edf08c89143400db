import { IsString, Length } from 'class-validator';
import { OccurredAt } from '@ayumi/http';

export class AssignNavigatorRequest {
  @IsString() @Length(1, 64)
  navigatorId!: string;

  @OccurredAt()
  occurredAt?: string;
}
