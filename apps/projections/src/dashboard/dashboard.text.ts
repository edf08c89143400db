import type { Label, MonthKey } from '@ayumi/domain';
import { japaneseFiscalYearName } from '@ayumi/domain';
import type { SafeHtml } from './html';
import { html } from './html';

export const LANGUAGES = ['ja', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Elements a label can be: `span` in HTML; `tspan` and `title` inside SVG. */
export type LabelElement = 'span' | 'tspan' | 'title';

/**
 * A label in the page's current language that carries both texts, so the language switch needs
 * no request: the page swaps the text of every `[data-label]` element for its `data-<lang>`.
 */
export function label(text: Label, language: Language, element: LabelElement = 'span'): SafeHtml {
  return html`<${element} data-label data-ja="${text.ja}" data-en="${text.en}">${text[language]}</${element}>`;
}

const wholeNumbers = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** Counts and rates as one reads them from across a room: no decimals once they would be noise. */
export function formatNumber(value: number): string {
  return (Math.abs(value) < 100 ? oneDecimal : wholeNumbers).format(value);
}

export function formatPercent(rate: number): string {
  return `${wholeNumbers.format(rate * 100)}%`;
}

const ENGLISH_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

export function monthName(month: MonthKey): Label {
  const number = Number(month.slice(5, 7));
  return { ja: `${number}月`, en: ENGLISH_MONTHS[number - 1]! };
}

/** A calendar date `YYYY-MM-DD` as people write it: 2014年3月31日 / 31 Mar 2014. */
export function longDate(date: string): Label {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return { ja: `${year}年${month}月${day}日`, en: `${day} ${ENGLISH_MONTHS[month - 1]} ${year}` };
}

/** FY2013 with its Japanese name, 平成25年度, in both languages. */
export function fiscalYearName(fiscalYear: number): Label {
  const japanese = japaneseFiscalYearName(fiscalYear);
  return { ja: `${japanese}（${fiscalYear}年度）`, en: `FY${fiscalYear} · ${japanese}` };
}

/** Text that reads the same in both languages, such as a number. */
export const plain = (text: string): Label => ({ ja: text, en: text });

/** Parts written together: 「人」+「/月」, "visits" + "/month". */
export const concat = (...parts: readonly Label[]): Label => ({ ja: parts.map((p) => p.ja).join(''), en: parts.map((p) => p.en).join('') });

/** A lead word and what follows it: 「目標 960」 / "goal 960". */
export const lead = (word: Label, rest: Label): Label => ({ ja: `${word.ja} ${rest.ja}`, en: `${word.en} ${rest.en}` });

/** Number-with-unit labels such as 「1,200人」 / "1,200 visits". */
export function quantity(value: number, unit: Label): Label {
  const number = formatNumber(value);
  return { ja: `${number}${unit.ja}`, en: unit.en === '' ? number : `${number} ${unit.en}` };
}
