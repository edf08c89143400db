import { LABELS } from './dashboard.labels';
import type { Language } from './dashboard.text';
import { fiscalYearName, label } from './dashboard.text';
import type { DashboardView } from './dashboard.view';
import { goalCards } from './goal-cards.html';
import type { SafeHtml } from './html';
import { html } from './html';

export const DASHBOARD_PATH = '/dashboard';
export const STYLESHEET_PATH = `${DASHBOARD_PATH}/dashboard.css`;
export const SCRIPT_PATH = `${DASHBOARD_PATH}/dashboard.js`;

export type DashboardPage = Readonly<{ view: DashboardView; language: Language; fiscalYears: readonly number[]; asOfChosen: boolean }>;

const LANGUAGE_NAMES: Readonly<Record<Language, string>> = { ja: '日本語', en: 'English' };

/**
 * The whole page, already filled in, so a wall screen shows figures at once; the script then keeps
 * it live. Each language button is written in its own language, as language pickers are.
 */
export function dashboardPage({ view, language, fiscalYears, asOfChosen }: DashboardPage): SafeHtml {
  const options = fiscalYears.map((year) => {
    const name = fiscalYearName(year);
    return html`<option value="${year}" data-label data-ja="${name.ja}" data-en="${name.en}"${year === view.fiscalYear ? html` selected` : null}>${name[language]}</option>`;
  });
  const languages = (Object.keys(LANGUAGE_NAMES) as Language[]).map((lang) =>
    html`<button type="button" lang="${lang}" data-language="${lang}" aria-pressed="${String(lang === language)}">${LANGUAGE_NAMES[lang]}</button>`);
  return html`<!doctype html>
<html lang="${language}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Ayumi — ${LABELS.pageTitle.ja} / ${LABELS.pageTitle.en}</title>
  <link rel="stylesheet" href="${STYLESHEET_PATH}">
  <script src="${SCRIPT_PATH}" defer></script>
</head>
<body>
  <header class="top">
    <div class="brand">
      <p class="product" lang="ja">歩み <span lang="en">Ayumi</span></p>
      <h1>${label(LABELS.pageTitle, language)}</h1>
    </div>
    <div class="controls">
      <div class="control">
        <label for="fiscal-year">${label(LABELS.fiscalYear, language)}</label>
        <select id="fiscal-year" name="fiscalYear">${options}</select>
      </div>
      <div class="control">
        <label for="as-of">${label(LABELS.asOf, language)}</label>
        <input id="as-of" name="asOf" type="date" value="${view.asOf}" min="${view.fiscalYear}-04-01" max="${view.fiscalYear + 1}-03-31"
          data-chosen="${String(asOfChosen)}">
      </div>
      <div class="control">
        <span id="language-label">${label(LABELS.language, language)}</span>
        <div class="languages" role="group" aria-labelledby="language-label">${languages}</div>
      </div>
    </div>
    <div class="connection" id="connection" data-state="connecting" role="status">
      <span class="dot" aria-hidden="true"></span>
      <span class="state connecting">${label(LABELS.connecting, language)}</span>
      <span class="state live">${label(LABELS.live, language)}</span>
      <span class="state disconnected">${label(LABELS.disconnected, language)}</span>
      <span class="updated">${label(LABELS.updatedAt, language)} <time id="updated-at"></time></span>
    </div>
  </header>
  <main id="cards">${goalCards(view, language)}</main>
  <div id="announcer" class="visually-hidden" aria-live="polite"></div>
</body>
</html>
`;
}
