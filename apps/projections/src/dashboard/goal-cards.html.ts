import type { Label } from '@ayumi/domain';
import { LABELS } from './dashboard.labels';
import type { Language } from './dashboard.text';
import { concat, formatNumber, formatPercent, label, lead, longDate, monthName, plain, quantity } from './dashboard.text';
import type { DashboardView, GoalCard } from './dashboard.view';
import type { GoalStatus } from './goal-status';
import type { SafeHtml } from './html';
import { html } from './html';
import { monthChart } from './month-chart.svg';

const STATUS_LABELS: Readonly<Record<GoalStatus, Label>> = {
  achieved: LABELS.achieved, 'on-track': LABELS.onTrack, 'off-track': LABELS.offTrack, 'no-target': LABELS.noTarget,
};

const STATUS_ICONS: Readonly<Record<GoalStatus, string>> = { achieved: '★', 'on-track': '▲', 'off-track': '▼', 'no-target': '–' };

const perMonth = (card: GoalCard): Label => concat(card.unit, LABELS.perMonth);

/**
 * A bar of `value` against `goal`, with a tick where it should be by now (`pace`, if before the end).
 * It is coloured by its own comparison, with the pace when there is one, so a good month shows as good.
 */
function progressBar(caption: SafeHtml, value: number, goal: number | null, pace: number | null): SafeHtml {
  const share = (n: number) => (goal === null || goal <= 0 ? 0 : Math.min(100, (n / goal) * 100));
  const state = goal === null ? 'none' : value >= (pace ?? goal) ? 'met' : 'short';
  return html`<div class="bar" data-state="${state}">
    <p class="bar-caption">${caption}</p>
    <svg class="bar-track" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
      <rect class="track" width="100" height="10"/>
      <rect class="fill" width="${share(value).toFixed(1)}" height="10"/>
      ${pace === null || goal === null || pace >= goal ? null : html`<rect class="pace" x="${Math.max(0, share(pace) - 0.5).toFixed(1)}" width="1" height="10"/>`}
    </svg>
  </div>`;
}

/** One figure: a short value (a number or a sign), with what it means in a small note below. */
function figure(name: Label, value: string, note: Label | null, language: Language): SafeHtml {
  return html`<div class="figure"><dt>${label(name, language)}</dt><dd>${value}${note === null ? null : html`<small>${label(note, language)}</small>`}</dd></div>`;
}

/** The monthly goal itself, or for an annual goal what each remaining month must bring. */
function paceFigure(card: GoalCard, language: Language): SafeHtml {
  const { progress } = card;
  if (progress.period === 'month') return figure(LABELS.monthlyGoal, card.monthlyTarget === null ? '—' : formatNumber(card.monthlyTarget), perMonth(card), language);
  const needed = progress.requiredPerRemainingMonth;
  if (progress.target === null) return figure(LABELS.stillNeeded, '—', LABELS.noTarget, language);
  if (needed !== null && needed > 0) return figure(LABELS.stillNeeded, formatNumber(needed), perMonth(card), language);
  return figure(LABELS.stillNeeded, needed === null && progress.total < progress.target ? '—' : '✓',
    progress.total >= progress.target ? LABELS.goalReached : LABELS.noMonthLeft, language);
}

function goalCard(card: GoalCard, language: Language): SafeHtml {
  const { progress, unit } = card;
  const id = `goal-${card.program}-${card.metric}`;
  const months: Label = { ja: `${progress.monthsElapsed}か月`, en: `${progress.monthsElapsed} ${progress.monthsElapsed === 1 ? 'month' : 'months'}` };
  const month = monthName(card.thisMonth.month);
  const thisMonth: Label = { ja: `${LABELS.thisMonth.ja}（${month.ja}）`, en: `${LABELS.thisMonth.en} (${month.en})` };
  const monthGoal = card.monthlyTarget === null ? LABELS.noTarget
    : lead(progress.period === 'month' ? LABELS.monthlyGoal : LABELS.evenPace, quantity(card.monthlyTarget, unit));
  return html`<article class="card" data-status="${card.status}" data-goal="${card.program}/${card.metric}" aria-labelledby="${id}">
    <header class="card-head">
      <div class="names">
        <p class="program">${label(card.programName, language)}</p>
        <h2 id="${id}">${label(card.metricName, language)}</h2>
      </div>
      <p class="status"><span class="icon" aria-hidden="true">${STATUS_ICONS[card.status]}</span>${label(STATUS_LABELS[card.status], language)}</p>
    </header>
    <div class="headline">
      <div class="this-month">
        <p class="caption">${label(thisMonth, language)}</p>
        <p class="count" data-counter="${card.program}/${card.metric}" data-value="${card.thisMonth.count}"><span class="number">${formatNumber(card.thisMonth.count)}</span> <span class="unit">${label(unit, language)}</span></p>
      </div>
      <div class="bars">
        ${progressBar(label(monthGoal, language), card.thisMonth.count, card.monthlyTarget, null)}
        ${progressBar(html`${label(LABELS.yearToDate, language)} <strong>${formatNumber(progress.total)}</strong> / ${card.annualGoal === null ? '—' : formatNumber(card.annualGoal)}`,
          progress.total, card.annualGoal, card.expectedByNow)}
      </div>
    </div>
    <dl class="figures">
      ${figure(LABELS.monthlyAverage, progress.monthlyAverage === null ? '—' : formatNumber(progress.monthlyAverage), months, language)}
      ${figure(LABELS.achievementRate, progress.achievementRate === null ? '—' : formatPercent(progress.achievementRate), null, language)}
      ${figure(LABELS.forecast, progress.forecast === null ? '—' : formatNumber(progress.forecast),
        card.annualGoal === null ? null : lead(LABELS.goal, plain(formatNumber(card.annualGoal))), language)}
      ${paceFigure(card, language)}
      ${figure(LABELS.previousYear, formatNumber(progress.previousYear.total),
        progress.period === 'month' ? concat(plain(formatNumber(progress.previousYear.monthlyAverage)), LABELS.perMonth) : unit,
        language)}
    </dl>
    ${monthChart(card, language)}
  </article>`;
}

function summary(view: DashboardView, language: Language): SafeHtml {
  const withTarget = view.cards.filter((c) => c.status !== 'no-target');
  const onTrack = withTarget.filter((c) => c.status === 'achieved' || c.status === 'on-track').length;
  const sentence: Label = { ja: `${withTarget.length}件中${onTrack}件が達成ペース`, en: `${onTrack} of ${withTarget.length} goals on track` };
  const asOf: Label = { ja: `${longDate(view.asOf).ja}現在`, en: `as of ${longDate(view.asOf).en}` };
  const goals = view.cards.map((card) => html`<li data-status="${card.status}">
      <span class="icon" aria-hidden="true">${STATUS_ICONS[card.status]}</span>
      <span class="goal-name">${label({ ja: `${card.programName.ja}・${card.metricName.ja}`, en: `${card.programName.en} · ${card.metricName.en}` }, language)}</span>
      <span class="rate">${card.progress.achievementRate === null ? '—' : formatPercent(card.progress.achievementRate)}</span>
    </li>`);
  return html`<aside class="card summary" aria-labelledby="summary-title">
    <h2 id="summary-title">${label(LABELS.summaryTitle, language)}</h2>
    <div class="score-line">
      <p class="score"><span class="number">${onTrack}</span><span class="of">/${withTarget.length}</span></p>
      <div>
        <p class="sentence">${label(sentence, language)}</p>
        <p class="as-of">${label(asOf, language)}</p>
      </div>
    </div>
    <ul class="goals">${goals}</ul>
    <h3 id="legend-title">${label(LABELS.legend, language)}</h3>
    <ul class="legend" aria-labelledby="legend-title">
      <li><span class="swatch this-year" aria-hidden="true"></span>${label(LABELS.chartThisYear, language)}</li>
      <li><span class="swatch last-year" aria-hidden="true"></span>${label(LABELS.chartPreviousYear, language)}</li>
      <li><span class="swatch target" aria-hidden="true"></span>${label(LABELS.chartTarget, language)}</li>
      <li><span class="swatch pace" aria-hidden="true"></span>${label(LABELS.paceMarker, language)}</li>
    </ul>
  </aside>`;
}

/** The cards of a fiscal year as of a date: the part of the page that live updates replace. */
export function goalCards(view: DashboardView, language: Language): SafeHtml {
  return html`<div class="grid" data-fiscal-year="${view.fiscalYear}" data-as-of="${view.asOf}">
    ${view.cards.map((card) => goalCard(card, language))}
    ${summary(view, language)}
  </div>`;
}
