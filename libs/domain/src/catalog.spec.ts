import type { AyumiEvent, ProgramId } from '@ayumi/events';
import { PROGRAM_IDS } from '@ayumi/events';
import type { MetricDefinition } from './catalog';
import { findMetric, isProgramId, METRIC_CATALOG, PROGRAMS, requireMetric, requireProgram } from './catalog';
import { domainErrorOf } from './testing/given-when-then';

/** The counting rules of DESIGN.md §3, one row per counter. */
const DESIGN_TABLE: ReadonlyArray<{
  program: ProgramId;
  metric: string;
  period: MetricDefinition['period'];
  counts: readonly string[];
  uncountedBy: readonly string[];
}> = [
  { program: 'employment-support', metric: 'visits', period: 'month', counts: ['ConsultationHeld', 'JobReferralIssued'], uncountedBy: ['ServiceRecordVoided'] },
  { program: 'employment-support', metric: 'placements', period: 'fiscal-year', counts: ['PlacementRecorded'], uncountedBy: ['PlacementRetracted'] },
  { program: 'welfare-to-work', metric: 'visits', period: 'month', counts: ['ConsultationHeld', 'JobReferralIssued'], uncountedBy: ['ServiceRecordVoided'] },
  { program: 'piecework', metric: 'services', period: 'fiscal-year', counts: ['ConsultationHeld', 'PlacementRecorded'], uncountedBy: ['ServiceRecordVoided', 'PlacementRetracted'] },
  { program: 'employer-support', metric: 'companies', period: 'fiscal-year', counts: ['HiringOutlookCollected'], uncountedBy: [] },
];

/** One event of each type a counter looks at, from the seed's story, to check the id fields the catalog names. */
const SAMPLE_EVENTS: readonly AyumiEvent[] = [
  { type: 'ConsultationHeld', data: { caseId: 'case-c0042', occurredAt: '2013-05-08T10:30:00+09:00', consultationId: 'cons-0508', program: 'welfare-to-work', channel: 'in-person', kind: 'job-consultation', navigatorId: 'nav-07' } },
  { type: 'JobReferralIssued', data: { caseId: 'case-c0042', occurredAt: '2013-09-11T15:00:00+09:00', referralId: 'ref-0911', program: 'welfare-to-work', employerId: 'emp-0311', jobOrderId: 'jo-0311-0902', jobTitle: 'Daily cleaning of apartment buildings', employmentType: 'part-time' } },
  { type: 'PlacementRecorded', data: { caseId: 'case-c0042', occurredAt: '2013-09-24T16:00:00+09:00', placementId: 'pl-0924', program: 'welfare-to-work', employerId: 'emp-0311', jobTitle: 'Daily cleaning of apartment buildings', employmentType: 'part-time', startDate: '2013-10-01', referralId: 'ref-0911', confirmedBy: 'employer-report' } },
  { type: 'PlacementRetracted', data: { caseId: 'case-c0042', occurredAt: '2013-09-30T10:00:00+09:00', placementId: 'pl-0924', program: 'welfare-to-work', reason: 'Offer withdrawn' } },
  { type: 'ServiceRecordVoided', data: { caseId: 'case-c0042', occurredAt: '2013-05-09T10:00:00+09:00', recordId: 'cons-0508', recordType: 'ConsultationHeld', program: 'welfare-to-work', reason: 'Entered twice' } },
  { type: 'HiringOutlookCollected', data: { employerId: 'emp-0311', occurredAt: '2013-04-15T14:30:00+09:00', outlookId: 'out-0415', program: 'employer-support', expectedHires: 3 } },
];

const typesOf = (events: MetricDefinition['counts']): string[] => events.map((e) => e.type);

describe('metric catalog', () => {
  it.each(DESIGN_TABLE)('given the design table, when $program/$metric is looked up, then it counts $counts per $period', (row) => {
    const definition = findMetric(row.program, row.metric);
    expect(definition).toBeDefined();
    expect({
      period: definition?.period,
      counts: typesOf(definition?.counts ?? []),
      uncountedBy: typesOf(definition?.uncountedBy ?? []),
    }).toStrictEqual({ period: row.period, counts: row.counts, uncountedBy: row.uncountedBy });
  });

  it('given the catalog, when listed, then it holds exactly the counters of the design table, each once', () => {
    const keys = METRIC_CATALOG.map((m) => `${m.program}/${m.metric}`);
    expect(keys).toStrictEqual(DESIGN_TABLE.map((r) => `${r.program}/${r.metric}`));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('given any counter, when its rules are read, then it counts every event (延べ) attributed by occurredAt', () => {
    for (const definition of METRIC_CATALOG) {
      expect({ unit: definition.unit, attribution: definition.attribution }).toStrictEqual({ unit: 'events', attribution: 'occurredAt' });
    }
  });

  it('given the piecework services counter, when its breakdown is read, then placements are reported beside the total', () => {
    expect(findMetric('piecework', 'services')?.breakdown).toStrictEqual({ placements: ['PlacementRecorded'] });
  });

  it('given any counter, when its counted and un-counting events are read, then each names a data field its events carry', () => {
    for (const counted of METRIC_CATALOG.flatMap((m) => [...m.counts, ...m.uncountedBy])) {
      const sample = SAMPLE_EVENTS.find((e) => e.type === counted.type);
      expect(sample?.data).toHaveProperty(counted.recordIdField);
    }
  });

  it('given any counter, when its labels are read, then it has a Japanese and an English label', () => {
    for (const { label } of METRIC_CATALOG) {
      expect(label.ja.length).toBeGreaterThan(0);
      expect(label.en.length).toBeGreaterThan(0);
    }
  });

  it('given the programs, when labelled, then every program id has a Japanese and an English name', () => {
    expect(Object.keys(PROGRAMS).sort()).toStrictEqual([...PROGRAM_IDS].sort());
    expect(PROGRAMS['welfare-to-work']).toStrictEqual({ ja: '生活保護受給者等に対する就業支援事業', en: 'Employment support for welfare recipients' });
  });

  describe('programs', () => {
    it.each([...PROGRAM_IDS])('given the program id %s, when checked, then it is a program', (program) => {
      expect(isProgramId(program)).toBe(true);
      expect(requireProgram(program)).toBe(program);
    });

    it.each(['job-club', 'Welfare-To-Work', ''])('given "%s", when checked, then it is not a program', (value) => {
      expect(isProgramId(value)).toBe(false);
    });

    it('given an unknown program, when required, then CATALOG.UNKNOWN_PROGRAM on program, listing the known ones', () => {
      const error = domainErrorOf(() => requireProgram('job-club'));
      expect({ code: error.code, kind: error.kind, field: error.field })
        .toStrictEqual({ code: 'CATALOG.UNKNOWN_PROGRAM', kind: 'invalid', field: 'program' });
      expect(error.message).toContain('employment-support, welfare-to-work, piecework, employer-support');
    });

    it('given an unknown program at a request path, when required, then the error names that path', () => {
      expect(domainErrorOf(() => requireProgram('job-club', 'programs[1]')).field).toBe('programs[1]');
    });
  });

  describe('metrics', () => {
    it('given employment support, when its placements metric is required, then the definition is returned', () => {
      expect(requireMetric('employment-support', 'placements')).toBe(findMetric('employment-support', 'placements'));
    });

    it('given welfare-to-work, when a placements metric is looked up, then there is none', () => {
      expect(findMetric('welfare-to-work', 'placements')).toBeUndefined();
    });

    it('given welfare-to-work, when a placements metric is required, then CATALOG.UNKNOWN_METRIC on metric, listing its metrics', () => {
      const error = domainErrorOf(() => requireMetric('welfare-to-work', 'placements'));
      expect({ code: error.code, kind: error.kind, field: error.field })
        .toStrictEqual({ code: 'CATALOG.UNKNOWN_METRIC', kind: 'invalid', field: 'metric' });
      expect(error.message).toContain('known: visits');
    });

    it('given employment support, when an unknown metric is required at a request path, then the error names that path and both metrics', () => {
      const error = domainErrorOf(() => requireMetric('employment-support', 'companies', 'targets[3].metric'));
      expect({ code: error.code, field: error.field }).toStrictEqual({ code: 'CATALOG.UNKNOWN_METRIC', field: 'targets[3].metric' });
      expect(error.message).toContain('known: visits, placements');
    });
  });
});
