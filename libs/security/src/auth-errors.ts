import { InvalidRequestException } from '@ayumi/http';
import type { Permission } from './roles';

const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="ayumi"' };

export const unauthenticated = (detail: string) =>
  new InvalidRequestException(401, 'AUTH.UNAUTHENTICATED', detail, [{ field: 'Authorization', message: detail }], CHALLENGE);

export const forbidden = (permission: Permission) =>
  new InvalidRequestException(403, 'AUTH.FORBIDDEN', `This token's role does not allow ${permission}`, [{ field: 'Authorization', message: `needs ${permission}` }]);

export const notYourCase = (caseId: string) =>
  new InvalidRequestException(403, 'AUTH.NOT_YOUR_CASE', `Case ${caseId} is assigned to another navigator`, [{ field: 'caseId', message: 'assigned to another navigator' }]);

export const forbiddenCaseload = (navigatorId: string) =>
  new InvalidRequestException(403, 'AUTH.NOT_YOUR_CASELOAD', `A navigator reads only their own caseload, not ${navigatorId}'s`, [{ field: 'navigatorId', message: 'not your own' }]);
