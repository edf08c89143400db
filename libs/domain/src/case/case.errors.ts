import { DomainError } from '../domain-error';

export const caseNotFound = (caseId: string) =>
  new DomainError('CASE.NOT_FOUND', 'not-found', `Case ${caseId} does not exist`);
export const caseAlreadyExists = (caseId: string) =>
  new DomainError('CASE.ALREADY_EXISTS', 'conflict', `Case ${caseId} already exists`);
export const caseClosed = (caseId: string) =>
  new DomainError('CASE.CLOSED', 'conflict', `Case ${caseId} is closed; reopen it first`);
export const caseNotClosed = (caseId: string) =>
  new DomainError('CASE.NOT_CLOSED', 'conflict', `Case ${caseId} is open; only a closed case can be reopened`);

/** Not found in the path (404) or in the body (422, naming the field). */
const missing = (code: string, what: string, field?: string) =>
  new DomainError(code, field ? 'invalid' : 'not-found', `${what} does not exist in this case`, field);

export const referralNotFound = (referralId: string, field?: string) =>
  missing('REFERRAL.NOT_FOUND', `Referral ${referralId}`, field);
export const referralOutcomeAlreadyRecorded = (referralId: string, outcome: string) =>
  new DomainError('REFERRAL.OUTCOME_ALREADY_RECORDED', 'conflict', `Referral ${referralId} already has the outcome "${outcome}"`);
export const referralVoided = (referralId: string, field?: string) =>
  new DomainError('REFERRAL.VOIDED', 'conflict', `Referral ${referralId} was voided`, field);

export const placementNotFound = (placementId: string, field?: string) =>
  missing('PLACEMENT.NOT_FOUND', `Placement ${placementId}`, field);
export const placementAlreadyRetracted = (placementId: string) =>
  new DomainError('PLACEMENT.ALREADY_RETRACTED', 'conflict', `Placement ${placementId} is already retracted`);

export const serviceRecordNotFound = (recordId: string) =>
  new DomainError('RECORD.NOT_FOUND', 'invalid', `No consultation or referral ${recordId} in this case`, 'recordId');
export const serviceRecordAlreadyVoided = (recordId: string) =>
  new DomainError('RECORD.ALREADY_VOIDED', 'conflict', `Record ${recordId} is already voided`, 'recordId');

export const referralAlreadyPlaced = (referralId: string, placementId: string) =>
  new DomainError('REFERRAL.ALREADY_PLACED', 'conflict', `Referral ${referralId} already led to placement ${placementId}; retract it first`, 'referralId');
export const referralNotHired = (referralId: string, outcome: string) =>
  new DomainError('REFERRAL.NOT_HIRED', 'conflict', `Referral ${referralId} has the outcome "${outcome}", not "hired"`, 'referralId');
/** A referral that led to a placement can be neither voided nor given another outcome than hired. */
export const referralHasPlacement = (referralId: string, placementId: string, field?: string) =>
  new DomainError('REFERRAL.HAS_PLACEMENT', 'conflict', `Referral ${referralId} led to placement ${placementId}; retract the placement first`, field);
export const placementRetracted = (placementId: string) =>
  new DomainError('PLACEMENT.RETRACTED', 'conflict', `Placement ${placementId} was retracted`, 'placementId');
