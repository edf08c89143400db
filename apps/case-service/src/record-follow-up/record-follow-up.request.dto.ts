import type { FollowUpStatus } from '@ayumi/events';
import { FOLLOW_UP_STATUSES } from '@ayumi/events';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsRecordId, OccurredAt } from '@ayumi/http';

export class RecordFollowUpRequest {
  @IsRecordId()
  placementId!: string;

  @IsIn(FOLLOW_UP_STATUSES)
  status!: FollowUpStatus;

  @IsOptional() @IsString() @MaxLength(4000)
  note?: string;

  @OccurredAt()
  occurredAt?: string;
}
