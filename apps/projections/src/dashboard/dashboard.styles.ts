/**
 * The page's stylesheet. Made for a wall screen first: dark, high-contrast, large type that scales
 * with the screen width, status in words and symbols as well as colour.
 */
export const DASHBOARD_CSS = String.raw`
:root {
  --bg: #0b1626;
  --panel: #13233a;
  --panel-edge: #223a5c;
  --text: #f3f6fb;
  --muted: #a9b8cd;
  --faint: #34507a;
  --good: #3ddc97;
  --bad: #ff7a6b;
  --neutral: #8fa3bf;
  --target: #ffd166;
  --focus: #ffbf47;
  color-scheme: dark;
  font-size: clamp(14px, 1.05vw, 26px);
}
* { box-sizing: border-box; }
html, body { margin: 0; background: var(--bg); color: var(--text); }
body {
  font-family: "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic UI", "Meiryo", system-ui, sans-serif;
  line-height: 1.35;
  min-height: 100vh;
  display: flex;
  flex-direction: column;
}
:focus-visible { outline: 0.22rem solid var(--focus); outline-offset: 0.15rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }

.top {
  display: flex;
  align-items: center;
  gap: 2rem;
  padding: 0.9rem 1.6rem;
  background: linear-gradient(90deg, #10233d, #0b1626);
  border-bottom: 1px solid var(--panel-edge);
}
.brand { margin-right: auto; }
.product { margin: 0; color: var(--muted); font-size: 0.85rem; letter-spacing: 0.08em; }
.product span { margin-left: 0.4em; }
h1 { margin: 0; font-size: 1.9rem; font-weight: 700; letter-spacing: 0.02em; }
.controls { display: flex; gap: 1.2rem; align-items: flex-end; }
.control { display: flex; flex-direction: column; gap: 0.2rem; }
.control > label, .control > span { color: var(--muted); font-size: 0.8rem; }
select, input[type="date"], .languages button {
  font: inherit;
  font-size: 1.05rem;
  color: var(--text);
  background: var(--panel);
  border: 1px solid var(--panel-edge);
  border-radius: 0.45rem;
  padding: 0.35rem 0.6rem;
  min-height: 2.5rem;
}
input[type="date"]::-webkit-calendar-picker-indicator { filter: invert(1); }
.languages { display: flex; }
.languages button { cursor: pointer; border-radius: 0; }
.languages button:first-child { border-radius: 0.45rem 0 0 0.45rem; }
.languages button:last-child { border-radius: 0 0.45rem 0.45rem 0; border-left: none; }
.languages button[aria-pressed="true"] { background: #2b4c7a; font-weight: 700; }

.connection { display: grid; grid-template-columns: auto auto; align-items: center; column-gap: 0.5rem; min-width: 13rem; }
.connection .dot { width: 0.85rem; height: 0.85rem; border-radius: 50%; background: var(--neutral); }
.connection .state { display: none; font-weight: 700; }
.connection .updated { grid-column: 2; color: var(--muted); font-size: 0.8rem; }
.connection[data-state="connecting"] .connecting,
.connection[data-state="live"] .live,
.connection[data-state="disconnected"] .disconnected { display: inline; }
.connection[data-state="live"] .dot { background: var(--good); box-shadow: 0 0 0 0.25rem rgba(61, 220, 151, 0.2); animation: pulse 2s infinite; }
.connection[data-state="disconnected"] .dot { background: var(--bad); }
.connection[data-state="disconnected"] .disconnected { color: var(--bad); }
@keyframes pulse { 50% { box-shadow: 0 0 0 0.45rem rgba(61, 220, 151, 0); } }

main { flex: 1; min-height: 0; padding: 1rem 1.6rem 1.2rem; }
main[data-stale="true"] { opacity: 0.55; }
.grid { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); grid-auto-rows: minmax(0, 1fr); gap: 1rem; height: 100%; }
.card {
  --status: var(--neutral);
  background: var(--panel);
  border: 1px solid var(--panel-edge);
  border-top: 0.35rem solid var(--status);
  border-radius: 0.8rem;
  padding: 0.8rem 1.1rem 0.5rem;
  display: flex;
  flex-direction: column;
  gap: 0.5rem;
  min-width: 0;
}
.card[data-status="achieved"], .card[data-status="on-track"] { --status: var(--good); }
.card[data-status="off-track"] { --status: var(--bad); }
.card.changed { animation: changed 1.6s ease-out; }
@keyframes changed { from { background: #24456f; } }
.card-head { display: flex; justify-content: space-between; align-items: flex-start; gap: 0.8rem; }
.program { margin: 0; color: var(--muted); font-size: 0.85rem; }
.card h2 { margin: 0.1rem 0 0; font-size: 1.2rem; line-height: 1.25; }
.status {
  margin: 0;
  flex: none;
  display: flex;
  gap: 0.35em;
  align-items: center;
  padding: 0.2rem 0.65rem;
  border-radius: 999px;
  font-weight: 700;
  font-size: 0.9rem;
  color: var(--bg);
  background: var(--status);
}
.headline { display: grid; grid-template-columns: auto 1fr; gap: 1.2rem; align-items: center; }
.caption { margin: 0; color: var(--muted); font-size: 0.85rem; }
.count { margin: 0; white-space: nowrap; }
.count .number { font-size: 3.3rem; font-weight: 800; line-height: 1; font-variant-numeric: tabular-nums; letter-spacing: -0.02em; }
.count .unit { font-size: 1.05rem; color: var(--muted); }
.bars { display: flex; flex-direction: column; gap: 0.5rem; }
.bar-caption { margin: 0 0 0.2rem; font-size: 0.85rem; color: var(--muted); }
.bar-caption strong { color: var(--text); font-size: 1.05rem; }
.bar-track { display: block; width: 100%; height: 0.9rem; border-radius: 0.45rem; overflow: hidden; }
.bar-track .track { fill: #0c1a2d; }
.bar-track .fill { fill: var(--neutral); }
.bar[data-state="met"] .fill { fill: var(--good); }
.bar[data-state="short"] .fill { fill: var(--bad); }
.bar-track .pace { fill: var(--target); }

.figures { display: grid; grid-template-columns: repeat(5, minmax(0, 1fr)); gap: 0.5rem; margin: 0; padding: 0.45rem 0; border-block: 1px solid var(--panel-edge); }
.figure { min-width: 0; }
.figure dt { color: var(--muted); font-size: 0.74rem; line-height: 1.2; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.figure dd { margin: 0.1rem 0 0; font-size: 1.45rem; font-weight: 700; font-variant-numeric: tabular-nums; line-height: 1.1; }
.figure small { display: block; margin-top: 0.1rem; font-size: 0.72rem; font-weight: 400; color: var(--muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }

.chart { display: block; width: 100%; min-height: 0; flex: 1; margin-top: auto; }
.chart .last-year { fill: var(--faint); }
.chart .this-year { fill: #6fa8ff; }
.chart .current .this-year { fill: #b5d0ff; }
.chart .current.met .this-year { fill: var(--good); }
.chart .current.short .this-year { fill: var(--bad); }
.chart .axis { fill: var(--muted); font-size: 13px; }
.chart .current .axis { fill: var(--text); font-weight: 700; }
.chart .baseline { stroke: var(--panel-edge); stroke-width: 1; }
.chart .target line { stroke: var(--target); stroke-width: 2; stroke-dasharray: 6 5; }
.chart .target text { fill: var(--target); font-size: 13px; font-weight: 700; }

.summary { --status: var(--panel-edge); }
.summary h2 { font-size: 1.2rem; }
.score-line { display: flex; align-items: center; gap: 1.1rem; }
.score { margin: 0; line-height: 1; white-space: nowrap; }
.score .number { font-size: 4.2rem; font-weight: 800; color: var(--good); }
.score .of { font-size: 2rem; color: var(--muted); margin-left: 0.1em; }
.sentence { margin: 0; font-size: 1.2rem; font-weight: 700; }
.as-of { margin: 0.15rem 0 0; color: var(--muted); font-size: 1rem; }
.goals { list-style: none; margin: 0.2rem 0 0; padding: 0; display: flex; flex-direction: column; gap: 0.15rem; }
.goals li { --status: var(--neutral); display: grid; grid-template-columns: 1.3rem minmax(0, 1fr) auto; gap: 0.5rem; align-items: baseline;
  padding: 0.3rem 0; border-bottom: 1px solid var(--panel-edge); font-size: 0.95rem; }
.goals li[data-status="achieved"], .goals li[data-status="on-track"] { --status: var(--good); }
.goals li[data-status="off-track"] { --status: var(--bad); }
.goals .icon { color: var(--status); }
.goal-name { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.goals .rate { font-weight: 700; font-variant-numeric: tabular-nums; color: var(--status); }
.summary h3 { margin: auto 0 0; font-size: 0.8rem; color: var(--muted); font-weight: 400; }
.legend { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: 1fr 1fr; gap: 0.3rem 1rem; font-size: 0.85rem; color: var(--muted); }
.legend li { display: flex; align-items: center; gap: 0.5rem; }
.swatch { display: inline-block; width: 1.6rem; height: 0.8rem; border-radius: 0.2rem; }
.swatch.this-year { background: #6fa8ff; }
.swatch.last-year { background: var(--faint); }
.swatch.target { height: 0; border-top: 0.16rem dashed var(--target); border-radius: 0; }
.swatch.pace { width: 0.25rem; height: 1rem; background: var(--target); }

/* A wall screen shows everything at once: the charts give up height before anything scrolls. */
@media (min-width: 1101px) and (min-height: 720px) {
  body { height: 100vh; }
  .card { overflow: hidden; }
}
@media (max-width: 1100px) {
  .top { flex-wrap: wrap; }
  .grid { grid-template-columns: repeat(2, minmax(0, 1fr)); }
}
@media (max-width: 700px) {
  .grid { grid-template-columns: minmax(0, 1fr); }
  .figures { grid-template-columns: repeat(3, minmax(0, 1fr)); }
}
@media (prefers-reduced-motion: reduce) {
  .card.changed, .connection[data-state="live"] .dot { animation: none; }
}
`;
