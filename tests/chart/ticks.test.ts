import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assessReport } from '../../src/assess/index.js';
import { trendChart } from '../../src/chart/builders.js';
import type { ChartDrawing } from '../../src/chart/recordingContext.js';
import { ChartRenderer } from '../../src/chart/render.js';
import { formatTick } from '../../src/chart/ticks.js';
import { decimalsOf, formatAsSet, formatChange, formatNumber, formatValue } from '../../src/model/format.js';
import { FONTS_DIR } from '../../src/narrate/pack.js';
import { makeIndicator, makeReport, target } from '../helpers/build.js';
import { palette } from '../helpers/charts.js';

const months = ['Jan-25', 'Feb-25', 'Mar-25', 'Apr-25'];

let renderer: ChartRenderer;
beforeAll(async () => {
  renderer = await ChartRenderer.create(join(FONTS_DIR, 'DejaVuSansCondensed.ttf'), 'PackSans');
});

/** The y-axis labels of an indicator's trend chart, drawn as the pack draws it. */
function axis(values: string[], unit = '%', raw = ''): string[] {
  const series = Object.fromEntries(values.map((v, i) => [months[i]!, v]));
  const ind = makeIndicator({ id: 'A', series, unit, decimals: null, polarity: 'higher', target: target(raw) });
  const drawing: ChartDrawing = renderer.render(
    trendChart(assessReport(makeReport([ind])).indicators[0]!, { palette, fontFamily: 'PackSans', fontSize: 9 }, { width: 400, height: 150, periods: 12 }),
  );
  // The y labels are the texts right-aligned at the left edge, above the x labels' row.
  const ops = drawing.ops.flatMap((o) => (o.kind === 'text' && o.matrix === null && o.x < 60 && o.y < 120 ? [o.text] : []));
  return ops;
}

describe('value axes of flat, tiny and empty series (Chart.js asked Intl for more than 20 decimals, or fewer than its step, and threw)', () => {
  it('labels a flat series', () => {
    expect(axis(['50%', '50%', '50%', '50%'])).toEqual(['46', '48', '50', '52', '54']);
  });

  it('labels a tiny series with the decimals its step needs', () => {
    expect(axis(['0.0000001%', '0.0000002%', '0.0000001%', '0.0000002%'])).toEqual(['0.00000005', '0.00000010', '0.00000015', '0.00000020', '0.00000025']);
  });

  it('labels a flat tiny series, a series of hundredths, zeros and a single value', () => {
    expect(axis(['0.0000001%', '0.0000001%', '0.0000001%', '0.0000001%']).length).toBeGreaterThan(2);
    expect(axis(['0.01%', '0.02%', '0.03%', '0.05%'])).toEqual(expect.arrayContaining(['0.02', '0.04']));
    expect(axis(['0', '0', '0', '0'], 'number')).toEqual(expect.arrayContaining(['0']));
    expect(axis(['42.5%'])).toEqual(expect.arrayContaining(['42', '44']));
  });

  it('writes steps past 20 decimals, and figures of 10^15 and more, with an exponent', () => {
    expect(formatTick(3e-25, 1e-25)).toBe('3e-25');
    expect(formatTick(2.5e-25, 5e-26)).toBe('2.5e-25');
    expect(formatTick(1.5e21, 5e20)).toBe('1.5e21');
    expect(formatTick(0.3, 0.1 + 0.2 - 0.2)).toBe('0.3');
    expect(formatTick(1250, 250)).toBe('1,250');
    expect(formatTick(0.25, 0.25)).toBe('0.25');
    for (const step of [1e-25, 1e-300, 5e-324, 1e300, Number.NaN, 0, -0.5]) expect(() => formatTick(1, step)).not.toThrow();
  });
});

describe('fraction digits are always 0–20 (or derived)', () => {
  it('clamps decimals asked of formatNumber', () => {
    expect(formatNumber(1.5, 25)).toBe(`1.${'5'.padEnd(20, '0')}`);
    expect(formatNumber(1.5, -3)).toBe('2');
    expect(formatNumber(1.5, Number.NaN)).toBe('2');
    expect(() => formatNumber(1, 500)).not.toThrow();
  });

  it('derives decimals for small figures that one decimal would show as 0.0', () => {
    expect(formatValue(0.0000001, '%', null)).toBe('0.0000001%');
    expect(formatValue(0.000000123, '%', null)).toBe('0.00000012%');
    expect(formatValue(72.25, '%', null)).toBe('72.3%');
    expect(formatValue(5e-324, '%', null)).toBe('0.0%');
    expect(formatChange(0.00002, '%', null)).toBe('+0.00002 points');
    expect(formatAsSet(0.0000001, '%')).toBe('0.0000001%');
    expect(formatAsSet(33.3333, '%')).toBe('33.33%');
    expect(formatAsSet(8, '%')).toBe('8%');
    expect(decimalsOf(0.1 + 0.2)).toBe(1);
    expect(decimalsOf(2.5e-9)).toBe(10);
  });
});
