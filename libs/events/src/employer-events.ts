import type { Event, IsoDateTime } from './event';
import type { EmploymentType, ProgramId } from './programs';

type EmployerData<D> = Readonly<{ employerId: string; occurredAt: IsoDateTime }> & D;

export type EmployerRegistered = Event<'EmployerRegistered', EmployerData<{
  name: string;
  industry?: string;
}>>;

/** One company survey of hiring outlooks (延べ社: every survey counts). */
export type HiringOutlookCollected = Event<'HiringOutlookCollected', EmployerData<{
  outlookId: string;
  program: ProgramId;
  expectedHires: number;
}>>;

/** 求人受理: a job order accepted by the employment office. */
export type JobOrderReceived = Event<'JobOrderReceived', EmployerData<{
  jobOrderId: string;
  jobTitle: string;
  employmentType: EmploymentType;
  openings: number;
}>>;

export type EmployerEvent = EmployerRegistered | HiringOutlookCollected | JobOrderReceived;
