import type { Label } from '@ayumi/domain';
import { LABELS } from './dashboard.labels';
import { fiscalYearName, formatNumber, formatPercent, label, longDate, monthName, quantity } from './dashboard.text';

describe('dashboard text', () => {
  it('names fiscal years with the Japanese era: Heisei until FY2018, Reiwa from FY2019 (its first year 元年)', () => {
    expect(fiscalYearName(2013)).toEqual({ ja: '平成25年度（2013年度）', en: 'FY2013 · 平成25年度' });
    expect(fiscalYearName(2018).ja).toBe('平成30年度（2018年度）');
    expect(fiscalYearName(2019).ja).toBe('令和元年度（2019年度）');
    expect(fiscalYearName(2025).en).toBe('FY2025 · 令和7年度');
  });

  it('prints counts whole once they are large, with one decimal below 100', () => {
    expect(formatNumber(1234.56)).toBe('1,235');
    expect(formatNumber(82.33)).toBe('82.3');
    expect(formatNumber(4)).toBe('4');
    expect(formatPercent(1.034)).toBe('103%');
  });

  it('writes dates and months as each language does', () => {
    expect(longDate('2014-03-31')).toEqual({ ja: '2014年3月31日', en: '31 Mar 2014' });
    expect(monthName('2013-04')).toEqual({ ja: '4月', en: 'Apr' });
    expect(quantity(1200, { ja: '人', en: 'visits' })).toEqual({ ja: '1,200人', en: '1,200 visits' });
  });

  it('renders a label in the current language carrying both, escaped', () => {
    expect(label({ ja: '今月', en: 'This <month>' }, 'en').toString())
      .toBe('<span data-label data-ja="今月" data-en="This &lt;month&gt;">This &lt;month&gt;</span>');
  });

  it('has a different text in each language for every fixed label, so a switch changes all of them', () => {
    const labels: Readonly<Record<string, Label>> = LABELS;
    expect(Object.entries(labels).filter(([, text]) => text.ja === text.en || text.ja === '' || text.en === '')).toEqual([]);
  });
});
