import { Type } from 'class-transformer';
import { IsDefined, IsObject, IsString, Length, ValidateNested } from 'class-validator';
import { JobConditionsChangeRequest } from '../http/job-conditions.request.dto';
import { OccurredAt } from '@ayumi/http';

export class ChangeJobConditionsRequest {
  @IsDefined() @IsObject() @ValidateNested() @Type(() => JobConditionsChangeRequest)
  changes!: JobConditionsChangeRequest;

  @IsString() @Length(1, 1000)
  reason!: string;

  @OccurredAt()
  occurredAt?: string;
}
