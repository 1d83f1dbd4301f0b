import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assessReport } from '../../src/assess/index.js';
import { ragSummaryChart, trendChart } from '../../src/chart/builders.js';
import { drawingToSvg } from '../../src/chart/svg.js';
import { ChartRenderer } from '../../src/chart/render.js';
import { FONTS_DIR } from '../../src/narrate/pack.js';
import { makeIndicator, makeReport, target } from '../helpers/build.js';
import { palette } from '../helpers/charts.js';

const style = { palette, fontFamily: 'PackSans', fontSize: 9 };
const bench = { name: 'SN av', value: 87, raw: '87%', status: 'ok' as const, revised: false, at: '' };

function assessed(series: Record<string, string>, raw = '90%') {
  const ind = makeIndicator({ id: 'A', series, unit: '%', decimals: 1, polarity: 'higher', target: target(raw), benchmarks: [bench] });
  return assessReport(makeReport([ind])).indicators[0]!;
}

describe('chart builders (pure Chart.js configurations)', () => {
  it('draws gaps, not zeros, and colours each point by its RAG', () => {
    const a = assessed({ 'Jan-25': '92%', 'Feb-25': 'suppressed', 'Mar-25': '72.2%' });
    const { config, alt } = trendChart(a, style, { width: 400, height: 150, periods: 12 });
    const [value, goal, sn] = config.data.datasets as Array<{ data: unknown[]; pointBackgroundColor?: string[]; label: string }>;
    expect(config.data.labels).toEqual(['Jan-25', 'Feb-25', 'Mar-25']);
    expect(value!.data).toEqual([92, null, 72.2]);
    expect(value!.pointBackgroundColor).toEqual([palette.green, palette.none, palette.red]);
    expect(goal).toMatchObject({ label: 'Target 90%', data: [90, 90, 90] });
    expect(sn).toMatchObject({ label: 'SN av 87.0%', data: [87, 87, 87] });
    expect(alt).toBe(
      'Line chart: fell from 92.0% in Jan-25 to 72.2% in Mar-25; highest 92.0% (Jan-25), lowest 72.2% (Mar-25); 1 of 3 periods without a value; target 90%; SN av 87.0%.',
    );
    expect(JSON.parse(JSON.stringify(config))).toEqual(config);
  });

  it('shades a range target as a band', () => {
    const a = assessed({ 'Feb-25': '60%', 'Mar-25': '65%' }, '64-66%');
    const sets = trendChart(a, style, { width: 400, height: 150, periods: 12 }).config.data.datasets as Array<{ data: unknown[]; fill?: unknown }>;
    expect(sets[1]).toMatchObject({ data: [66, 66], fill: '+1' });
    expect(sets[2]).toMatchObject({ data: [64, 64] });
  });

  it('summarises ratings per section', () => {
    const section = {
      id: 's',
      title: 'Safeguarding',
      parent: null,
      indicators: [],
      rollup: 'red' as const,
      rule: { rollup: 'worst' as const, share: 0.25 },
      summary: {
        total: 6,
        rag: { green: 3, amber: 1, red: 2, none: 0, 'no-data': 0 },
        direction: {} as never,
        previouslyReported: {} as never,
        target: {} as never,
      },
    };
    const chart = ragSummaryChart([section], style, 500);
    expect(chart.config.data.datasets.map((d) => d.data)).toEqual([[3], [1], [2], [0], [0]]);
    expect(chart.alt).toBe('Bar chart of ratings by section: Safeguarding 3 green, 1 amber, 2 red.');
  });
});

describe('drawing charts', () => {
  it('records Chart.js drawing as vector paths and real text in the pack font', async () => {
    const renderer = await ChartRenderer.create(join(FONTS_DIR, 'DejaVuSansCondensed.ttf'), 'PackSans');
    const a = assessed({ 'Jan-25': '92%', 'Feb-25': '80%', 'Mar-25': '72.2%' });
    const drawing = renderer.render(trendChart(a, style, { width: 400, height: 150, periods: 12 }));
    expect(drawing).toMatchObject({ width: 400, height: 150 });
    const texts = drawing.ops.filter((o) => o.kind === 'text').map((o) => (o as { text: string }).text);
    expect(texts).toEqual(expect.arrayContaining(['Jan-25', 'Feb-25', 'Mar-25', 'Target 90%', 'SN av 87.0%', 'Per cent']));
    // The figures row: each period's value under its label.
    expect(texts).toEqual(expect.arrayContaining(['92.0%', '80.0%', '72.2%']));
    const x = (t: string) => (drawing.ops.find((o) => o.kind === 'text' && o.text === t) as { x: number }).x;
    const width = (t: string) => t.length * 3;
    expect(Math.abs(x('Mar-25') + width('Mar-25') / 2 - (x('72.2%') + width('72.2%') / 2))).toBeLessThan(6);
    const paths = drawing.ops.filter((o) => o.kind === 'path');
    expect(paths.some((p) => p.kind === 'path' && p.stroke?.colour === palette.accent)).toBe(true);
    expect(paths.some((p) => p.kind === 'path' && p.stroke?.dash.length)).toBe(true);
    for (const op of drawing.ops) {
      if (op.kind === 'text' && op.matrix === null) {
        expect(op.x).toBeGreaterThanOrEqual(0);
        expect(op.x).toBeLessThanOrEqual(400);
      }
    }
    expect(drawing.ops.some((o) => o.kind === 'text' && o.text === 'Per cent' && o.matrix !== null)).toBe(true);
    const svg = drawingToSvg(drawing, { families: ['PackSans'], title: 'Line chart: <fell> & "rose"', idPrefix: 'c7' });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 400 150" width="400" height="150" role="img" aria-labelledby="c7-title">/);
    // Named by its alternative text, escaped; its labels are text in the pack's font.
    expect(svg).toContain('<title id="c7-title">Line chart: &lt;fell&gt; &amp; "rose"</title>');
    expect(svg).toContain('>Mar-25</text>');
    expect(svg).toContain(`font-family="'PackSans', sans-serif"`);
    // One element per operation, in order, nothing else drawn.
    expect((svg.match(/<(path|text) /g) ?? []).length).toBe(drawing.ops.length);
  });
});

describe('one Chart.js chart per kind and size, drawn again with each configuration', () => {
  it('draws exactly what a new chart draws, whatever came before', async () => {
    const font = join(FONTS_DIR, 'DejaVuSansCondensed.ttf');
    const kept = await ChartRenderer.create(font, 'PackSans');
    const size = { width: 400, height: 150, periods: 12 };
    const specs = [
      trendChart(assessed({ 'Jan-25': '92%', 'Feb-25': '80%', 'Mar-25': '72.2%' }), style, size),
      trendChart(assessed({ 'Jan-25': '1%', 'Feb-25': 'suppressed', 'Mar-25': '99%', 'Apr-25': '50%' }, '40-60%'), style, size),
      trendChart(assessed({ 'Mar-25': '72.2%' }, 'Monitor'), style, size),
      trendChart(assessed({ 'Jan-25': '1e308', 'Feb-25': '-1e308' }), style, size),
      trendChart(assessed({ 'Jan-25': '0.00001%', 'Feb-25': '0.00002%', 'Mar-25': '0.00003%' }), style, { ...size, width: 300 }),
      ragSummaryChart(
        [
          {
            id: 's',
            title: 'Safeguarding',
            parent: null,
            indicators: [],
            rollup: 'red',
            rule: { rollup: 'worst', share: 0.25 },
            summary: { total: 6, rag: { green: 3, amber: 1, red: 2, none: 0, 'no-data': 0 }, direction: {}, previouslyReported: {}, target: {} },
          } as never,
        ],
        style,
        400,
      ),
      trendChart(assessed({ 'Jan-25': '92%', 'Feb-25': '80%', 'Mar-25': '72.2%' }), style, size),
    ];
    const draw = (r: ChartRenderer, spec: (typeof specs)[number]) => {
      try {
        return JSON.stringify(r.render(spec));
      } catch (e) {
        return `threw: ${(e as Error).message}`;
      }
    };
    const again = specs.map((spec) => draw(kept, spec));
    const fresh = await Promise.all(specs.map(async (spec) => draw(await ChartRenderer.create(font, 'PackSans'), spec)));
    expect(again).toEqual(fresh);
    expect(again[3]).toMatch(/^threw: the values are too large/);
    for (const k of [0, 1, 2, 4, 5]) expect(again[k]).not.toMatch(/^threw/);
    expect(new Set(again).size).toBe(specs.length - 1);
  });
});

describe('a drawing as SVG (src/chart/svg.ts)', () => {
  const fill = { colour: '#000000', opacity: 1 };
  it('draws a fallback run in its own font, and a chart that could not be drawn as a framed box with its description', () => {
    const drawing = {
      width: 200,
      height: 50,
      ops: [
        { kind: 'text' as const, text: 'Label ', x: 10, y: 20, size: 8, bold: true, fill, matrix: null },
        { kind: 'text' as const, text: 'שלום', x: 40, y: 20, size: 8, bold: true, fill, matrix: null, fallback: 1 },
      ],
    };
    const svg = drawingToSvg(drawing, { families: ['PackSans', 'PackSans-fallback-1', 'PackSans-fallback-2'], title: 'A chart', size: null });
    expect(svg).not.toContain(' width=');
    expect(svg).toContain(`font-family="'PackSans', sans-serif" font-size="8" font-weight="bold"`);
    // A fallback is drawn in its regular face, as on the page.
    expect(svg).toContain(`font-family="'PackSans-fallback-2', sans-serif" font-size="8" fill="#000000" aria-hidden="true">שלום</text>`);

    const failed = { width: 200, height: 50, ops: [], failure: { reason: 'the values are too large', alt: 'Line chart: rose from 1 to <2>.' } };
    const box = drawingToSvg(failed, { families: ['PackSans'], title: failed.failure.alt, notDrawnLabel: 'Chart not drawn' });
    expect(box).toContain('stroke-dasharray="3 2"');
    expect(box).toContain('>Chart not drawn</text>');
    expect(box).toContain('>Line chart: rose from 1 to &lt;2&gt;.</text>');
  });
});
