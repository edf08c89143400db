import type { EmploymentType } from '@ayumi/events';
import { EMPLOYMENT_TYPES } from '@ayumi/events';
import { IsIn, IsString, Length } from 'class-validator';
import { IsRecordId, OccurredAt } from '@ayumi/http';

export class IssueReferralRequest {
  @IsString() @Length(1, 64)
  program!: string;

  @IsRecordId()
  employerId!: string;

  @IsRecordId()
  jobOrderId!: string;

  @IsString() @Length(1, 200)
  jobTitle!: string;

  @IsIn(EMPLOYMENT_TYPES)
  employmentType!: EmploymentType;

  @OccurredAt()
  occurredAt?: string;
}
