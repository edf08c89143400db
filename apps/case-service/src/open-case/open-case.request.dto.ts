import type { AgeBand, Agency, ProgramId } from '@ayumi/events';
import { AGE_BANDS, AGENCIES } from '@ayumi/events';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsDefined, IsIn, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { JobConditionsRequest } from '../http/job-conditions.request.dto';
import { PersonalDataRequest } from './personal-data.request.dto';
import { IsRecordId, OccurredAt } from '@ayumi/http';

export class OpenCaseRequest {
  /** Optional: imports of history keep the id the case had elsewhere. */
  @IsOptional() @IsRecordId()
  caseId?: string;

  /**
   * Pseudonymous reference to the client; personal data stays outside the log. An id, not free text:
   * a name typed here would be in the log for good, and erasure and the audit trail address clients by it.
   */
  @IsString() @IsRecordId()
  clientRef!: string;

  @IsIn(AGE_BANDS)
  ageBand!: AgeBand;

  @IsIn(AGENCIES)
  agency!: Agency;

  @IsArray() @ArrayNotEmpty() @ArrayMaxSize(10) @IsString({ each: true })
  programs!: ProgramId[];

  @IsDefined() @IsObject() @ValidateNested() @Type(() => JobConditionsRequest)
  desiredConditions!: JobConditionsRequest;

  /** Name, contact details and birth date: sealed in the vault; the event keeps only a reference. */
  @IsOptional() @IsObject() @ValidateNested() @Type(() => PersonalDataRequest)
  personalData?: PersonalDataRequest;

  @OccurredAt()
  occurredAt?: string;
}
