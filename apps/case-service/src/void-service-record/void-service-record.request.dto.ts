import { IsString, Length } from 'class-validator';
import { IsRecordId, OccurredAt } from '@ayumi/http';

export class VoidServiceRecordRequest {
  /** A consultationId or referralId of this case. */
  @IsRecordId()
  recordId!: string;

  @IsString() @Length(1, 1000)
  reason!: string;

  @OccurredAt()
  occurredAt?: string;
}
