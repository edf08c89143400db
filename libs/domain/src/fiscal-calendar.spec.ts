import {
  fiscalMonthNumber, fiscalYearMonths, fiscalYearOf, isValidTimeZone, japaneseFiscalYearName, monthOf,
} from './fiscal-calendar';

const tokyo = 'Asia/Tokyo';

describe('fiscal calendar', () => {
  it.each([
    ['2013-04-30T23:30+09:00', '2013-04', 2013],
    ['2013-03-31T15:30Z', '2013-04', 2013],
    ['2014-03-31T23:59+09:00', '2014-03', 2013],
    ['2014-03-31T15:00Z', '2014-04', 2014],
    ['2013-03-31T14:59:59Z', '2013-03', 2012],
  ])('%s is in month %s of fiscal year %i in Tokyo', (instant, month, fiscalYear) => {
    expect(monthOf(instant, tokyo)).toBe(month);
    expect(fiscalYearOf(instant, tokyo)).toBe(fiscalYear);
  });

  it('takes boundaries in the configured time zone', () => {
    expect(monthOf('2013-03-31T15:30Z', 'UTC')).toBe('2013-03');
    expect(fiscalYearOf('2013-03-31T15:30Z', 'UTC')).toBe(2012);
  });

  it('lists the months of a fiscal year from April to March', () => {
    expect(fiscalYearMonths(2013)).toEqual([
      '2013-04', '2013-05', '2013-06', '2013-07', '2013-08', '2013-09',
      '2013-10', '2013-11', '2013-12', '2014-01', '2014-02', '2014-03',
    ]);
    expect(fiscalYearMonths(2013).map(fiscalMonthNumber)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('names fiscal years in the Japanese era', () => {
    expect(japaneseFiscalYearName(2013)).toBe('平成25年度');
    expect(japaneseFiscalYearName(2019)).toBe('令和元年度');
    expect(japaneseFiscalYearName(2025)).toBe('令和7年度');
  });

  it('validates time zones', () => {
    expect(isValidTimeZone('Asia/Tokyo')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});
