import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InvalidRequestException } from '@ayumi/http';
import type { Principal } from '@ayumi/security';
import { ApiTokens, AuditTrail, CurrentPrincipal, RequirePermission } from '@ayumi/security';
import { IssueTokenRequest } from './issue-token.request.dto';

/** Admins issue a token per person (shown once; only its hash is kept) and revoke it. */
@ApiTags('tokens')
@Controller('tokens')
export class TokensHttpController {
  constructor(private readonly tokens: ApiTokens, private readonly audit: AuditTrail) {}

  @Post()
  @RequirePermission('tokens:manage')
  @HttpCode(201)
  @ApiOperation({ summary: 'Issue a bearer token for a user and role; the token is in this response only' })
  async issue(@Body() body: IssueTokenRequest, @CurrentPrincipal() admin: Principal) {
    if (body.expiresAt !== undefined && Date.parse(body.expiresAt) <= Date.now()) {
      throw new InvalidRequestException(422, 'TOKEN.EXPIRES_IN_PAST', 'expiresAt must be in the future', [{ field: 'expiresAt', message: 'must be in the future' }]);
    }
    const issued = await this.tokens.issue(body, admin);
    await this.audit.record(admin, 'token.issued', { clientRef: null, subject: `token ${issued.tokenId} for ${issued.userId} (${issued.role})`, via: 'POST /tokens' });
    return issued;
  }

  @Get()
  @RequirePermission('tokens:manage')
  @ApiOperation({ summary: 'Every token issued, without secrets' })
  async list() {
    return { tokens: await this.tokens.list() };
  }

  @Delete(':tokenId')
  @RequirePermission('tokens:manage')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a token: it stops working at once' })
  async revoke(@Param('tokenId') tokenId: string, @CurrentPrincipal() admin: Principal): Promise<void> {
    if (!(await this.tokens.revoke(tokenId))) {
      throw new InvalidRequestException(404, 'TOKEN.NOT_FOUND', `No token ${tokenId}`, [{ field: 'tokenId', message: 'no such token' }]);
    }
    await this.audit.record(admin, 'token.revoked', { clientRef: null, subject: `token ${tokenId}`, via: 'DELETE /tokens/:tokenId' });
  }
}
