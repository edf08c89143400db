import type { DynamicModule } from '@nestjs/common';
import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiTokens } from './api-tokens';
import { AuditTrail } from './audit-trail';
import { AuthGuard } from './auth.guard';
import { PersonalDataVault } from './personal-data-vault';
import type { Security } from './security';
import { SECURITY_OPTIONS } from './security.tokens';
import { WriteRateLimitGuard } from './write-rate-limit.guard';

/** Authentication on every endpoint (but @Public ones), write rate limits, and the vault and audit trail. */
@Global()
@Module({})
export class SecurityModule {
  static register(security: Security): DynamicModule {
    return {
      module: SecurityModule,
      providers: [
        { provide: ApiTokens, useValue: security.tokens },
        { provide: PersonalDataVault, useValue: security.vault },
        { provide: AuditTrail, useValue: security.audit },
        { provide: SECURITY_OPTIONS, useValue: security.options },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: WriteRateLimitGuard },
      ],
      exports: [ApiTokens, PersonalDataVault, AuditTrail],
    };
  }
}
