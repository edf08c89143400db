import type { Label } from '@ayumi/domain';
import type { GoalCard } from './dashboard.view';
import type { Language } from './dashboard.text';
import { formatNumber, label, monthName, quantity } from './dashboard.text';
import type { SafeHtml } from './html';
import { html } from './html';

/** Drawing units; the target's figure sits in the gutter right of the plot. */
export const CHART = { width: 480, height: 160, top: 10, bottom: 24, side: 4, gutter: 34 } as const;

export type ChartGeometry = Readonly<{
  slot: number;
  /** The y coordinate of a value; the top of the scale is a little above the largest figure. */
  y: (value: number) => number;
  baseline: number;
}>;

/** Twelve slots across, one scale for this year, last year and the target, so all three compare. */
export function chartGeometry(card: Pick<GoalCard, 'months' | 'monthlyTarget'>): ChartGeometry {
  const largest = Math.max(1, card.monthlyTarget ?? 0, ...card.months.flatMap((m) => [m.count ?? 0, m.previousYear]));
  const baseline = CHART.height - CHART.bottom;
  const plotHeight = baseline - CHART.top;
  return {
    slot: (CHART.width - CHART.side - CHART.gutter) / 12,
    y: (value) => baseline - (Math.max(0, value) / (largest * 1.08)) * plotHeight,
    baseline,
  };
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Bars per month (this year), faint wider bars behind them (last year) and the monthly target as a line. */
export function monthChart(card: GoalCard, language: Language): SafeHtml {
  const { slot, y, baseline } = chartGeometry(card);
  const description: Label = {
    ja: `${card.metricName.ja}の月別推移（棒：今年度、薄い棒：前年度、破線：月間目標）`,
    en: `${card.metricName.en} by month (bars: this year, faint bars: last year, dashed line: monthly target)`,
  };
  const months = card.months.map((m, i) => {
    const x = CHART.side + i * slot;
    const tooltip: Label = {
      ja: `${monthName(m.month).ja}：${m.count === null ? '—' : quantity(m.count, card.unit).ja}（前年度 ${quantity(m.previousYear, card.unit).ja}）`,
      en: `${monthName(m.month).en}: ${m.count === null ? '—' : quantity(m.count, card.unit).en} (last year ${quantity(m.previousYear, card.unit).en})`,
    };
    const current = m.month === card.thisMonth.month;
    const against = !current || card.monthlyTarget === null ? '' : (m.count ?? 0) >= card.monthlyTarget ? ' met' : ' short';
    return html`<g class="month${current ? ' current' : ''}${against}">${label(tooltip, language, 'title')}
      <rect class="last-year" x="${round(x + slot * 0.1)}" y="${round(y(m.previousYear))}" width="${round(slot * 0.8)}" height="${round(baseline - y(m.previousYear))}" rx="3"/>
      ${m.count === null ? null : html`<rect class="this-year" x="${round(x + slot * 0.26)}" y="${round(y(m.count))}" width="${round(slot * 0.48)}" height="${round(baseline - y(m.count))}" rx="3"/>`}
      <text class="axis" x="${round(x + slot / 2)}" y="${CHART.height - 6}" text-anchor="middle">${label(monthName(m.month), language, 'tspan')}</text>
    </g>`;
  });
  const right = CHART.width - CHART.gutter;
  const target = card.monthlyTarget === null ? null : html`<g class="target">
      <line x1="${CHART.side}" x2="${right}" y1="${round(y(card.monthlyTarget))}" y2="${round(y(card.monthlyTarget))}"/>
      <text x="${right + 4}" y="${round(y(card.monthlyTarget) + 4.5)}">${formatNumber(card.monthlyTarget)}</text>
    </g>`;
  return html`<svg class="chart" viewBox="0 0 ${CHART.width} ${CHART.height}" role="img">
    ${label(description, language, 'title')}
    <line class="baseline" x1="${CHART.side}" x2="${CHART.width - CHART.gutter}" y1="${baseline}" y2="${baseline}"/>
    ${months}${target}
  </svg>`;
}
