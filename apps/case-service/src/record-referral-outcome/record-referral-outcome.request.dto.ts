import type { ReferralOutcome } from '@ayumi/events';
import { REFERRAL_OUTCOMES } from '@ayumi/events';
import { IsIn } from 'class-validator';
import { OccurredAt } from '@ayumi/http';

export class RecordReferralOutcomeRequest {
  @IsIn(REFERRAL_OUTCOMES)
  outcome!: ReferralOutcome;

  @OccurredAt()
  occurredAt?: string;
}
