import { Type } from 'class-transformer';
import { IsDefined, IsString, Length, ValidateNested } from 'class-validator';
import { JobConditionsChangeRequest } from '../http/job-conditions.request.dto';
import { OccurredAt } from '@ayumi/http';

export class ChangeJobConditionsRequest {
  @IsDefined() @ValidateNested() @Type(() => JobConditionsChangeRequest)
  changes!: JobConditionsChangeRequest;

  @IsString() @Length(1, 1000)
  reason!: string;

  @OccurredAt()
  occurredAt?: string;
}
