import { describe, expect, it } from 'vitest';
import { assessReport } from '../../src/assess/index.js';
import { parseBand } from '../../src/model/bands.js';
import { judge } from '../../src/assess/rag.js';
import { analyse, makeIndicator, makeReport, period, target } from '../helpers/build.js';

const band = (s: string) => parseBand(s)!;
const min = (value: number, inclusive = true) => ({ kind: 'min', value, inclusive, raw: '' }) as const;
const max = (value: number, inclusive = true) => ({ kind: 'max', value, inclusive, raw: '' }) as const;
const range = (lo: number, hi: number) => ({ kind: 'range', min: lo, max: hi, raw: '' }) as const;

describe('judge: the tolerance rule', () => {
  it.each([
    ['on a minimum target', 90, min(90), '10%', 'green'],
    ['above a minimum target', 95, min(90), '10%', 'green'],
    ['just inside the band', 81.01, min(90), '10%', 'amber'],
    ['exactly on the band edge (amber)', 81, min(90), '10%', 'amber'],
    ['just beyond the band', 80.99, min(90), '10%', 'red'],
    ['below a maximum', 7.9, max(8, false), '15%', 'green'],
    ['on a strict maximum (missed by nothing, so amber)', 8, max(8, false), '15%', 'amber'],
    ['on an inclusive maximum', 8, max(8), '15%', 'green'],
    ['over a maximum within the band', 9.2, max(8), '15%', 'amber'],
    ['over a maximum beyond the band', 9.21, max(8), '15%', 'red'],
    ['inside a range', 120, range(105, 135), '10%', 'green'],
    ['on the range edge', 135, range(105, 135), '10%', 'green'],
    ['above a range within the band', 140, range(105, 135), '10%', 'amber'],
    ['below a range beyond the band', 94, range(105, 135), '10%', 'red'],
    ['a zero ceiling met', 0, max(0), '10%', 'green'],
    ['a zero ceiling missed (no relative band around 0)', 1, max(0), '10%', 'red'],
    ['a zero ceiling with an absolute band', 1, max(0), '2 points', 'amber'],
    ['an absolute band', 88.5, min(90), '2 points', 'amber'],
    ['beyond an absolute band', 87.9, min(90), '2 points', 'red'],
    ['tolerance 0: no amber', 89.99, min(90), '0%', 'red'],
    ['negative values below a negative floor', -12, min(-10), '10%', 'red'],
    ['negative values within the band', -10.5, min(-10), '10%', 'amber'],
  ] as const)('%s', (_name, value, t, tol, rag) => {
    expect(judge(value, t, band(tol)).rag).toBe(rag);
  });

  it('treats a range as missed only on its worse side when there is a polarity', () => {
    expect(judge(100, range(90, 95), band('15%'), {}, 'higher')).toMatchObject({ rag: 'green', beyond: true });
    expect(judge(100, range(90, 95), band('15%'), {}, null).rag).toBe('amber');
    expect(judge(60, range(64, 66), band('5%'), {}, 'lower')).toMatchObject({ rag: 'green', beyond: true });
  });

  it('uses explicit amber and red thresholds instead of the band', () => {
    expect(judge(85, min(90), band('10%'), { red: 70 }).rag).toBe('amber');
    expect(judge(69, min(90), band('10%'), { red: 70 }).rag).toBe('red');
    expect(judge(86, min(90), band('10%'), { amber: 85, red: 70 }).rag).toBe('green');
    expect(judge(12, max(10), band('10%'), { red: 15 }).rag).toBe('amber');
    expect(judge(16, max(10), band('10%'), { red: 15 }).rag).toBe('red');
  });
});

describe('assessReport: reasons, settings and edge cases', () => {
  const pctInd = (id: string, series: Record<string, string>, raw: string, over = {}) =>
    makeIndicator({ id, series, unit: '%', decimals: 1, polarity: 'higher', target: target(raw), ...over });

  it('explains each RAG in one line', async () => {
    const r = await analyse(makeReport([pctInd('A', { 'Feb-25': '76.0%', 'Mar-25': '72.2%' }, '90%')]));
    expect(r.a[0]!.rag).toBe('red');
    // A percentage's gap and band are in points (10% of 90% is 9 points), never a per cent of a per cent.
    expect(r.words().rag).toBe('72.2% is 17.8 points below the 90% target (amber band 9 points)');
    expect((await analyse(makeReport([pctInd('A', { 'Mar-25': '91.0%' }, '90%')]))).words().rag).toBe('91.0% meets the 90% target');
    const abs = await analyse(makeReport([pctInd('A', { 'Mar-25': '88.5%' }, '90%')], 'rag: { tolerance: 2 points }'));
    expect(abs.a[0]!.rag).toBe('amber');
    expect(abs.words().rag).toBe('88.5% is 1.5 points below the 90% target (amber band 2 points)');
    const strict = await analyse(makeReport([makeIndicator({ id: 'B', series: { 'Mar-25': '8.8%' }, unit: '%', decimals: 1, target: target('below 8%') })]));
    expect(strict.words().rag).toBe('8.8% is 0.8 points above the target of below 8% (amber band 0.8 points)');
    const range = await analyse(makeReport([makeIndicator({ id: 'C', series: { 'Mar-25': 67.4 }, decimals: 1, target: target('64-66') })]));
    // Anything else: its units, with the per cent of the target beside them.
    expect(range.words().rag).toBe('67.4 is 1.4 (2.1%) above the 64–66 target range (amber band 10%)');
  });

  it('gives monitor and untargeted indicators no RAG, and asks for a polarity where it is needed', async () => {
    const r = await analyse(
      makeReport([
        makeIndicator({ id: 'M', series: { 'Mar-25': 5 }, target: target('Monitor') }),
        makeIndicator({ id: 'N', series: { 'Mar-25': 5 } }),
        makeIndicator({ id: 'L', series: { 'Mar-25': 5 }, target: target('15') }),
        makeIndicator({ id: 'T', series: { 'Mar-25': 5 }, target: target('to be agreed') }),
      ]),
    );
    expect(r.a.map((a) => a.rag)).toEqual(['none', 'none', 'none', 'none']);
    expect([0, 1, 2, 3].map((i) => r.words(i).rag)).toEqual([
      'Monitored (Monitor): no target to rate against',
      'No target set',
      'No polarity: 15 could be a floor or a ceiling',
      'Target "to be agreed" cannot be compared',
    ]);
    expect(r.assessment.issues.map((i) => `${i.code} ${i.at}`)).toEqual(['polarity-needed t › s › T1', 'target-not-understood t › s › T1']);
  });

  it('never rates a suppressed, missing or stale value: no-data, unless the indicator allows the age', async () => {
    const ind = (id: string, last: string) => pctInd(id, { 'Jan-25': '95%', 'Feb-25': '95%', 'Mar-25': last }, '90%');
    const r = await analyse(makeReport([ind('S', 'suppressed'), ind('M', '-'), ind('N', 'NYC'), ind('A', '-')], 'indicators: { A: { maxAge: 1 } }'));
    expect(r.a.map((a) => a.rag)).toEqual(['no-data', 'no-data', 'no-data', 'green']);
    expect(r.words(0).rag).toBe('No figure for Mar-25 (suppressed); the latest is 95.0%, for Feb-25');
    expect(r.words(1).rag).toBe('No figure for Mar-25; the latest is 95.0%, for Feb-25');
    expect(r.a[3]!.current?.period.label).toBe('Feb-25');
  });

  it('compares annual targets of cumulative counts pro rata', async () => {
    const ind = (value: number) => makeIndicator({ id: 'C', series: { 'Sep-25': value }, polarity: 'higher', target: target('30'), cumulative: true });
    const r = await analyse(makeReport([ind(14)]));
    expect(r.a[0]).toMatchObject({ rag: 'amber', goal: { kind: 'min', value: 15 } });
    expect(r.words().rag).toBe('14 is 1 (6.7%) below the 15 target (amber band 10%) (pro rata: 6 of 12 months of the annual target 30)');
    expect(assessReport(makeReport([ind(15)])).indicators[0]!.rag).toBe('green');
    const notCumulative = makeIndicator({ id: 'C', series: { 'Sep-25': 15 }, polarity: 'higher', target: target('30') });
    expect(assessReport(makeReport([notCumulative])).indicators[0]!.rag).toBe('red');
  });

  it('scales rate targets to the period and applies per-indicator settings', () => {
    const q = makeIndicator({ id: 'R', series: { '2024/25 Q2': 17 }, target: target('6 per month') });
    expect(assessReport(makeReport([q])).indicators[0]).toMatchObject({ rag: 'amber', goal: { value: 18 } });
    const over = pctInd('O', { 'Mar-25': '72.2%' }, '90%');
    const r = assessReport(makeReport([over], 'indicators: { O: { tolerance: 25%, target: "70%" } }'));
    expect(r.indicators[0]).toMatchObject({ rag: 'green', target: { kind: 'min', value: 70 } });
    expect(assessReport(makeReport([over], 'indicators: { O: { red: 60 } }')).indicators[0]!.rag).toBe('amber');
  });

  it('uses the target for the period when targets differ by year', () => {
    const ind = makeIndicator({
      id: 'Y',
      series: { 'Mar-25': 80, 'Apr-25': 80 },
      polarity: 'higher',
      target: target('70'),
      periodTargets: [{ period: period('2025/26'), target: target('85') }],
    });
    expect(assessReport(makeReport([ind], '', 'Mar-25')).indicators[0]!.rag).toBe('green');
    expect(assessReport(makeReport([ind], '', 'Apr-25')).indicators[0]!.rag).toBe('amber');
  });

  it('makes red amber for an improving indicator under the direction-aware rule', async () => {
    const ind = pctInd('D', { 'Feb-25': '60.0%', 'Mar-25': '70.0%' }, '90%');
    expect(assessReport(makeReport([ind])).indicators[0]!.rag).toBe('red');
    const aware = await analyse(makeReport([ind], 'rag: { rule: direction-aware }'));
    expect(aware.a[0]).toMatchObject({ rag: 'amber', direction: 'improving' });
    expect(aware.words().rag).toBe('70.0% is 20.0 points below the 90% target (amber band 9 points); amber rather than red because it is improving');
    const falling = pctInd('F', { 'Feb-25': '75.0%', 'Mar-25': '70.0%' }, '90%');
    expect(assessReport(makeReport([falling], 'rag: { rule: direction-aware }')).indicators[0]!.rag).toBe('red');
  });

  it('warns when the published RAG disagrees, naming the cell', () => {
    const ind = pctInd('P', { 'Mar-25': '72.2%' }, '90%', {
      published: { rag: 'G', rating: 'green', byPeriod: {}, ragAt: 'k.xlsx › S › O9', direction: null, directionAt: null },
    });
    const r = assessReport(makeReport([ind]));
    expect(r.indicators[0]!.published).toMatchObject({ rag: 'green', ragAgrees: false });
    expect(r.issues[0]).toMatchObject({ code: 'published-rag-differs', at: 'k.xlsx › S › O9' });
    expect(r.issues[0]!.message).toBe('P: the workbook says green, boardpack computes red from 72.2% against the target 90%.');
  });

  it('warns about settings for indicators that are not in the data', () => {
    const r = assessReport(makeReport([pctInd('A', { 'Mar-25': '91%' }, '90%')], 'indicators: { ZZ: { polarity: lower } }'));
    expect(r.issues[0]).toMatchObject({ code: 'config-unknown-indicator', severity: 'warning' });
  });
});
