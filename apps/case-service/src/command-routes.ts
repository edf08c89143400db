import { assignNavigatorRoute } from './assign-navigator/assign-navigator.route';
import { changeJobConditionsRoute } from './change-job-conditions/change-job-conditions.route';
import { closeCaseRoute } from './close-case/close-case.route';
import { collectHiringOutlookRoute } from './collect-hiring-outlook/collect-hiring-outlook.route';
import type { CommandRoute } from './command-handling/command-route';
import { issueReferralRoute } from './issue-referral/issue-referral.route';
import { openCaseRoute } from './open-case/open-case.route';
import { receiveJobOrderRoute } from './receive-job-order/receive-job-order.route';
import { recordConsultationRoute } from './record-consultation/record-consultation.route';
import { recordFollowUpRoute } from './record-follow-up/record-follow-up.route';
import { recordPlacementRoute } from './record-placement/record-placement.route';
import { recordReferralOutcomeRoute } from './record-referral-outcome/record-referral-outcome.route';
import { registerEmployerRoute } from './register-employer/register-employer.route';
import { reopenCaseRoute } from './reopen-case/reopen-case.route';
import { retractPlacementRoute } from './retract-placement/retract-placement.route';
import { setBusinessPlanRoute } from './set-business-plan/set-business-plan.route';
import { voidServiceRecordRoute } from './void-service-record/void-service-record.route';

/** Every write endpoint, for the NDJSON import to route lines exactly as HTTP would. */
export const COMMAND_ROUTES: readonly CommandRoute<object>[] = [
  openCaseRoute, assignNavigatorRoute, recordConsultationRoute, issueReferralRoute, recordReferralOutcomeRoute,
  changeJobConditionsRoute, recordPlacementRoute, retractPlacementRoute, voidServiceRecordRoute, recordFollowUpRoute,
  closeCaseRoute, reopenCaseRoute, registerEmployerRoute, collectHiringOutlookRoute, receiveJobOrderRoute, setBusinessPlanRoute,
];
