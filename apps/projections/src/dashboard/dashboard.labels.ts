import type { Label } from '@ayumi/domain';

/** Every fixed text of the dashboard, in both languages (the type makes a missing one an error). */
export const LABELS = {
  pageTitle: { ja: '事業目標の進捗', en: 'Goal progress' },
  fiscalYear: { ja: '年度', en: 'Fiscal year' },
  asOf: { ja: '基準日', en: 'As of' },
  language: { ja: '表示言語', en: 'Language' },
  connecting: { ja: '接続しています…', en: 'Connecting…' },
  live: { ja: 'ライブ更新中', en: 'Live' },
  disconnected: { ja: '切断 — 再接続しています…', en: 'Disconnected — reconnecting…' },
  updatedAt: { ja: '最終更新', en: 'Updated' },
  thisMonth: { ja: '今月', en: 'This month' },
  yearToDate: { ja: '年度累計', en: 'Year to date' },
  monthlyAverage: { ja: '月平均', en: 'Monthly avg.' },
  achievementRate: { ja: '達成率', en: 'Achievement' },
  forecast: { ja: '年度末見込み', en: 'Forecast' },
  stillNeeded: { ja: '必要な月ペース', en: 'Needed' },
  previousYear: { ja: '前年度実績', en: 'Last year' },
  monthlyGoal: { ja: '月間目標', en: 'Monthly goal' },
  evenPace: { ja: '目標ペース', en: 'Even pace' },
  goal: { ja: '目標', en: 'goal' },
  paceMarker: { ja: '目標ペース（累計）', en: 'Target pace to date' },
  noTarget: { ja: '目標未設定', en: 'No target set' },
  goalReached: { ja: '目標達成済み', en: 'Goal reached' },
  noMonthLeft: { ja: '残り月なし', en: 'No month left' },
  chartThisYear: { ja: '今年度（月別）', en: 'This year, by month' },
  chartPreviousYear: { ja: '前年度', en: 'Last year' },
  chartTarget: { ja: '月間目標ライン', en: 'Monthly target' },
  summaryTitle: { ja: '目標の達成状況', en: 'Goals on track' },
  legend: { ja: '凡例', en: 'Legend' },
  achieved: { ja: '達成', en: 'Achieved' },
  onTrack: { ja: '達成ペース', en: 'On track' },
  offTrack: { ja: '要注意', en: 'Off track' },
  perMonth: { ja: '/月', en: '/month' },
} as const satisfies Readonly<Record<string, Label>>;

/** How each metric is counted, for numbers such as 「93人」 / "93 visits". */
export const METRIC_UNITS: Readonly<Record<string, Label>> = {
  visits: { ja: '人', en: 'visits' },
  placements: { ja: '件', en: 'placements' },
  services: { ja: '件', en: 'services' },
  companies: { ja: '社', en: 'companies' },
};

export const DEFAULT_UNIT: Label = { ja: '件', en: '' };
