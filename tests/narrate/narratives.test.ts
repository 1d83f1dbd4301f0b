import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportJson } from '../../src/cli/assessJson.js';
import { nodeEffects } from '../../src/effects.js';
import { formatFigure } from '../../src/model/format.js';
import type { Indicator } from '../../src/model/scorecard.js';
import { periodContext } from '../../src/narrate/context.js';
import { loadReport } from '../../src/pipeline.js';
import { analyse, makeIndicator, makeReport, target } from '../helpers/build.js';
import { repoDir } from '../helpers/examples.js';

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
      'Performance was 72.2% in March 2025, 17.8 points below the 90% target (Red). It fell from 76.0% in February 2025, a decline, and is below the statistical-neighbour average of 87%.',
    ],
    [
      'within tolerance, little changed, in line with a benchmark',
      pct({ id: 'C', series: { 'Feb-25': '85.2%', 'Mar-25': '85.5%' }, benchmarks: [sn(85.6, '85.6%')] }),
      'Performance was 85.5% in March 2025, 4.5 points below the 90% target (Amber, within the tolerance of 9 points). It was little changed from 85.2% in February 2025, and is in line with the statistical-neighbour average of 85.6%.',
    ],
    [
      'a lower-is-better ceiling missed',
      pct({ id: 'D', series: { 'Feb-25': '7.5%', 'Mar-25': '8.8%' }, polarity: 'lower', target: target('below 8%') }),
      'Performance was 8.8% in March 2025, 0.8 points above the 8% target (Amber, within the tolerance of 0.8 points). It rose from 7.5% in February 2025, a decline.',
    ],
    [
      'a range target met, unchanged',
      makeIndicator({ id: 'E', series: { 'Feb-25': 120, 'Mar-25': 120 }, decimals: 1, target: target('105-135') }),
      'Performance was 120.0 in March 2025, within the 105–135 target range (Green). It was unchanged from 120.0 in February 2025.',
    ],
    [
      'a count against a zero ceiling',
      makeIndicator({ id: 'F', series: { 'Feb-25': 2, 'Mar-25': 4 }, target: target('0') }),
      'Performance was 4 in March 2025, 4 above the target of 0 (Red). It rose from 2 in February 2025, a decline.',
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
      'The figure for March 2025 has been suppressed to protect confidentiality; the latest, 95.0% for February 2025, met the 90% target.',
    ],
    [
      'a not-yet-collected latest value',
      pct({ id: 'L', series: { 'Feb-25': '27.3%', 'Mar-25': 'NYC' } }),
      'The figure for March 2025 has not yet been collected; the latest, 27.3% for February 2025, was 62.7 points below the 90% target.',
    ],
    ['no figure at all', pct({ id: 'M', series: { 'Mar-25': '-' } }), 'There is no figure for March 2025, nor for any earlier period.'],
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
      "Performance was 14 in September 2025, 1 (6.7%) below the target of 15 (Amber, within the tolerance of 10%). As a year-to-date count it is compared with 6 months' share of the annual target of 30. It rose from 10 in August 2025, an improvement.",
    );
    const improving = pct({ id: 'R', series: { 'Feb-25': '60.0%', 'Mar-25': '70.0%' } });
    expect(await narrative(improving, 'rag: { rule: direction-aware }')).toBe(
      'Performance was 70.0% in March 2025, 20.0 points below the 90% target (Amber). It is beyond the tolerance but improving, so it is rated amber rather than red. It rose from 60.0% in February 2025, an improvement.',
    );
  });

  it('compares with the same period last year in words', async () => {
    const ind = pct({ id: 'S', series: { 'Mar-24': '80.0%', 'Feb-25': '95.0%', 'Mar-25': '91.0%' } });
    expect(await narrative(ind, 'direction: { compare: same-period-last-year }')).toBe(
      'Performance was 91.0% in March 2025, meeting the 90% target (Green). It rose from 80.0% in March 2024, an improvement.',
    );
  });
});

describe('nothing to misread: one wording rule for gaps and changes, in reasons, narratives and the JSON', () => {
  const count = (over: Partial<Indicator> & { id: string; series: Record<string, string | number> }) =>
    makeIndicator({ polarity: 'lower', target: target('below 50'), ...over });
  const words = async (ind: Indicator, yaml = '') => {
    const report = makeReport([ind], yaml);
    const r = await analyse(report);
    const json = reportJson(report, r).indicators[0]!;
    // The JSON carries the same words as the pack.
    expect([json.reason, json.directionReason, json.narrative]).toEqual([r.words().rag, r.words().direction, r.words().narrative]);
    return r.words();
  };

  it('speaks in points for a percentage, never in a per cent of the target', async () => {
    const w = await words(pct({ id: 'A', series: { 'Feb-26': '76.3%', 'Mar-26': '75.0%' } }));
    expect(w.rag).toBe('75.0% is 15.0 points below the 90% target (amber band 9 points)');
    expect(w.narrative).toMatch(/^Performance was 75\.0% in March 2026, 15\.0 points below the 90% target \(Red\)\./);
    expect(w.direction).toBe('Fell from 76.3% in Feb-26 to 75.0% in Mar-26 (−1.3 points), a decline');
    const amber = await words(pct({ id: 'B', series: { 'Mar-26': '8.7%' }, polarity: 'lower', target: target('below 8%') }));
    expect(amber.rag).toBe('8.7% is 0.7 points above the target of below 8% (amber band 0.8 points)');
    expect(amber.narrative).toContain('0.7 points above the 8% target (Amber, within the tolerance of 0.8 points)');
    const little = await words(pct({ id: 'C', series: { 'Feb-26': '81.6%', 'Mar-26': '81.9%' } }));
    expect(little.direction).toBe('Little change: 81.6% in Feb-26, 81.9% in Mar-26 (+0.3 points, within the no-change band of 0.82 points)');
    for (const text of [w.rag, w.narrative, amber.rag, amber.narrative, little.direction]) expect(text).not.toMatch(/\d% (below|above)/);
  });

  it('speaks in units with the per cent beside them for anything else', async () => {
    const w = await words(count({ id: 'D', series: { 'Feb-25': 44, 'Mar-25': 57 } }));
    expect(w.rag).toBe('57 is 7 (14.0%) above the target of below 50 (amber band 10%)');
    expect(w.narrative).toMatch(/^Performance was 57 in March 2025, 7 \(14\.0%\) above the target of 50 \(Red\)\./);
    expect(w.direction).toBe('Rose from 44 in Feb-25 to 57 in Mar-25 (+13, +29.5%), a decline');
    const amber = await words(count({ id: 'G', series: { 'Mar-25': 54 } }));
    expect(amber.narrative).toMatch(/^Performance was 54 in March 2025, 4 \(8\.0%\) above the target of 50 \(Amber, within the tolerance of 10%\)\./);
    const zero = await words(count({ id: 'E', series: { 'Mar-25': 4 }, target: target('0') }));
    // No per cent of a target of 0.
    expect(zero.rag).toBe('4 is 4 above the target of at most 0 (amber band 10%)');
    const edge = await words(count({ id: 'F', series: { 'Mar-25': 50 } }));
    expect(edge.rag).toBe('50 does not meet the target of below 50 (amber band 10%)');
    expect(edge.narrative).toMatch(/^Performance was 50 in March 2025, not below the target of 50 \(Amber/);
  });
});

describe('every narrative states the newest figure the indicator has, and its period', () => {
  it.each<[string, Indicator, string, string?]>([
    [
      'not yet collected, below its target then',
      pct({ id: 'A', series: { 'Feb-25': '27.3%', 'Mar-25': 'NYC' } }),
      'The figure for March 2025 has not yet been collected; the latest, 27.3% for February 2025, was 62.7 points below the 90% target.',
    ],
    [
      'a marker, meeting its target then',
      pct({ id: 'B', series: { 'Sep-24': '93.0%', 'Mar-25': 'NA' } }),
      'There is no figure for March 2025 (NA); the latest, 93.0% for September 2024, met the 90% target.',
    ],
    [
      'a year-to-date count, against its share of the annual target then',
      makeIndicator({ id: 'C', series: { 'Jan-26': 26, 'Feb-26': 28, 'Mar-26': 'NYC' }, polarity: 'higher', target: target('30'), cumulative: true }),
      "The figure for March 2026 has not yet been collected; the latest, 28 for February 2026, met the target of 27.5 (11 months' share of the annual target of 30).",
    ],
    [
      'monitored, with no figure this period',
      makeIndicator({ id: 'D', series: { 'Feb-26': 338, 'Mar-26': '-' }, target: target('Monitor') }),
      'There is no figure for March 2026; the latest is 338, for February 2026. This indicator is monitored without a target.',
    ],
    [
      'no target, with no figure this period',
      makeIndicator({ id: 'E', series: { 'Sep-16': 1036, 'Sep-17': '-' } }),
      'There is no figure for September 2017; the latest is 1,036, for September 2016. It has no target.',
    ],
    [
      'an older figure rated because report.yaml allows its age',
      pct({ id: 'F', series: { 'Jan-25': '91.0%', 'Feb-25': '95.0%', 'Mar-25': '-' } }),
      'There is no figure for March 2025. Performance was 95.0% in February 2025, meeting the 90% target (Green). It rose from 91.0% in January 2025, an improvement.',
      'indicators: { F: { maxAge: 1 } }',
    ],
  ])('%s', async (_case, ind, text, yaml = '') => {
    expect(await narrative(ind, yaml)).toBe(text);
  });

  it('in the sample and every example, and each percentage gap is in points', async () => {
    for (const file of ['inputs/report.yaml', 'examples/monthly-2024-25.yaml', 'examples/quarterly-2018-19-q2.yaml', 'examples/kpi-2017-q2.yaml']) {
      const r = await analyse(await loadReport(join(repoDir, file), nodeEffects));
      r.a.forEach((a, i) => {
        const { rag, narrative } = r.words(i);
        const latest = a.latest;
        if (latest) {
          expect(narrative, `${file} ${a.indicator.id}`).toContain(formatFigure(latest.value!, a.indicator));
          expect(narrative, `${file} ${a.indicator.id}`).toContain(periodContext(latest.period).name);
        } else expect(narrative).toContain('nor for any earlier period');
        if (a.indicator.unit === '%') expect(`${rag} ${narrative}`, `${file} ${a.indicator.id}`).not.toMatch(/\d% (below|above)/);
        if (a.indicator.unit === '%' && a.ragFacts.case === 'rated' && !a.ragFacts.judgement.rag.startsWith('green') && a.ragFacts.judgement.gap > 0)
          expect(rag, `${file} ${a.indicator.id}`).toMatch(/ points? (below|above) /);
      });
    }
  });
});
