import { describe, expect, it } from 'vitest';
import { latestAndPrevious } from '../../src/model/series.js';
import { EXAMPLES, indicator, report, row } from '../helpers/examples.js';

const sectionTitle = (r: Awaited<ReturnType<typeof report>>, id: string | null) => r.scorecard.sections.find((s) => s.id === id)?.title;

describe('monthly scorecard 2024-25 (six tables, narrative rows, no polarity column)', async () => {
  const r = await report(EXAMPLES.monthly);
  const ids = r.scorecard.indicators.map((i) => i.id);

  it('finds all 96 indicators in sheet order with their IDs', () => {
    expect(r.scorecard.indicators).toHaveLength(96);
    expect(ids.slice(0, 10)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8a', '8b', '9a']);
    expect(ids.at(-1)).toBe('84');
    expect(new Set(ids).size).toBe(96);
    expect(r.scorecard.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('takes section names from the header rows, reads the 12 months and the reporting period', () => {
    expect(r.scorecard.sections.map((s) => s.title)).toEqual([
      'Early Help and Front Door Responses',
      'Robust and effective social work practice',
      'At risk of Care, Cared for and Care Experienced Children and Young People',
      'Quality Assurance and Audit (safeguarding)',
      'Quality Assurance and Audit (auditing)',
      'A Stable and able workforce',
    ]);
    expect(sectionTitle(r, indicator(r, '16').section)).toBe('Robust and effective social work practice');
    expect(sectionTitle(r, indicator(r, '84').section)).toBe('A Stable and able workforce');
    expect(r.scorecard.periods.map((p) => p.label)).toEqual([
      'Apr-24',
      'May-24',
      'Jun-24',
      'Jul-24',
      'Aug-24',
      'Sep-24',
      'Oct-24',
      'Nov-24',
      'Dec-24',
      'Jan-25',
      'Feb-25',
      'Mar-25',
    ]);
    expect(r.period.id).toBe('2025-03');
  });

  it('reads %-formatted cells as the percentages they show, and text values with their markers', () => {
    const i2 = indicator(r, '2');
    expect(i2.title).toBe('Percentage of Early Help Assessments completed within 45 working days (in month)');
    expect(row(i2)).toMatchObject({ 'Apr-24': 87, 'Nov-24': 87.4, 'Mar-25': 99 });
    expect(i2).toMatchObject({ unit: '%', target: { raw: '90.0%', value: 90, percent: true } });
    expect(row(indicator(r, '5'))).toMatchObject({ 'Apr-24': 1036, 'Mar-25': 1083 });
    expect(indicator(r, '5').values[0]!.raw).toBe('1,036');
    const i16 = indicator(r, '16');
    expect(i16.values[0]).toMatchObject({ value: 100.8, revised: true, raw: '100.8r' });
    expect(i16.target.raw).toBe('105-135');
    expect(indicator(r, '17').benchmarks[0]).toMatchObject({ name: 'SN av', value: 38, revised: true });
    expect(indicator(r, '55').values.at(-1)).toMatchObject({ value: 74, count: 14, raw: '74% (14)' });
    expect(indicator(r, '38a').values.at(-1)).toMatchObject({ status: 'not-collected', raw: 'NYC' });
    expect(indicator(r, '54').values[0]).toMatchObject({ status: 'not-reported', note: 'Not reported due to new moderation process' });
    expect(indicator(r, '63').values.at(-1)).toMatchObject({ status: 'not-applicable' });
    expect(row(indicator(r, '20'))).toMatchObject({ 'Oct-24': 97.8, 'Nov-24': 96.2 });
    expect(row(indicator(r, '35c'))).toMatchObject({ 'Jul-24': 66, 'Aug-24': 66.7 });
    expect(row(indicator(r, '84'))).toMatchObject({ 'Apr-24': 6, 'Mar-25': 13.42 });
  });

  it('keeps targets of every form and the published direction as typed', () => {
    const targets = Object.fromEntries(['1', '3', '8b', '24', '26', '49', '56', '54', '29', '17'].map((id) => [id, indicator(r, id).target.raw]));
    expect(targets).toEqual({
      1: 'Monitor',
      3: 'Below 8%',
      '8b': 'below 10%',
      24: 'below 50',
      26: '90.0%',
      49: '90-95%',
      56: '80%+',
      54: '6 per month',
      29: '0',
      17: '34-35',
    });
    expect(indicator(r, '1').published.direction).toBe('▲');
    expect(indicator(r, '8b').published.direction).toBe('◀ ▶');
    expect(indicator(r, '34').published.direction).toBeNull();
  });

  it('reads rows that start part-way through the year or hold nothing, and reports them', () => {
    expect(
      indicator(r, '29')
        .values.filter((v) => v.status === 'ok')
        .map((v) => v.period.label)[0],
    ).toBe('Aug-24');
    expect(indicator(r, '34').values.every((v) => v.status === 'missing')).toBe(true);
    const l = latestAndPrevious(indicator(r, '67'), r.period);
    expect(l.latest?.period.label).toBe('Dec-24');
    const noValue = r.scorecard.issues.filter((i) => i.code === 'no-value-for-period').map((i) => i.message.split(' ')[0]);
    expect(noValue.sort()).toEqual(['34', '41', '67', '68']);
  });

  it('attaches narrative rows to the indicators they name, and the rest to the section', () => {
    const about = (id: string) => r.scorecard.commentary.filter((c) => c.subject.kind === 'indicator' && c.subject.id === id);
    expect(about('3')[0]!.text).toMatch(/^There has been an increase in the % of cases closed to early help/);
    for (const id of ['19a', '19b', '19c', '29', '30', '40', '47a', '69', '72', '75', '81', '82', '83', '84']) expect(about(id)).toHaveLength(1);
    expect(about('73')).toHaveLength(0);
    expect(about('29')[0]!.at).toContain('A94');
    expect(about('49')[0]!.at).toContain('A107');
    const section = r.scorecard.commentary.filter((c) => c.subject.kind === 'section');
    expect(section).toHaveLength(1);
    expect(section[0]).toMatchObject({ subject: { id: 'quality-assurance-and-audit-auditing' }, period: { label: 'Mar-25' } });
    expect(section[0]!.text).toMatch(/^A total of 19 collaborative audits/);
  });

  it('reports the cells it could not read and the page furniture it skipped', () => {
    const notUnderstood = r.scorecard.issues.filter((i) => i.code === 'cell-not-understood').map((i) => i.at!.split(' › ')[2]);
    expect(notUnderstood).toEqual(['C83', 'C115', 'C116', 'C117', 'C118', 'C119', 'C120', 'C121', 'C122', 'C123']);
    expect(r.scorecard.issues.find((i) => i.code === 'rows-before-table')?.message).toContain('Rows 5–12');
  });
});

describe('quarterly scorecard 2018-19 Q2 (repeated headers, nested sections, polarity column)', async () => {
  const r = await report(EXAMPLES.quarterly);

  it('finds all 104 indicators, keeping typed decimals in PI Refs', () => {
    expect(r.scorecard.indicators).toHaveLength(104);
    const ids = r.scorecard.indicators.map((i) => i.id);
    expect(ids).toContain('1.1');
    expect(ids).toContain('1.10');
    expect(ids.indexOf('1.10')).toBe(ids.indexOf('1.9') + 1);
    expect(new Set(ids).size).toBe(104);
    expect(r.scorecard.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('reads quarters and year ends, and reports on Qu 2 18-19', () => {
    expect(r.scorecard.periods.map((p) => p.id)).toEqual([
      'FY2017-18-Q4',
      'FY2017-18',
      'FY2018-19-Q1',
      'FY2018-19-Q2',
      'FY2018-19-Q3',
      'FY2018-19-Q4',
      'FY2018-19',
    ]);
    expect(r.period.label).toBe('Qu 2 18-19');
  });

  it('builds sections from heading rows, nesting sub-sections and notes', () => {
    const s = r.scorecard.sections;
    const parentOf = (title: string) => s.find((x) => x.id === s.find((y) => y.title === title)?.parent)?.title;
    expect(s.filter((x) => x.parent === null).map((x) => x.title)).toEqual([
      'Safeguarding',
      'Cared for Children',
      'Care Leavers',
      'Adoption',
      'Education and 14-19 Skills',
      'Medical Needs Team',
      'Cheshire East Life Long Learning',
      'Safeguarding Children in Education Service (SCiES)',
      'Prevention and Support',
      'Youth Support',
      'Special Educational Need (SEN)',
    ]);
    expect(parentOf('Virtual School')).toBe('Education and 14-19 Skills');
    expect(parentOf('Schools')).toBe('Education and 14-19 Skills');
    expect(parentOf('Prevention and Early Intervention')).toBe('Prevention and Support');
    expect(s.find((x) => x.title === 'Virtual School')?.note).toMatch(/^NB attendance will be reported by academic year/);
    expect(sectionTitle(r, indicator(r, '5.1').section)).toBe('Virtual School');
    expect(sectionTitle(r, indicator(r, '6.1').section)).toBe('Schools');
    expect(sectionTitle(r, indicator(r, '10.1').section)).toBe('Prevention and Early Intervention');
    expect(sectionTitle(r, indicator(r, '1.14').section)).toBe('Safeguarding');
  });

  it('reads polarity, benchmarks of mixed form, markers and ranges', () => {
    expect(indicator(r, '1.5')).toMatchObject({ polarity: 'lower', lead: 'Naomi Banks', target: { raw: '<20%' } });
    expect(indicator(r, '1.6').polarity).toBe('higher');
    expect(indicator(r, '1.1').polarity).toBeNull();
    expect(indicator(r, '6.1').polarity).toBeNull();
    expect(row(indicator(r, '1.1'))).toMatchObject({
      'Yr. end 17-18': 9536,
      'Qu 4 17-18': 2458,
      'Qu 1 18-19': 2374,
      'Qu 2 18-19': 2200,
      'Qu 3 18-19': 'missing',
    });
    expect(indicator(r, '1.6').benchmarks.map((b) => [b.name, b.value])).toEqual([
      ['Stat Neigh Av', 86],
      ['National Av', 83],
    ]);
    expect(indicator(r, '6.25').benchmarks.map((b) => b.value)).toEqual([96.1, 95.9]);
    expect(indicator(r, '6.8').benchmarks[1]!.value).toBe(49650);
    expect(indicator(r, '1.14').benchmarks[0]).toMatchObject({ status: 'suppressed', raw: 'Supressed' });
    expect(row(indicator(r, '1.7'))).toMatchObject({ 'Qu 4 17-18': 'suppressed', 'Qu 1 18-19': 'suppressed', 'Yr. end 17-18': 21 });
    expect(indicator(r, '10.6').values.at(-4)).toMatchObject({ range: [97, 99], raw: '97%-99%' });
    expect(indicator(r, '10.6').target.raw).toBe('97%-99%');
    expect(indicator(r, '1.13').values.find((v) => v.period.label === 'Qu 2 18-19')).toMatchObject({ value: 20, note: '(rolling yr)/18% just Q2' });
    expect(indicator(r, '4.7').target).toMatchObject({ raw: '426', value: 426 });
    expect(indicator(r, '1.1').published.direction).toBe('↓');
    expect(indicator(r, '1.14').published.direction).toBe('➡');
  });

  it('keeps every officer comment, attached to its indicator', () => {
    expect(r.scorecard.commentary.filter((c) => c.subject.kind === 'indicator')).toHaveLength(104);
    const c = r.scorecard.commentary.find((x) => x.subject.kind === 'indicator' && x.subject.id === '1.17');
    expect(c).toMatchObject({ text: 'Caseload in the CIN/CP Service continues to be static; average is 23.5.', at: expect.stringContaining('Q25') });
  });
});

describe('KPI report 2017 Q2 (dashboard export, bare months, num/den columns)', async () => {
  const r = await report(EXAMPLES.kpi);

  it('finds all 51 indicators with their IDs and units', () => {
    expect(r.scorecard.indicators).toHaveLength(51);
    expect(r.scorecard.indicators[0]).toMatchObject({ id: 'CSC 001', unit: 'number', frequency: 'Month End' });
    expect(indicator(r, 'CSC 014').unit).toBe('per 10,000');
    expect(indicator(r, 'CSC 004s').unit).toBe('%');
    expect(r.scorecard.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('dates bare month columns in the financial year after the 2016/17 column', () => {
    expect(r.scorecard.periods.map((p) => `${p.id}=${p.label}`)).toEqual([
      'FY2015-16=2015/16',
      '2016-09=Sep-16',
      'FY2016-17=2016/17',
      '2017-05=May',
      '2017-06=June',
      '2017-07=July',
      '2017-08=Aug',
      '2017-09=Sept',
    ]);
    expect(r.period.id).toBe('2017-09');
  });

  it('reads values, the same period last year, numerators and denominators', () => {
    const i = indicator(r, 'CSC 015');
    expect(row(i)).toEqual({ '2015/16': 79, 'Sep-16': 65, '2016/17': 78, May: 91, June: 95, July: 77, Aug: 84, Sept: 92 });
    expect(i.values.at(-1)).toMatchObject({ numerator: 71, denominator: 77 });
    expect(indicator(r, 'CSC 252b').values.at(-1)).toMatchObject({ value: 88, numerator: 1073, denominator: 1213 });
    expect(i.polarity).toBe('lower');
    expect(indicator(r, 'CSC 022').polarity).toBe('higher');
    expect(indicator(r, 'CSC 001').polarity).toBeNull();
    expect(indicator(r, 'CSC 022').target).toMatchObject({ raw: '90', value: 90 });
    expect(indicator(r, 'CSC 001').target.raw).toBeNull();
    expect(i.benchmarks.map((b) => [b.name, b.value])).toEqual([
      ['Latest England Av', 74],
      ['Latest North East Av', 81],
      ['Latest Stat Neighbour benchmark', 80],
    ]);
    expect(indicator(r, 'CSC 188').values.find((v) => v.period.label === 'May')).toMatchObject({ status: 'suppressed' });
  });

  it('keeps the published trend arrows, and says where the page furniture was', () => {
    expect(indicator(r, 'CSC 013').published).toMatchObject({ direction: '↑', directionAt: expect.stringContaining('T29') });
    expect(indicator(r, 'CSC 001').published.direction).toBeNull();
    expect(r.scorecard.issues.find((i) => i.code === 'rows-before-table')?.message).toContain('Rows 1–20');
  });
});
