import type { EmploymentType, PlacementConfirmation } from '@ayumi/events';
import { EMPLOYMENT_TYPES, PLACEMENT_CONFIRMATIONS } from '@ayumi/events';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { IsIsoDate, IsRecordId, OccurredAt } from '@ayumi/http';

export class RecordPlacementRequest {
  @IsString() @Length(1, 64)
  program!: string;

  @IsRecordId()
  employerId!: string;

  @IsString() @Length(1, 200)
  jobTitle!: string;

  @IsIn(EMPLOYMENT_TYPES)
  employmentType!: EmploymentType;

  @IsIsoDate()
  startDate!: string;

  /** The referral the hire came from, if any. */
  @IsOptional() @IsRecordId()
  referralId?: string;

  @IsIn(PLACEMENT_CONFIRMATIONS)
  confirmedBy!: PlacementConfirmation;

  @OccurredAt()
  occurredAt?: string;
}
