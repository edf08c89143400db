import { IsOptional, IsString, Length } from 'class-validator';
import { IsRecordId, OccurredAt } from '@ayumi/http';

export class RegisterEmployerRequest {
  /** Optional: keep the id the employer has in another system. */
  @IsOptional() @IsRecordId()
  employerId?: string;

  @IsString() @Length(1, 200)
  name!: string;

  @IsOptional() @IsString() @Length(1, 100)
  industry?: string;

  @OccurredAt()
  occurredAt?: string;
}
