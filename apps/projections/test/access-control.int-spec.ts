import type { Role } from '@ayumi/security';
import { ROLES } from '@ayumi/security';
import type { Test } from 'supertest';
import { consultation, intake, placement, referral } from '../../case-service/test/seed-story';
import type { AyumiHarness } from './ayumi.harness';
import { startAyumi } from './ayumi.harness';

/**
 * Issue 7's acceptance: every endpoint of both apps with no token, a bad token, a revoked token and
 * each role; personal data kept out of the log; erasure by crypto-shredding; the audit trail.
 */

type Credential = 'none' | 'bad' | 'revoked' | Role;
type App = 'case-service' | 'projections';
type Call = Readonly<{ method: 'get' | 'post' | 'put' | 'delete'; path: string; body?: object | string; contentType?: string }>;

/** One endpoint: how to make a valid request for it (run as admin beforehand), and who may use it. */
type Endpoint = Readonly<{ name: string; app: App; allowed: readonly Role[] | 'public'; prepare: () => Promise<Call>; stream?: true }>;

const EVERYONE: readonly Role[] = ROLES;
const CASE_WORKERS: readonly Role[] = ['navigator', 'supervisor', 'admin'];
const NAVIGATOR = 'nav-07';

describe('access control and personal-data protection', () => {
  let ayumi: AyumiHarness;
  const tokens = new Map<Credential, string | null>();
  let sequence = 0;
  const unique = (prefix: string) => `${prefix}-${++sequence}`;

  const post = async (path: string, body: object, status = 201) =>
    (await ayumi.caseService().post(path).send(body).expect(status)).body as Record<string, string>;

  /** A case assigned to the navigator token's user, so that the navigator may work on it. */
  const navigatorsCase = async (extra: object = {}) => {
    const { caseId } = await post('/cases', { ...intake, clientRef: unique('C'), ...extra });
    await post(`/cases/${caseId}/navigator`, { navigatorId: NAVIGATOR });
    return caseId!;
  };
  const referralOn = async (caseId: string) => (await post(`/cases/${caseId}/referrals`, referral)).referralId!;
  const placementOn = async (caseId: string) => (await post(`/cases/${caseId}/placements`, placement(await referralOn(caseId)))).placementId!;

  const send = (app: App, call: Call, credential: Credential) => {
    const http = app === 'case-service' ? ayumi.anonymousCaseService() : ayumi.anonymousProjections();
    let test = http[call.method](call.path);
    const token = tokens.get(credential);
    if (token) test = test.set('Authorization', `Bearer ${token}`);
    if (call.contentType) test = test.set('Content-Type', call.contentType);
    return call.body === undefined ? test : test.send(call.body);
  };

  /** The status of a Server-Sent Events response, without waiting for a stream that never ends. */
  const streamStatus = async (call: Call, credential: Credential) => {
    const token = tokens.get(credential);
    const controller = new AbortController();
    const response = await fetch(`${ayumi.projectionsUrl}${call.path}`, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: controller.signal });
    controller.abort();
    return response.status;
  };

  const endpoints: readonly Endpoint[] = [
    { name: 'GET /health (case-service)', app: 'case-service', allowed: 'public', prepare: async () => ({ method: 'get', path: '/health' }) },
    { name: 'GET /docs-json', app: 'case-service', allowed: EVERYONE, prepare: async () => ({ method: 'get', path: '/docs-json' }) },
    { name: 'POST /cases', app: 'case-service', allowed: CASE_WORKERS, prepare: async () => ({ method: 'post', path: '/cases', body: { ...intake, clientRef: unique('C') } }) },
    { name: 'GET /cases/:caseId', app: 'case-service', allowed: CASE_WORKERS, prepare: async () => ({ method: 'get', path: `/cases/${await navigatorsCase()}` }) },
    { name: 'POST /cases/:caseId/navigator', app: 'case-service', allowed: CASE_WORKERS,
      prepare: async () => ({ method: 'post', path: `/cases/${await navigatorsCase()}/navigator`, body: { navigatorId: NAVIGATOR } }) },
    { name: 'POST /cases/:caseId/consultations', app: 'case-service', allowed: CASE_WORKERS,
      prepare: async () => ({ method: 'post', path: `/cases/${await navigatorsCase()}/consultations`, body: consultation('2013-06-01T10:00:00+09:00', 'a note') }) },
    { name: 'POST /cases/:caseId/referrals', app: 'case-service', allowed: CASE_WORKERS,
      prepare: async () => ({ method: 'post', path: `/cases/${await navigatorsCase()}/referrals`, body: referral }) },
    { name: 'POST /cases/:caseId/referrals/:referralId/outcome', app: 'case-service', allowed: CASE_WORKERS, prepare: async () => {
      const caseId = await navigatorsCase();
      return { method: 'post', path: `/cases/${caseId}/referrals/${await referralOn(caseId)}/outcome`, body: { outcome: 'rejected', occurredAt: '2013-09-20T10:00:00+09:00' } };
    } },
    { name: 'POST /cases/:caseId/condition-changes', app: 'case-service', allowed: CASE_WORKERS, prepare: async () => ({
      method: 'post', path: `/cases/${await navigatorsCase()}/condition-changes`, body: { changes: { employmentType: 'part-time' }, reason: 'age', occurredAt: '2013-08-20T10:00:00+09:00' },
    }) },
    { name: 'POST /cases/:caseId/placements', app: 'case-service', allowed: CASE_WORKERS, prepare: async () => {
      const caseId = await navigatorsCase();
      return { method: 'post', path: `/cases/${caseId}/placements`, body: placement(await referralOn(caseId)) };
    } },
    { name: 'POST /cases/:caseId/placements/:placementId/retraction', app: 'case-service', allowed: CASE_WORKERS, prepare: async () => {
      const caseId = await navigatorsCase();
      return { method: 'post', path: `/cases/${caseId}/placements/${await placementOn(caseId)}/retraction`, body: { reason: 'declined', occurredAt: '2013-10-02T10:00:00+09:00' } };
    } },
    { name: 'POST /cases/:caseId/voids', app: 'case-service', allowed: CASE_WORKERS, prepare: async () => {
      const caseId = await navigatorsCase();
      const { consultationId } = await post(`/cases/${caseId}/consultations`, consultation('2013-06-01T10:00:00+09:00'));
      return { method: 'post', path: `/cases/${caseId}/voids`, body: { recordId: consultationId, reason: 'entered twice' } };
    } },
    { name: 'POST /cases/:caseId/follow-ups', app: 'case-service', allowed: CASE_WORKERS, prepare: async () => {
      const caseId = await navigatorsCase();
      return { method: 'post', path: `/cases/${caseId}/follow-ups`, body: { placementId: await placementOn(caseId), status: 'still-employed', occurredAt: '2013-11-01T10:00:00+09:00' } };
    } },
    { name: 'POST /cases/:caseId/closure', app: 'case-service', allowed: CASE_WORKERS,
      prepare: async () => ({ method: 'post', path: `/cases/${await navigatorsCase()}/closure`, body: { reason: 'moved', occurredAt: '2013-12-01T10:00:00+09:00' } }) },
    { name: 'POST /cases/:caseId/reopening', app: 'case-service', allowed: CASE_WORKERS, prepare: async () => {
      const caseId = await navigatorsCase();
      await post(`/cases/${caseId}/closure`, { reason: 'moved', occurredAt: '2013-12-01T10:00:00+09:00' });
      return { method: 'post', path: `/cases/${caseId}/reopening`, body: { reason: 'came back', occurredAt: '2014-01-10T10:00:00+09:00' } };
    } },
    { name: 'POST /employers', app: 'case-service', allowed: CASE_WORKERS,
      prepare: async () => ({ method: 'post', path: '/employers', body: { employerId: unique('emp'), name: 'Shinagawa Building Services' } }) },
    { name: 'POST /employers/:id/hiring-outlooks', app: 'case-service', allowed: CASE_WORKERS, prepare: async () => {
      const { employerId } = await post('/employers', { employerId: unique('emp'), name: 'Employer K.K.' });
      return { method: 'post', path: `/employers/${employerId}/hiring-outlooks`, body: { program: 'employer-support', expectedHires: 2 } };
    } },
    { name: 'POST /employers/:id/job-orders', app: 'case-service', allowed: CASE_WORKERS, prepare: async () => {
      const { employerId } = await post('/employers', { employerId: unique('emp'), name: 'Employer K.K.' });
      return { method: 'post', path: `/employers/${employerId}/job-orders`, body: { jobTitle: 'cleaner', employmentType: 'part-time', openings: 1 } };
    } },
    { name: 'PUT /plans/:fiscalYear', app: 'case-service', allowed: ['admin'], prepare: async () => ({
      method: 'put', path: '/plans/2013', body: { targets: [{ program: 'welfare-to-work', metric: 'visits', period: 'month', target: 90 }], occurredAt: '2013-04-01T09:00:00+09:00' },
    }) },
    { name: 'POST /imports', app: 'case-service', allowed: ['supervisor', 'admin'], prepare: async () => ({
      method: 'post', path: '/imports', contentType: 'application/x-ndjson',
      body: `${JSON.stringify({ method: 'POST', path: '/cases', body: { ...intake, clientRef: unique('C') } })}\n`,
    }) },
    { name: 'POST /tokens', app: 'case-service', allowed: ['admin'], prepare: async () => ({ method: 'post', path: '/tokens', body: { role: 'viewer', userId: unique('wall') } }) },
    { name: 'GET /tokens', app: 'case-service', allowed: ['admin'], prepare: async () => ({ method: 'get', path: '/tokens' }) },
    { name: 'DELETE /tokens/:tokenId', app: 'case-service', allowed: ['admin'], prepare: async () => {
      const { tokenId } = await post('/tokens', { role: 'viewer', userId: unique('wall') });
      return { method: 'delete', path: `/tokens/${tokenId}` };
    } },
    { name: 'DELETE /clients/:clientRef/personal-data', app: 'case-service', allowed: ['supervisor', 'admin'],
      prepare: async () => ({ method: 'delete', path: `/clients/${unique('C')}/personal-data` }) },
    { name: 'GET /audit', app: 'case-service', allowed: ['admin'], prepare: async () => ({ method: 'get', path: '/audit' }) },
    { name: 'GET /health (projections)', app: 'projections', allowed: 'public', prepare: async () => ({ method: 'get', path: '/health' }) },
    { name: 'GET /progress', app: 'projections', allowed: EVERYONE, prepare: async () => ({ method: 'get', path: '/progress?fiscalYear=2013&asOf=2013-10-31' }) },
    { name: 'GET /progress/stream', app: 'projections', allowed: EVERYONE, stream: true, prepare: async () => ({ method: 'get', path: '/progress/stream?fiscalYear=2013' }) },
    { name: 'GET /dashboard', app: 'projections', allowed: EVERYONE, prepare: async () => ({ method: 'get', path: '/dashboard' }) },
    { name: 'GET /metrics', app: 'projections', allowed: EVERYONE, prepare: async () => ({ method: 'get', path: '/metrics' }) },
    { name: 'GET /cases/:caseId/timeline', app: 'projections', allowed: ['navigator', 'supervisor', 'analyst', 'admin'],
      prepare: async () => ({ method: 'get', path: `/cases/${await navigatorsCase()}/timeline` }) },
    { name: 'GET /success-cases', app: 'projections', allowed: ['supervisor', 'analyst', 'admin'], prepare: async () => ({ method: 'get', path: '/success-cases' }) },
    { name: 'GET /success-cases/export', app: 'projections', allowed: ['supervisor', 'analyst', 'admin'], prepare: async () => ({ method: 'get', path: '/success-cases/export?format=ndjson' }) },
    { name: 'GET /caseloads/:navigatorId', app: 'projections', allowed: CASE_WORKERS, prepare: async () => ({ method: 'get', path: `/caseloads/${NAVIGATOR}` }) },
    { name: 'GET /projections', app: 'projections', allowed: ['admin'], prepare: async () => ({ method: 'get', path: '/projections' }) },
    { name: 'POST /projections/rebuild', app: 'projections', allowed: ['admin'], prepare: async () => ({ method: 'post', path: '/projections/rebuild', body: {} }) },
  ];

  beforeAll(async () => {
    ayumi = await startAyumi('postgres');
    tokens.set('none', null);
    tokens.set('bad', 'ayumi_AAAAAAAAAAAAAAAA_notarealsecretnotarealsecretnotarealsecre');
    for (const role of ROLES) tokens.set(role, await ayumi.tokenFor(role, role === 'navigator' ? NAVIGATOR : `${role}-01`));
    const { token, tokenId } = await post('/tokens', { role: 'admin', userId: 'left-the-centre' });
    await ayumi.caseService().delete(`/tokens/${tokenId}`).expect(204);
    tokens.set('revoked', token!);
  }, 60_000);
  afterAll(() => ayumi?.close());

  it('given every endpoint, then no token, a bad token and a revoked token get 401, a role without the permission 403, a role with it 2xx', async () => {
    const credentials: readonly Credential[] = ['none', 'bad', 'revoked', ...ROLES];
    const expected: string[] = [];
    const actual: string[] = [];
    for (const endpoint of endpoints) {
      for (const credential of credentials) {
        const call = await endpoint.prepare();
        const status = endpoint.stream ? await streamStatus(call, credential) : (await send(endpoint.app, call, credential)).status;
        const wanted = endpoint.allowed === 'public' ? '2xx'
          : ['none', 'bad', 'revoked'].includes(credential) ? '401'
            : endpoint.allowed.includes(credential as Role) ? '2xx' : '403';
        expected.push(`${endpoint.name} as ${credential}: ${wanted}`);
        actual.push(`${endpoint.name} as ${credential}: ${wanted === '2xx' && status >= 200 && status < 300 ? '2xx' : status}`);
      }
    }
    expect(actual).toEqual(expected);
    expect(actual.length).toBe(endpoints.length * credentials.length);
  }, 240_000);

  it('given a 401 or 403, then it is problem+json naming the Authorization header, with a Bearer challenge on 401', async () => {
    const unauthenticated = await ayumi.anonymousCaseService().post('/cases').send({ ...intake, clientRef: unique('C') }).expect(401);
    expect(unauthenticated.headers['content-type']).toContain('application/problem+json');
    expect(unauthenticated.headers['www-authenticate']).toBe('Bearer realm="ayumi"');
    expect(unauthenticated.body).toMatchObject({ status: 401, code: 'AUTH.UNAUTHENTICATED', errors: [{ field: 'Authorization' }] });
    const forbidden = await ayumi.anonymousProjections().get('/projections').set('Authorization', `Bearer ${tokens.get('viewer')}`).expect(403);
    expect(forbidden.body).toMatchObject({ status: 403, code: 'AUTH.FORBIDDEN', errors: [{ field: 'Authorization' }] });
  });

  it('given ?access_token= on a read, then it authenticates and leaves an HttpOnly same-site cookie for the page\'s further reads; writes ignore both', async () => {
    const viewer = tokens.get('viewer')!;
    const page = await ayumi.anonymousProjections().get(`/progress?fiscalYear=2013&asOf=2013-10-31&access_token=${viewer}`).expect(200);
    const cookie = page.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toMatch(/^ayumi_token=[^;]+;.*HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    await ayumi.anonymousProjections().get('/progress?fiscalYear=2013&asOf=2013-10-31').set('Cookie', cookie.split(';')[0]!).expect(200);
    expect(await streamStatus({ method: 'get', path: `/progress/stream?fiscalYear=2013&access_token=${viewer}` }, 'none')).toBe(200);

    const admin = tokens.get('admin')!;
    await ayumi.anonymousCaseService().post(`/employers?access_token=${admin}`).send({ employerId: unique('emp'), name: 'K.K.' }).expect(401);
    await ayumi.anonymousCaseService().post('/employers').set('Cookie', `ayumi_token=${admin}`).send({ employerId: unique('emp'), name: 'K.K.' }).expect(401);
  });

  it('given a navigator, then another navigator\'s case, caseload and hand-overs are refused, and the user id is in the events\' metadata', async () => {
    const navigator = tokens.get('navigator')!;
    const { caseId } = await post('/cases', { ...intake, clientRef: unique('C') });
    await new Promise((r) => setTimeout(r, 20));
    const beforeAssignment = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    await post(`/cases/${caseId}/navigator`, { navigatorId: 'nav-99' });
    const as = (test: Test) => test.set('Authorization', `Bearer ${navigator}`);
    // As known before it was assigned, the case had no navigator; who may read it is still decided on today's assignment.
    expect((await as(ayumi.anonymousProjections().get(`/cases/${caseId}/timeline?knownAt=${beforeAssignment}`)).expect(403)).body.code).toBe('AUTH.NOT_YOUR_CASE');
    expect((await as(ayumi.anonymousCaseService().post(`/cases/${caseId}/consultations`)).send(consultation('2013-06-01T10:00:00+09:00')).expect(403)).body.code).toBe('AUTH.NOT_YOUR_CASE');
    expect((await as(ayumi.anonymousCaseService().get(`/cases/${caseId}`)).expect(403)).body.code).toBe('AUTH.NOT_YOUR_CASE');
    expect((await as(ayumi.anonymousProjections().get(`/cases/${caseId}/timeline`)).expect(403)).body.code).toBe('AUTH.NOT_YOUR_CASE');
    expect((await as(ayumi.anonymousProjections().get('/caseloads/nav-99')).expect(403)).body.code).toBe('AUTH.NOT_YOUR_CASELOAD');
    // Neither another user's Idempotency-Key nor an If-Match gets past the refusal (or tells the revision).
    const keyed = consultation('2013-06-02T10:00:00+09:00');
    await ayumi.caseService().post(`/cases/${caseId}/consultations`).set('Idempotency-Key', 'shared-key').send(keyed).expect(201);
    expect((await as(ayumi.anonymousCaseService().post(`/cases/${caseId}/consultations`)).set('Idempotency-Key', 'shared-key').send(keyed).expect(403)).body.code)
      .toBe('AUTH.NOT_YOUR_CASE');
    expect((await as(ayumi.anonymousCaseService().post(`/cases/${caseId}/closure`)).set('If-Match', '"1"').send({ reason: 'moved' }).expect(403)).body.code)
      .toBe('AUTH.NOT_YOUR_CASE');

    const fresh = (await as(ayumi.anonymousCaseService().post('/cases')).send({ ...intake, clientRef: unique('C') }).expect(201)).body.caseId as string;
    expect((await as(ayumi.anonymousCaseService().post(`/cases/${fresh}/navigator`)).send({ navigatorId: 'nav-99' }).expect(403)).body.code).toBe('AUTH.ASSIGN_OTHERS');
    await as(ayumi.anonymousCaseService().post(`/cases/${fresh}/navigator`)).send({ navigatorId: NAVIGATOR }).expect(201);
    const { body } = await ayumi.caseService().get(`/cases/${fresh}`).expect(200);
    expect(body.navigatorId).toBe(NAVIGATOR);
    const [row] = await ayumi.sql.query<{ user_ids: string[] }>(
      "SELECT array_agg(DISTINCT metadata->>'userId') AS user_ids FROM ayumi_events WHERE stream_id = $1", [`case-${fresh}`]);
    expect(row!.user_ids).toEqual([NAVIGATOR]);
  });

  describe('personal data', () => {
    const name = '山田 太郎 (Taro Yamada)';
    const note = 'Anxious about interviews after repeated rejections; prefers morning shifts';
    const followUpNote = 'Would like longer hours once used to the work';
    let clientRef: string;
    let caseId: string;

    beforeAll(async () => {
      clientRef = unique('C-PD');
      ({ caseId } = await post('/cases', {
        ...intake, clientRef,
        personalData: { name, nameReading: 'ヤマダ タロウ', birthDate: '1954-02-11', phone: '+81 3-1234-5678', email: 'taro@example.jp', address: '品川区大井1-1' },
      }) as { caseId: string });
      await post(`/cases/${caseId}/navigator`, { navigatorId: NAVIGATOR });
      await post(`/cases/${caseId}/consultations`, consultation('2013-05-15T10:00:00+09:00', note));
      const placementId = await placementOn(caseId);
      await post(`/cases/${caseId}/follow-ups`, { placementId, status: 'still-employed', note: followUpNote, occurredAt: '2013-11-01T10:00:00+09:00' });
      await ayumi.caughtUp();
    });

    it('given a case recorded with a name and notes, then no stored event contains them; the vault holds only ciphertext', async () => {
      const rows = await ayumi.sql.query<{ raw: string }>('SELECT row_to_json(e)::text AS raw FROM ayumi_events e WHERE stream_id = $1', [`case-${caseId}`]);
      expect(rows.length).toBe(6); // opened, navigator, consultation, referral, placement, follow-up
      for (const secret of [name, 'Taro', 'taro@example.jp', '1954-02-11', '1234-5678', note, followUpNote]) {
        expect({ secret, inEvents: rows.some((r) => r.raw.includes(secret)) }).toEqual({ secret, inEvents: false });
      }
      const sealed = await ayumi.sql.query<{ raw: string }>("SELECT encode(sealed, 'escape') AS raw FROM ayumi_vault_records WHERE client_ref = $1", [clientRef]);
      expect(sealed.length).toBe(3);
      expect(sealed.some((r) => r.raw.includes('Taro') || r.raw.includes('Anxious'))).toBe(false);
    });

    it('given a supervisor, then the case and its timeline show the personal data, and the reads are in the audit trail with user and time', async () => {
      const supervisor = tokens.get('supervisor')!;
      const since = new Date(Date.now() - 1_000).toISOString();
      const { body: current } = await ayumi.anonymousCaseService().get(`/cases/${caseId}`).set('Authorization', `Bearer ${supervisor}`).expect(200);
      expect(current.personalData).toEqual({ status: 'available', record: expect.objectContaining({ name, birthDate: '1954-02-11' }) });
      const { body: timeline } = await ayumi.anonymousProjections().get(`/cases/${caseId}/timeline`).set('Authorization', `Bearer ${tokens.get('navigator')}`).expect(200);
      expect(timeline.entries.find((e: { type: string }) => e.type === 'ConsultationHeld').note).toEqual({ status: 'available', record: { note } });

      const { body } = await ayumi.caseService().get(`/audit?clientRef=${clientRef}`).expect(200);
      const reads = body.entries.filter((e: { action: string }) => e.action === 'personal-data.read');
      expect(reads).toEqual(expect.arrayContaining([
        expect.objectContaining({ userId: 'supervisor-01', role: 'supervisor', clientRef, subject: `case ${caseId}`, via: 'GET /cases/:caseId' }),
        expect.objectContaining({ userId: NAVIGATOR, role: 'navigator', clientRef, via: 'GET /cases/:caseId/timeline' }),
      ]));
      for (const entry of reads) expect(entry.at >= since).toBe(true);
    });

    it('given a keyed consultation with a note, then a retry with another note is refused, and the log keeps no digest of the note', async () => {
      const { caseId: keyedCase } = await post('/cases', { ...intake, clientRef: unique('C-KEYED') }) as { caseId: string };
      const send = (key: string, text: string) => ayumi.caseService().post(`/cases/${keyedCase}/consultations`).set('Idempotency-Key', key)
        .send(consultation('2013-06-20T10:00:00+09:00', text));
      const accepted = await send('note-key-1', 'Talked about the CV and interviews').expect(201);

      expect((await send('note-key-1', 'Talked about the CV and interviews').expect(201)).body).toEqual(accepted.body);
      expect((await send('note-key-1', 'Something else entirely').expect(422)).body.code).toBe('IDEMPOTENCY.KEY_REUSED');
      // A note added to, or left out of, the retry of a request is another request too.
      const withoutNote = () => ayumi.caseService().post(`/cases/${keyedCase}/consultations`).set('Idempotency-Key', 'note-key-3')
        .send(consultation('2013-06-21T10:00:00+09:00'));
      await withoutNote().expect(201);
      expect((await ayumi.caseService().post(`/cases/${keyedCase}/consultations`).set('Idempotency-Key', 'note-key-3')
        .send(consultation('2013-06-21T10:00:00+09:00', 'An afterthought')).expect(422)).body.code).toBe('IDEMPOTENCY.KEY_REUSED');
      expect((await ayumi.caseService().post(`/cases/${keyedCase}/consultations`).set('Idempotency-Key', 'note-key-1')
        .send(consultation('2013-06-20T10:00:00+09:00')).expect(422)).body.code).toBe('IDEMPOTENCY.KEY_REUSED');

      // The same request with another note under another key: the fingerprints in the log are equal.
      await send('note-key-2', 'A note nobody could guess from the log');
      const fingerprints = await ayumi.sql.query<{ hash: string }>(
        `SELECT metadata->>'requestHash' AS hash FROM ayumi_events WHERE stream_id = $1 AND type = 'ConsultationHeld' AND data->>'occurredAt' = $2`,
        [`case-${keyedCase}`, '2013-06-20T10:00:00+09:00']);
      expect(fingerprints).toHaveLength(2);
      expect(fingerprints[0]!.hash).toBe(fingerprints[1]!.hash);
      await ayumi.caughtUp();
    });

    it('given the client\'s data erased, then timelines show it erased, nothing can be decrypted, /progress is unchanged, and new notes are refused', async () => {
      const progress = async () => (await ayumi.projections().get('/progress?fiscalYear=2013&asOf=2014-03-31').expect(200)).body as unknown;
      const before = await progress();

      const { body: erased } = await ayumi.anonymousCaseService().delete(`/clients/${clientRef}/personal-data`).set('Authorization', `Bearer ${tokens.get('supervisor')}`).expect(200);
      expect(erased).toMatchObject({ clientRef, recordsErased: 3 });

      const { body: timeline } = await ayumi.projections().get(`/cases/${caseId}/timeline`).expect(200);
      expect(timeline.personalData).toMatchObject({ status: 'erased' });
      expect(timeline.entries.filter((e: { note?: unknown }) => e.note).map((e: { note: { status: string } }) => e.note.status)).toEqual(['erased', 'erased']);
      expect(JSON.stringify(timeline)).not.toContain('Anxious');
      const { body: current } = await ayumi.caseService().get(`/cases/${caseId}`).expect(200);
      expect(current.personalData).toMatchObject({ status: 'erased' });

      const [key] = await ayumi.sql.query<{ wrapped_key: unknown }>('SELECT wrapped_key FROM ayumi_vault_keys WHERE client_ref = $1', [clientRef]);
      expect(key!.wrapped_key).toBeNull();
      const left = await ayumi.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM ayumi_vault_records WHERE client_ref = $1 AND sealed IS NOT NULL', [clientRef]);
      expect(left[0]!.n).toBe(0);

      await ayumi.caughtUp();
      expect(await progress()).toEqual(before);
      expect((await ayumi.caseService().post(`/cases/${caseId}/consultations`).send(consultation('2013-12-01T10:00:00+09:00', 'another note')).expect(409)).body)
        .toMatchObject({ code: 'PERSONAL_DATA.ERASED', errors: [expect.objectContaining({ field: 'note' })] });
      expect((await ayumi.caseService().post('/cases').send({ ...intake, clientRef, personalData: { name: 'Yamada Taro' } }).expect(409)).body)
        .toMatchObject({ code: 'PERSONAL_DATA.ERASED', errors: [expect.objectContaining({ field: 'personalData' })] });
      await ayumi.caseService().post(`/cases/${caseId}/consultations`).send(consultation('2013-12-01T10:00:00+09:00')).expect(201);
      const { body: audit } = await ayumi.caseService().get(`/audit?clientRef=${clientRef}`).expect(200);
      expect(audit.entries).toContainEqual(expect.objectContaining({ action: 'personal-data.erased', userId: 'supervisor-01', clientRef, subject: '3 records' }));
    });
  });

  it('given any response, then it carries helmet\'s headers, and a body over the limit is a 413 problem', async () => {
    const health = await ayumi.anonymousCaseService().get('/health').expect(200);
    expect(health.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'SAMEORIGIN' });
    expect(health.headers['x-powered-by']).toBeUndefined();
    expect(health.headers['content-security-policy']).toContain("default-src 'self'");
    expect(health.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    const { body } = await ayumi.caseService().post('/cases').set('Content-Type', 'application/json').send(`{"clientRef":"${'x'.repeat(1_100_000)}"}`).expect(413);
    expect(body).toMatchObject({ status: 413, code: 'REQUEST.TOO_LARGE' });
  });
});
