import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditTrail, RequirePermission } from '@ayumi/security';
import { AuditTrailRequestQuery } from './audit-trail.request.dto';

@ApiTags('personal data')
@Controller()
export class AuditTrailHttpController {
  constructor(private readonly audit: AuditTrail) {}

  @Get('audit')
  @RequirePermission('audit:read')
  @ApiOperation({ summary: 'Who read or erased whose personal data, and token changes; newest first' })
  async entries(@Query() query: AuditTrailRequestQuery) {
    return { entries: await this.audit.entries({ clientRef: query.clientRef, userId: query.userId, limit: Number(query.limit ?? 100) }) };
  }
}
