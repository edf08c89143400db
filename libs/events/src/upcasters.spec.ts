import { consultationHeldV1ToV2, currentSchemaVersion, upcast } from './upcasters';

describe('upcasters', () => {
  it('given a v1 ConsultationHeld, when read, then channel is renamed and kind defaults to job consultation', () => {
    const v1 = {
      type: 'ConsultationHeld',
      schemaVersion: 1,
      data: { caseId: 'c1', consultationId: 'k1', program: 'employment-support', channel: 'face-to-face', navigatorId: 'nav-07', occurredAt: '2012-06-01T10:00:00+09:00' },
    };

    expect(upcast(v1)).toEqual({
      type: 'ConsultationHeld',
      data: { ...v1.data, channel: 'in-person', kind: 'job-consultation' },
    });
  });

  it('given a v1 telephone consultation, then its channel becomes phone', () => {
    expect(consultationHeldV1ToV2.upcast({ channel: 'telephone' })).toEqual({ channel: 'phone', kind: 'job-consultation' });
  });

  it('given a current-version event, when read, then it is unchanged', () => {
    const v2 = { type: 'ConsultationHeld', schemaVersion: 2, data: { channel: 'online', kind: 'piecework' } };
    expect(upcast(v2)).toEqual({ type: 'ConsultationHeld', data: v2.data });
  });

  it('knows the version new events are written with', () => {
    expect(currentSchemaVersion('ConsultationHeld')).toBe(2);
    expect(currentSchemaVersion('CaseOpened')).toBe(1);
  });
});
