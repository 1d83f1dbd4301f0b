import { describe, expect, it } from 'vitest';
import { dateBareMonth, findPeriod, parsePeriodLabel, samePeriodLastYear, type yearPeriod } from '../../src/model/period.js';

describe('parsePeriodLabel', () => {
  it.each([
    ['2025-03', 'month', '2025-03'],
    ['Mar-25', 'month', '2025-03'],
    ['Apr-24', 'month', '2024-04'],
    ['March 2025', 'month', '2025-03'],
    ['Mar 2016', 'month', '2016-03'],
    ['Sept 2016', 'month', '2016-09'],
    ['31/03/2025', 'month', '2025-03'],
    ['2024/25 Q4', 'quarter', 'FY2024-25-Q4'],
    ['2019/20 Q2', 'quarter', 'FY2019-20-Q2'],
    ['Qu 1 18-19', 'quarter', 'FY2018-19-Q1'],
    ['Q2 2018-19', 'quarter', 'FY2018-19-Q2'],
    ['Yr. end 17-18', 'year', 'FY2017-18'],
    ['2016/17', 'year', 'FY2016-17'],
    ['2011-12', 'year', 'FY2011-12'],
    ['Year end 2018/19', 'year', 'FY2018-19'],
  ])('%s is a %s with id %s', (label, kind, id) => {
    const p = parsePeriodLabel(label);
    expect(p).toMatchObject({ kind, id, label });
  });

  it('places financial quarters and years in April–March', () => {
    expect(parsePeriodLabel('Qu 1 18-19')).toMatchObject({ start: '2018-04', end: '2018-06' });
    expect(parsePeriodLabel('2024/25 Q4')).toMatchObject({ start: '2025-01', end: '2025-03' });
    expect(parsePeriodLabel('Yr. end 17-18')).toMatchObject({ start: '2017-04', end: '2018-03' });
  });

  it('orders months, quarters and years on one line', () => {
    const labels = ['Yr. end 17-18', 'Qu 4 17-18', 'Mar-18', 'Qu 1 18-19', 'Apr-18'];
    const sorted = labels
      .map((l) => parsePeriodLabel(l) as { order: number; label: string })
      .sort((a, b) => a.order - b.order)
      .map((p) => p.label);
    expect(sorted).toEqual(['Mar-18', 'Qu 4 17-18', 'Yr. end 17-18', 'Apr-18', 'Qu 1 18-19']);
  });

  it('returns bare month names for the reader to date, and dates them in a financial year', () => {
    for (const label of ['May', 'June', 'July', 'Aug', 'Sept', 'Jan']) expect(parsePeriodLabel(label)).toHaveProperty('bareMonth');
    const may = parsePeriodLabel('May') as { bareMonth: number; label: string };
    const jan = parsePeriodLabel('Jan') as { bareMonth: number; label: string };
    expect(dateBareMonth(may, 2017)).toMatchObject({ id: '2017-05', label: 'May' });
    expect(dateBareMonth(jan, 2017)).toMatchObject({ id: '2018-01' });
  });

  it.each(['Target', 'SN av', 'Direction of travel', '2015', '13-2020', 'Q5 2018-19', '2018/20', ''])('%j is not a period', (label) => {
    expect(parsePeriodLabel(label)).toBeNull();
  });

  it('finds periods by id, label or equivalent label, and steps back a year', () => {
    const periods = [parsePeriodLabel('Mar-25'), parsePeriodLabel('Feb-25')].map((p) => p as NonNullable<ReturnType<typeof yearPeriod>>);
    expect(findPeriod(periods, '2025-03')?.label).toBe('Mar-25');
    expect(findPeriod(periods, 'mar-25')?.id).toBe('2025-03');
    expect(findPeriod(periods, 'March 2025')?.id).toBe('2025-03');
    expect(samePeriodLastYear(periods[0]!).id).toBe('2024-03');
    expect(samePeriodLastYear(parsePeriodLabel('Qu 2 18-19') as never).id).toBe('FY2017-18-Q2');
  });
});

describe('quarters written as their months, bare quarters, two-digit years', () => {
  it('reads Apr-Jun 2024 as Q1 2024/25 and Jan-Mar 25 as Q4 2024/25', () => {
    expect(parsePeriodLabel('Apr-Jun 2024')).toMatchObject({ id: 'FY2024-25-Q1', kind: 'quarter' });
    expect(parsePeriodLabel('Jan - Mar 25')).toMatchObject({ id: 'FY2024-25-Q4' });
    expect(parsePeriodLabel('Oct-Dec')).toEqual({ bareQuarter: 3, label: 'Oct-Dec' });
    expect(parsePeriodLabel('May-Jul 2024')).toBeNull();
  });
  it('leaves Q2 and Quarter 3 for the reader to date', () => {
    expect(parsePeriodLabel('Q2')).toEqual({ bareQuarter: 2, label: 'Q2' });
    expect(parsePeriodLabel('Quarter 3')).toEqual({ bareQuarter: 3, label: 'Quarter 3' });
  });
  it("takes two-digit years by Excel's rule: 00-29 this century, 30-99 the last", () => {
    expect(parsePeriodLabel('Dec-99')).toMatchObject({ id: '1999-12' });
    expect(parsePeriodLabel('Jan-00')).toMatchObject({ id: '2000-01' });
    expect(parsePeriodLabel('Mar-25')).toMatchObject({ id: '2025-03' });
  });
});
