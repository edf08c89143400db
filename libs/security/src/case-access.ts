import { notYourCase } from './auth-errors';
import type { Principal } from './roles';
import { seesAllCases } from './roles';

/**
 * A navigator works on the cases assigned to them, and on cases nobody has been assigned to yet
 * (intake); supervisors, analysts (de-identified) and admins are not limited to a caseload.
 */
export function assertCaseAccess(principal: Principal, caseId: string, assignedNavigatorId: string | null): void {
  if (seesAllCases(principal) || assignedNavigatorId === null || assignedNavigatorId === principal.userId) return;
  throw notYourCase(caseId);
}
