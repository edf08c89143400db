import { goalProgress, METRIC_CATALOG } from '@ayumi/domain';
import type { MetricProgress, ProgressReport } from '../progress/goal-progress.query';
import { dashboardView } from './dashboard.view';
import { goalCards } from './goal-cards.html';

/** Every metric of the catalog with the given target and counts, as GET /progress reports them. */
function report(fiscalYear: number, asOf: string, target: number | null, countsByMonth: Record<string, number>): ProgressReport {
  const programs: Record<string, Record<string, MetricProgress>> = {};
  for (const d of METRIC_CATALOG) {
    const progress = goalProgress({ fiscalYear, asOfMonth: asOf.slice(0, 7), period: d.period, target, countsByMonth, previousYearCountsByMonth: {} });
    (programs[d.program] ??= {})[d.metric] = { ...progress, label: d.label, breakdown: {} };
  }
  return { fiscalYear, asOf, knownAt: null, programs };
}

const render = (current: ProgressReport, language: 'ja' | 'en' = 'en') =>
  goalCards(dashboardView(current, report(current.fiscalYear - 1, `${current.fiscalYear}-03-31`, null, {})), language).toString();

describe('the goal cards', () => {
  it('given a year without a plan or records, then every figure reads as a dash or zero, never NaN or Infinity', () => {
    const markup = render(report(2026, '2026-04-01', null, {}));

    expect(markup).not.toMatch(/NaN|Infinity|undefined|null/);
    expect(markup.match(/data-status="no-target"/g)).toHaveLength(METRIC_CATALOG.length * 2);
    expect(markup).toContain('0 of 0 goals on track');
  });

  it('given an annual goal half-way behind, then the card shows what each remaining month must bring', () => {
    const markup = render(report(2013, '2013-09-30', 120, { '2013-04': 10, '2013-09': 20 }));
    const placements = markup.slice(markup.indexOf('data-goal="employment-support/placements"'));

    // (120 − 30) / 6 remaining months
    expect(placements).toMatch(/data-en="Needed">Needed<\/span><\/dt><dd>15<small>/);
    expect(placements).toContain('data-counter="employment-support/placements" data-value="20"');
  });

  it('renders each label in the chosen language with both texts for the switch', () => {
    const markup = render(report(2013, '2013-09-30', 120, {}), 'ja');

    expect(markup).toContain('<span data-label data-ja="今月（9月）" data-en="This month (Sep)">今月（9月）</span>');
    expect(markup).toContain('data-ja="2013年9月30日現在" data-en="as of 30 Sep 2013"');
  });
});
