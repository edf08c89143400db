import type { EmploymentType } from '@ayumi/events';
import { EMPLOYMENT_TYPES } from '@ayumi/events';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { IsRecordId, OccurredAt } from '@ayumi/http';

export class ReceiveJobOrderRequest {
  /** Optional: keep the job order number the employment office gave it. */
  @IsOptional() @IsRecordId()
  jobOrderId?: string;

  @IsString() @Length(1, 200)
  jobTitle!: string;

  @IsIn(EMPLOYMENT_TYPES)
  employmentType!: EmploymentType;

  @IsInt() @Min(1) @Max(10_000)
  openings!: number;

  @OccurredAt()
  occurredAt?: string;
}
