import { DASHBOARD_PATH } from './dashboard.page';

/**
 * The page's script, served as is (no build step, no packages): it switches the language, follows
 * /progress/stream and, when a counter changes, fetches the cards again for the chosen year and date
 * (stream messages are as of today; the page may show another date). All figures and text come
 * from the server, so the script holds no business rule.
 */
export const DASHBOARD_SCRIPT = String.raw`'use strict';
(() => {
  const year = document.getElementById('fiscal-year');
  const asOf = document.getElementById('as-of');
  const cards = document.getElementById('cards');
  const connection = document.getElementById('connection');
  const announcer = document.getElementById('announcer');
  const updatedAt = document.getElementById('updated-at');
  let language = document.documentElement.lang;
  let stream = null;
  let loading = null;
  let loadAgain = false;

  function query() {
    const params = new URLSearchParams({ fiscalYear: year.value, lang: language });
    if (asOf.dataset.chosen === 'true') params.set('asOf', asOf.value);
    return params;
  }

  function remember() {
    history.replaceState(null, '', '${DASHBOARD_PATH}?' + query());
  }

  function setLanguage(next) {
    language = next;
    document.documentElement.lang = next;
    for (const element of document.querySelectorAll('[data-label]')) element.textContent = element.dataset[next];
    for (const button of document.querySelectorAll('[data-language]')) button.setAttribute('aria-pressed', String(button.dataset.language === next));
    showTime();
    remember();
  }

  function showTime() {
    updatedAt.textContent = new Date().toLocaleTimeString(language === 'ja' ? 'ja-JP' : 'en-GB');
  }

  function counters() {
    return new Map([...cards.querySelectorAll('[data-counter]')].map((counter) => [counter.dataset.counter, counter.dataset.value]));
  }

  /** Says which counters changed (aria-live) and lets their cards flash once. */
  function announceChanges(before) {
    const changed = [...cards.querySelectorAll('[data-counter]')]
      .filter((counter) => before.has(counter.dataset.counter) && before.get(counter.dataset.counter) !== counter.dataset.value);
    for (const counter of changed) counter.closest('.card').classList.add('changed');
    if (changed.length > 0) {
      announcer.textContent = changed.map((counter) => {
        const card = counter.closest('.card');
        return card.querySelector('.program').textContent + ', ' + card.querySelector('h2').textContent + ': ' + counter.textContent;
      }).join('; ');
    }
  }

  async function loadCards() {
    const response = await fetch('${DASHBOARD_PATH}/cards?' + query());
    if (!response.ok) throw new Error('The dashboard could not load the figures (' + response.status + ')');
    const before = counters();
    cards.innerHTML = await response.text();
    announceChanges(before);
    if (asOf.dataset.chosen !== 'true') asOf.value = cards.firstElementChild.dataset.asOf;
    showTime();
  }

  /** One request at a time; changes arriving meanwhile cause exactly one more. Failed: the cards dim. */
  function refresh() {
    if (loading) {
      loadAgain = true;
      return;
    }
    loading = (async () => {
      do {
        loadAgain = false;
        await loadCards();
      } while (loadAgain);
    })().then(() => {
      delete cards.dataset.stale;
    }, () => {
      cards.dataset.stale = 'true';
    }).finally(() => {
      loading = null;
    });
  }

  function setConnection(state) {
    connection.dataset.state = state;
  }

  /** EventSource retries by itself after a dropped connection; after a refused one it gives up, so start over. */
  function connect() {
    if (stream) stream.close();
    setConnection('connecting');
    stream = new EventSource('/progress/stream?fiscalYear=' + encodeURIComponent(year.value));
    stream.addEventListener('open', () => {
      setConnection('live');
      refresh();
    });
    stream.addEventListener('progress', refresh);
    stream.addEventListener('error', () => {
      setConnection('disconnected');
      if (stream.readyState === EventSource.CLOSED) setTimeout(connect, 3000);
    });
  }

  year.addEventListener('change', () => {
    asOf.dataset.chosen = 'false';
    asOf.min = year.value + '-04-01';
    asOf.max = (Number(year.value) + 1) + '-03-31';
    remember();
    refresh();
    connect();
  });
  asOf.addEventListener('change', () => {
    asOf.dataset.chosen = String(asOf.value !== '');
    remember();
    refresh();
  });
  for (const button of document.querySelectorAll('[data-language]')) {
    button.addEventListener('click', () => setLanguage(button.dataset.language));
  }

  remember(); // also takes an ?access_token= out of the address bar: the cookie holds it now
  showTime();
  connect();
})();
`;
