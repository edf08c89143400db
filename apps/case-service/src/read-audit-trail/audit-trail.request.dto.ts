import { IsOptional, Matches } from 'class-validator';
import { IsRecordId } from '@ayumi/http';

export class AuditTrailRequestQuery {
  @IsOptional() @IsRecordId()
  clientRef?: string;

  @IsOptional() @IsRecordId()
  userId?: string;

  @IsOptional() @Matches(/^([1-9]\d{0,3}|10000)$/, { message: 'limit must be a whole number from 1 to 10000' })
  limit?: string;
}
