import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assessReport } from '../../src/assess/index.js';
import { nodeEffects } from '../../src/effects.js';
import { loadReport } from '../../src/pipeline.js';
import { repoDir } from '../helpers/examples.js';

const assess = async (name: string) => assessReport(await loadReport(join(repoDir, 'examples', name), nodeEffects));

describe('the monthly scorecard under its own rule (on target / within 15% / more than 15% from target)', async () => {
  const a = await assess('monthly-2024-25.yaml');
  const rag = (id: string) => a.indicators.find((x) => x.indicator.id === id)!.rag;

  // Worked by hand from the March 2025 column: gap = shortfall ÷ target.
  it.each([
    ['2', 'green'], // 99.0% against 90%
    ['3', 'amber'], // 8.8% against below 8%: 0.8 ÷ 8 = 10%
    ['7', 'amber'], // 82.1% against 90%: 8.8%
    ['9a', 'red'], // 55.2% against 90%: 38.7%
    ['9b', 'amber'], // 83.0% against 90%: 7.8%
    ['13', 'red'], // 57.8% against 90%: 35.8%
    ['16', 'green'], // 134.9 inside 105–135
    ['17', 'amber'], // 30.0 below 34–35: 4 ÷ 34 = 11.8%
    ['18', 'amber'], // 67.4 above 64–66: 1.4 ÷ 66 = 2.1%
    ['19a', 'red'], // 72.2% against 90%: 19.8%
    ['19b', 'red'], // 72.7%: 19.2%
    ['20', 'green'], // 96.5% against 95%
    ['21', 'green'], // 91.4% against 90%
    ['24', 'amber'], // 57 against below 50: 14%
    ['29', 'red'], // 4 against 0
    ['46', 'green'], // 0 against 0
    ['8b', 'green'], // 0.3% against below 10%
    ['49', 'green'], // 100% beats the 90–95% timeliness range
    ['56', 'red'], // 38% against 80%+: 52.5%
    ['54', 'green'], // 14 against 6 per month
    ['55', 'red'], // 74% against 100%: 26%
    ['35a', 'amber'], // 233 against 240: 2.9%
    ['6', 'green'], // 43.1% against 45% (lower is better)
    ['27', 'red'], // 20 against 15 (lower): 33%
    ['36', 'amber'], // 11.5% against 11% (lower): 4.5%
    ['59', 'red'], // 9 against 11: 18.2%
    ['84', 'red'], // 13.42 days against 10: 34.2%
    ['38a', 'no-data'], // NYC in March
    ['63', 'no-data'], // NA in March
    ['67', 'no-data'], // no March value
    ['1', 'none'], // Monitor
  ])('%s is %s', (id, expected) => {
    expect(rag(id)).toBe(expected);
  });

  it('rates every indicator with a numeric target and a March value', () => {
    const unrated = a.indicators.filter((x) => x.rag === 'none' && x.target.kind !== 'monitor' && x.target.kind !== 'none');
    expect(unrated.map((x) => x.indicator.id)).toEqual([]);
  });

  it('summarises the pack and rolls up each section (worst rating)', () => {
    expect(a.summary.total).toBe(96);
    expect(a.summary.rag.green + a.summary.rag.amber + a.summary.rag.red + a.summary.rag.none + a.summary.rag['no-data']).toBe(96);
    const early = a.sections.find((s) => s.title === 'Early Help and Front Door Responses')!;
    expect(early.indicators).toHaveLength(17);
    expect(early.rollup).toBe('red');
    expect(early.summary.rag.red).toBeGreaterThan(0);
  });

  it('finds the arrows in the sheet that contradict its figures', () => {
    const differs = a.issues.filter((i) => i.code === 'published-direction-differs').map((i) => i.at!.split(' › ')[2]);
    expect(differs).toEqual(['Q48', 'Q86', 'Q118']);
  });
});

describe('the quarterly and KPI scorecards assess end to end', () => {
  it('uses the quarterly polarity column and nests section roll-ups', async () => {
    const a = await assess('quarterly-2018-19-q2.yaml');
    const x = (id: string) => a.indicators.find((i) => i.indicator.id === id)!;
    expect(x('1.5')).toMatchObject({ rag: 'amber', direction: 'improving' }); // 21% against <20%, down from 23%
    expect(x('1.6')).toMatchObject({ rag: 'amber', direction: 'declining' }); // 79% against 85%: 7.1%
    expect(x('1.10')).toMatchObject({ rag: 'red', direction: 'no-change' }); // 74% against 90%: 17.8%
    expect(x('10.6').rag).toBe('green'); // 97%-99% in the 97–99% range
    expect(x('1.7').direction).toBe('not-comparable'); // suppressed
    const education = a.sections.find((s) => s.title === 'Education and 14-19 Skills')!;
    expect(education.indicators.length).toBe(
      a.sections.filter((s) => s.title === 'Virtual School' || s.title === 'Schools').reduce((n, s) => n + s.indicators.length, 0),
    );
  });

  it("reads the KPI report's better/worse arrows and counts as its summary box does", async () => {
    const a = await assess('kpi-2017-q2.yaml');
    expect(a.summary.previouslyReported.better).toBe(14);
    expect(a.summary.target.better + a.summary.target.achieving + a.summary.target.missing + a.summary.target.noTarget + a.summary.target.noData).toBe(51);
    const csc022 = a.indicators.find((i) => i.indicator.id === 'CSC 022')!;
    expect(csc022).toMatchObject({ rag: 'green', direction: 'declining', published: { direction: 'down', directionAgrees: true } });
  });
});
