import { describe, expect, it } from 'vitest';
import type { Indicator } from '../../src/model/scorecard.js';
import { analyse, makeIndicator, makeReport, target } from '../helpers/build.js';

const pct = (over: Partial<Indicator> & { id: string; series: Record<string, string | number> }) =>
  makeIndicator({ unit: '%', decimals: 1, polarity: 'higher', target: target('90%'), ...over });
const sn = (value: number | null, raw = `${value}%`) => ({
  name: 'SN av',
  value,
  raw,
  status: value === null ? ('missing' as const) : ('ok' as const),
  revised: false,
  at: '',
});

async function narrative(ind: Indicator, yaml = '') {
  return (await analyse(makeReport([ind], yaml))).words().narrative;
}

describe('auto-narratives read naturally in every case', () => {
  it.each([
    [
      'met target, improving, above a benchmark',
      pct({ id: 'A', series: { 'Feb-25': '88.0%', 'Mar-25': '91.5%' }, benchmarks: [sn(87)] }),
      'Performance was 91.5% in March 2025, meeting the 90% target (Green). It rose from 88.0% in February 2025, an improvement, and is above the statistical-neighbour average of 87%.',
    ],
    [
      "missed target beyond tolerance, declining, below a benchmark (the brief's example)",
      pct({ id: 'B', series: { 'Feb-25': '76.0%', 'Mar-25': '72.2%' }, benchmarks: [sn(87)] }),
      'Performance was 72.2% in March 2025, below the 90% target (Red). It fell from 76.0% in February 2025, a decline, and is below the statistical-neighbour average of 87%.',
    ],
    [
      'within tolerance, little changed, in line with a benchmark',
      pct({ id: 'C', series: { 'Feb-25': '85.2%', 'Mar-25': '85.5%' }, benchmarks: [sn(85.6, '85.6%')] }),
      'Performance was 85.5% in March 2025, below the 90% target (Amber, within the 10% tolerance). It was little changed from 85.2% in February 2025, and is in line with the statistical-neighbour average of 85.6%.',
    ],
    [
      'a lower-is-better ceiling missed',
      pct({ id: 'D', series: { 'Feb-25': '7.5%', 'Mar-25': '8.8%' }, polarity: 'lower', target: target('below 8%') }),
      'Performance was 8.8% in March 2025, above the 8% target (Amber, within the 10% tolerance). It rose from 7.5% in February 2025, a decline.',
    ],
    [
      'a range target met, unchanged',
      makeIndicator({ id: 'E', series: { 'Feb-25': 120, 'Mar-25': 120 }, decimals: 1, target: target('105-135') }),
      'Performance was 120.0 in March 2025, within the 105–135 target range (Green). It was unchanged from 120.0 in February 2025.',
    ],
    [
      'a count against a zero ceiling',
      makeIndicator({ id: 'F', series: { 'Feb-25': 2, 'Mar-25': 4 }, target: target('0') }),
      'Performance was 4 in March 2025, above the target of 0 (Red). It rose from 2 in February 2025, a decline.',
    ],
    [
      'monitored without a target, and no polarity (up, not improving)',
      makeIndicator({ id: 'G', series: { 'Feb-25': 403, 'Mar-25': 435 }, target: target('Monitor') }),
      'The figure was 435 in March 2025. This indicator is monitored without a target. It rose from 403 in February 2025.',
    ],
    [
      'no target at all',
      makeIndicator({ id: 'H', series: { 'Feb-25': 10, 'Mar-25': 9 } }),
      'The figure was 9 in March 2025. It has no target. It fell from 10 in February 2025.',
    ],
    [
      'a bare target with no polarity',
      makeIndicator({ id: 'I', series: { 'Mar-25': 20 }, target: target('15') }),
      'The figure was 20 in March 2025. Its target is 15, but it is not rated because the workbook does not say whether a higher or a lower figure is better. There is no earlier figure to compare with.',
    ],
    [
      'no previous value',
      pct({ id: 'J', series: { 'Mar-25': '93.0%' } }),
      'Performance was 93.0% in March 2025, meeting the 90% target (Green). There is no earlier figure to compare with.',
    ],
    [
      'a suppressed latest value',
      pct({ id: 'K', series: { 'Feb-25': '95.0%', 'Mar-25': 'suppressed' } }),
      'The figure for March 2025 has been suppressed to protect confidentiality. The latest available figure is 95.0%, for February 2025.',
    ],
    [
      'a not-yet-collected latest value',
      pct({ id: 'L', series: { 'Feb-25': '27.3%', 'Mar-25': 'NYC' } }),
      'The figure for March 2025 has not yet been collected. The latest available figure is 27.3%, for February 2025.',
    ],
    ['no figure at all', pct({ id: 'M', series: { 'Mar-25': '-' } }), 'There is no figure for March 2025.'],
    [
      'a revised figure',
      makeIndicator({ id: 'N', series: { 'Feb-25': '135.9r', 'Mar-25': '134.9r' }, decimals: 1, target: target('105-135') }),
      'Performance was 134.9 in March 2025, within the 105–135 target range (Green). It was little changed from 135.9 in February 2025. The March 2025 figure has been revised since it was first published.',
    ],
    [
      'an earlier revised figure',
      makeIndicator({ id: 'O', series: { 'Jan-25': '30r', 'Feb-25': 31, 'Mar-25': 33 }, polarity: 'higher', target: target('30') }),
      'Performance was 33 in March 2025, meeting the target of 30 (Green). It rose from 31 in February 2025, an improvement. Some earlier figures have been revised since they were first published.',
    ],
    [
      'an earlier figure that is suppressed',
      pct({ id: 'P', series: { 'Feb-24': 'suppressed', 'Mar-25': '93.0%' } }),
      'Performance was 93.0% in March 2025, meeting the 90% target (Green). There is no earlier figure to compare with.',
    ],
  ] as const)('%s', async (_case, ind, text) => {
    expect(await narrative(ind)).toBe(text);
  });

  it('explains pro-rata and direction-aware ratings', async () => {
    const cumulative = makeIndicator({ id: 'Q', series: { 'Aug-25': 10, 'Sep-25': 14 }, polarity: 'higher', target: target('30'), cumulative: true });
    expect(await narrative(cumulative)).toBe(
      "Performance was 14 in September 2025, below the target of 15 (Amber, within the 10% tolerance). As a year-to-date count it is compared with 6 months' share of the annual target of 30. It rose from 10 in August 2025, an improvement.",
    );
    const improving = pct({ id: 'R', series: { 'Feb-25': '60.0%', 'Mar-25': '70.0%' } });
    expect(await narrative(improving, 'rag: { rule: direction-aware }')).toBe(
      'Performance was 70.0% in March 2025, below the 90% target (Amber). It is beyond the tolerance but improving, so it is rated amber rather than red. It rose from 60.0% in February 2025, an improvement.',
    );
  });

  it('compares with the same period last year in words', async () => {
    const ind = pct({ id: 'S', series: { 'Mar-24': '80.0%', 'Feb-25': '95.0%', 'Mar-25': '91.0%' } });
    expect(await narrative(ind, 'direction: { compare: same-period-last-year }')).toBe(
      'Performance was 91.0% in March 2025, meeting the 90% target (Green). It rose from 80.0% in March 2024, an improvement.',
    );
  });
});
