import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { consultation, intake, placement, referral, relaxation } from '../../case-service/test/seed-story';
import type { AyumiHarness } from './ayumi.harness';
import { startAyumi } from './ayumi.harness';
import { TEST_ADMIN_TOKEN } from '../../../test/support/test-security';

const REPLAY_CLI = join(resolve(__dirname, '../../..'), 'dist/apps/projections/src/timeline/replay.cli.js');
const run = promisify(execFile);
const pause = () => new Promise((r) => setTimeout(r, 30));

describe.each(['pglite', 'postgres'] as const)('replaying the seed success story (%s)', (kind) => {
  let ayumi: AyumiHarness;
  let caseId: string;
  let beforePlacement: string;

  beforeAll(async () => {
    ayumi = await startAyumi(kind);
    const post = async (path: string, body: object) => (await ayumi.caseService().post(path).send(body).expect(201)).body as Record<string, string>;
    caseId = (await post('/cases', intake)).caseId!;
    await post(`/cases/${caseId}/navigator`, { navigatorId: 'nav-07', occurredAt: '2013-05-08T10:30:00+09:00' });
    for (const day of ['2013-05-15', '2013-06-12', '2013-07-10', '2013-08-07']) await post(`/cases/${caseId}/consultations`, consultation(`${day}T10:00:00+09:00`));
    await post(`/cases/${caseId}/condition-changes`, relaxation);
    const { referralId } = await post(`/cases/${caseId}/referrals`, referral);
    await post(`/cases/${caseId}/referrals/${referralId}/outcome`, { outcome: 'hired', occurredAt: '2013-09-30T17:00:00+09:00' });
    await pause();
    beforePlacement = new Date().toISOString();
    await pause();
    await post(`/cases/${caseId}/placements`, placement(referralId!));
    await post(`/cases/${caseId}/consultations`, consultation('2013-10-05T10:00:00+09:00', 'settling in'));
    await post(`/cases/${caseId}/closure`, { reason: 'placed', occurredAt: '2013-10-08T09:00:00+09:00' });
    await ayumi.caughtUp();
  });
  afterAll(() => ayumi.close());

  it('shows the five-month journey: relaxation, referral, part-time placement, with the state after each step', async () => {
    const { body } = await ayumi.projections().get(`/cases/${caseId}/timeline`).expect(200);

    expect(body.entries.map((e: { type: string }) => e.type)).toEqual([
      'CaseOpened', 'NavigatorAssigned', 'ConsultationHeld', 'ConsultationHeld', 'ConsultationHeld', 'ConsultationHeld',
      'JobConditionsChanged', 'JobReferralIssued', 'ReferralOutcomeRecorded', 'PlacementRecorded', 'ConsultationHeld', 'CaseClosed',
    ]);
    expect(body.supportPeriod).toMatchObject({ from: intake.occurredAt, to: '2013-10-01T09:30:00+09:00', months: 5, days: 145, endedBy: 'placement' });
    const relaxed = body.entries[6];
    expect(relaxed).toMatchObject({
      relaxation: true,
      changes: ['employment type full-time → part-time', 'job categories + cleaning', 'hours a week 40 → 20'],
      stateAfter: { conditions: { employmentType: 'part-time', jobCategories: ['restaurant', 'cleaning'] } },
    });
    expect(body.entries[9]).toMatchObject({ summary: expect.stringContaining('Daily cleaning of apartment buildings'), daysSinceIntake: 145 });
    expect(body.referralOutcomes).toEqual([expect.objectContaining({ outcome: 'hired', jobTitle: 'Daily cleaning of apartment buildings' })]);
    expect(body.entries.at(-1).stateAfter.status).toBe('closed');
    expect(body).toMatchObject({ deIdentified: false, clientRef: intake.clientRef });
  });

  it('given an analyst, then the timeline is the same journey, de-identified: no client reference, notes or vault references', async () => {
    const analyst = await ayumi.tokenFor('analyst', 'analyst-01');
    const { body } = await ayumi.anonymousProjections().get(`/cases/${caseId}/timeline`).set('Authorization', `Bearer ${analyst}`).expect(200);
    expect(body.deIdentified).toBe(true);
    expect(body.supportPeriod).toMatchObject({ months: 5, endedBy: 'placement' });
    expect(JSON.stringify(body)).not.toContain(intake.clientRef);
    expect(JSON.stringify(body)).not.toMatch(/"(note|noteRef|personalData|personalDataRef|clientRef)"/);
  });

  it('given knownAt between the hire and the placement, then the later steps are hidden in the timeline and in the counters', async () => {
    const { body } = await ayumi.projections().get(`/cases/${caseId}/timeline?knownAt=${encodeURIComponent(beforePlacement)}`).expect(200);
    expect(body.entries.map((e: { type: string }) => e.type).at(-1)).toBe('ReferralOutcomeRecorded');
    expect(body.supportPeriod.endedBy).toBe('ongoing');

    const now = (await ayumi.projections().get('/progress?fiscalYear=2013&asOf=2014-03-31&program=welfare-to-work').expect(200)).body;
    const then = (await ayumi.projections().get(`/progress?fiscalYear=2013&asOf=2014-03-31&program=welfare-to-work&knownAt=${encodeURIComponent(beforePlacement)}`).expect(200)).body;
    expect(now.programs['welfare-to-work'].visits.total).toBe(6);
    expect(then.programs['welfare-to-work'].visits.total).toBe(5);
    expect(then.programs['welfare-to-work'].visits.restatement).toMatchObject({ restatedTotal: 6 });
    expect(then.programs['welfare-to-work'].visits.restatement.months).toContainEqual({ month: '2013-10', reported: 0, restated: 1 });
  });

  it('given a placement entered after a later one, then the support period ends at the earlier, as the success cases count it', async () => {
    const post = async (path: string, body: object) => (await ayumi.caseService().post(path).send(body).expect(201)).body as Record<string, string>;
    const otherCase = (await post('/cases', { ...intake, clientRef: `C-LATE-${kind}` })).caseId!;
    const placed = (occurredAt: string) => ({ ...placement(''), referralId: undefined, startDate: occurredAt.slice(0, 10), occurredAt });
    await post(`/cases/${otherCase}/placements`, placed('2013-10-01T10:00:00+09:00'));
    await post(`/cases/${otherCase}/placements`, placed('2013-09-01T10:00:00+09:00'));

    const { body } = await ayumi.projections().get(`/cases/${otherCase}/timeline`).expect(200);

    expect(body.supportPeriod).toMatchObject({ to: '2013-09-01T10:00:00+09:00', endedBy: 'placement' });
  });

  it('prints the timeline as a table with npm run replay', async () => {
    expect(existsSync(REPLAY_CLI)).toBe(true);
    const { stdout } = await run(process.execPath, [REPLAY_CLI, caseId, '--url', ayumi.projectionsUrl], { env: { ...process.env, AYUMI_TOKEN: TEST_ADMIN_TOKEN } });
    expect(stdout).toContain('Support period: 2013-05-08 → 2013-10-01, 145 days (5 months, placement)');
    expect(stdout).toContain('employment type full-time → part-time');
    expect(stdout).toContain('job categories + cleaning');
    expect(stdout).toContain('Daily cleaning of apartment buildings: hired');
  });

  it('given an event of a type a newer version wrote, then it is a timeline entry that changes no state, and the case still takes steps', async () => {
    const { caseId: otherCase } = (await ayumi.caseService().post('/cases').send(intake).expect(201)).body as { caseId: string };
    const stream = `case-${otherCase}`;
    const [last] = (await ayumi.eventStore.readStream(stream)).slice(-1);
    await ayumi.eventStore.append(stream, last!.revision, [{
      eventId: randomUUID(), type: 'CaseTransferredToAnotherWard', schemaVersion: 1, metadata: { userId: 'a-newer-version' },
      data: { caseId: otherCase, ward: 'Shinjuku', occurredAt: '2013-05-09T10:00:00+09:00' },
    }]);
    await ayumi.caseService().post(`/cases/${otherCase}/consultations`).send(consultation('2013-05-15T10:00:00+09:00')).expect(201);
    await ayumi.caughtUp();

    const { body } = await ayumi.projections().get(`/cases/${otherCase}/timeline`).expect(200);
    expect(body.entries.map((e: { type: string }) => e.type)).toEqual(['CaseOpened', 'CaseTransferredToAnotherWard', 'ConsultationHeld']);
    expect(body.entries[1]).toMatchObject({ summary: expect.stringContaining('not known to this version'), daysSinceIntake: 1 });
    expect(body.entries[1].stateAfter).toEqual(body.entries[0].stateAfter);
  });

  it('answers 404 for an unknown case, and 400 for a malformed knownAt or a case id PostgreSQL cannot hold', async () => {
    expect((await ayumi.projections().get('/cases/nobody/timeline').expect(404)).body.code).toBe('CASE.NOT_FOUND');
    expect((await ayumi.projections().get('/cases/a%00b/timeline').expect(400)).body.errors).toEqual([expect.objectContaining({ field: 'caseId' })]);
    expect((await ayumi.caseService().get('/cases/a%00b').expect(400)).body.code).toBe('REQUEST.INVALID_PARAMETER');
    expect((await ayumi.projections().get('/caseloads/a%00b').expect(400)).body.code).toBe('REQUEST.INVALID_PARAMETER');
    expect((await ayumi.projections().get(`/cases/${caseId}/timeline?knownAt=last-week`).expect(400)).body.errors[0].field).toBe('knownAt');
  });
});
