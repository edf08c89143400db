import { Controller, Delete, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InvalidRequestException, ID_PATTERN } from '@ayumi/http';
import type { Principal } from '@ayumi/security';
import { AuditTrail, CurrentPrincipal, PersonalDataVault, RequirePermission } from '@ayumi/security';

/**
 * The right to be forgotten on an immutable log: the client's data key is destroyed, so every
 * personal record of theirs is unreadable for good, while the events and all counts stay as they were.
 */
@ApiTags('personal data')
@Controller()
export class ErasePersonalDataHttpController {
  constructor(private readonly vault: PersonalDataVault, private readonly audit: AuditTrail) {}

  @Delete('clients/:clientRef/personal-data')
  @RequirePermission('personal-data:erase')
  @ApiOperation({ summary: 'Crypto-shred a client\'s personal data (name, contact, birth date, notes); idempotent' })
  async erase(@Param('clientRef') clientRef: string, @CurrentPrincipal() principal: Principal) {
    if (!ID_PATTERN.test(clientRef)) {
      throw new InvalidRequestException(400, 'REQUEST.INVALID_PARAMETER', 'clientRef must be 1–64 letters, digits, _ . : -', [{ field: 'clientRef', message: 'not a client reference' }]);
    }
    const { records, erasedAt } = await this.vault.erase(clientRef, principal.userId);
    await this.audit.record(principal, 'personal-data.erased', { clientRef, subject: `${records} records`, via: 'DELETE /clients/:clientRef/personal-data' });
    return { clientRef, erasedAt, recordsErased: records };
  }
}
