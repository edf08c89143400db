/** The seed document's success story (一体的実施事業による就職成功例), as request bodies. */
export const intake = {
  clientRef: 'C-0042',
  ageBand: '55-59',
  agency: 'hello-work',
  programs: ['welfare-to-work'],
  occurredAt: '2013-05-08T10:00:00+09:00',
  desiredConditions: { employmentType: 'full-time', jobCategories: ['restaurant'], hoursPerWeek: 40, minimumHourlyWage: 1000 },
};

export const consultation = (occurredAt: string, note?: string) => ({
  program: 'welfare-to-work',
  channel: 'in-person',
  kind: 'job-consultation',
  navigatorId: 'nav-07',
  occurredAt,
  ...(note ? { note } : {}),
});

export const relaxation = {
  occurredAt: '2013-08-20T11:00:00+09:00',
  changes: { employmentType: 'part-time', jobCategories: ['restaurant', 'cleaning'], hoursPerWeek: 20 },
  reason: 'Rejected repeatedly for full-time restaurant work because of age; agreed to apply for part-time jobs in wider fields',
};

export const referral = {
  program: 'welfare-to-work',
  employerId: 'shinagawa-building-services',
  jobOrderId: 'JO-13-0917',
  jobTitle: 'Daily cleaning of apartment buildings',
  employmentType: 'part-time',
  occurredAt: '2013-09-17T14:00:00+09:00',
};

export const placement = (referralId: string) => ({
  program: 'welfare-to-work',
  employerId: 'shinagawa-building-services',
  jobTitle: 'Daily cleaning of apartment buildings',
  employmentType: 'part-time',
  startDate: '2013-10-07',
  referralId,
  confirmedBy: 'employer-report',
  occurredAt: '2013-10-01T09:30:00+09:00',
});
