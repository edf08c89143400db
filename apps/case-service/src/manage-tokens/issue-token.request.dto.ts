import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import type { Role } from '@ayumi/security';
import { ROLES } from '@ayumi/security';
import { IsIsoDateTimeWithOffset, IsRecordId } from '@ayumi/http';

export class IssueTokenRequest {
  /** Who the token is for; a navigator's user id is their navigatorId. Goes into event metadata. */
  @IsRecordId()
  userId!: string;

  @IsIn(ROLES)
  role!: Role;

  @IsOptional() @IsString() @Length(0, 200)
  description?: string;

  @IsOptional() @IsIsoDateTimeWithOffset()
  expiresAt?: string;
}
