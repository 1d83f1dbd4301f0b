import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import sax from 'sax';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPack } from '../../src/build.js';
import { loadChartjsNodeCanvas } from '../../src/chart/png.js';
import { fileNames } from '../../src/exportCharts.js';
import { nodeEffects } from '../../src/effects.js';
import { type Io, main } from '../../src/cli/main.js';
import { repoDir } from '../helpers/examples.js';
import { tempDir } from '../helpers/workbooks.js';
import { cli, ensureBuilt, expectNoStack } from '../robustness/helpers.js';
import type { ChartEntry } from '../../src/exportCharts.js';

const sample = join(repoDir, 'inputs/report.yaml');
const example = join(repoDir, 'examples/monthly-2024-25.yaml');

type Entry = ChartEntry;
interface Index {
  period: { id: string; label: string };
  format: 'svg' | 'png';
  scale: number | null;
  charts: Entry[];
}

/** The command line in this process, with `loadPng` standing in for loading chartjs-node-canvas. */
async function run(argv: string[], loadPng?: Io['loadPng']) {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), fx: nodeEffects, ...(loadPng ? { loadPng } : {}) };
  return { code: await main(argv, io), stdout, stderr };
}

/** A tidy CSV folder: X1's values no axis can show, X2 an ordinary series, in a section named in Japanese. */
function extremes(): string {
  const dir = tempDir();
  writeFileSync(
    join(dir, 'Indicators.csv'),
    'ID,Title,Section,Unit,Polarity,Target\nX1,Measure X1,児童サービス,number,High is good,5\nX2,Measure X2,児童サービス,%,High is good,50%\n',
  );
  writeFileSync(
    join(dir, 'Values.csv'),
    `ID,Period,Value\n${['1e308', '-1e308', '1e308', '-1e308'].map((v, i) => `X1,${MONTHS[i]},${v}`).join('\n')}\n${['40%', '45%', '52%', '55%'].map((v, i) => `X2,${MONTHS[i]},${v}`).join('\n')}\n`,
  );
  return dir;
}
const MONTHS = ['Jan-25', 'Feb-25', 'Mar-25', 'Apr-25'];

const readIndex = (dir: string) => JSON.parse(readFileSync(join(dir, 'charts.json'), 'utf8')) as Index;

/** The root element's attributes and its <title>'s text, parsed strictly: a file that is not well-formed XML throws. */
function parseSvg(xml: string): { root: string; attrs: Record<string, string>; titleId: string | null; title: string } {
  const parser = sax.parser(true, {});
  let root = '';
  let attrs: Record<string, string> = {};
  let inTitle = false;
  let titleId: string | null = null;
  let title = '';
  parser.onerror = (e) => {
    throw e;
  };
  parser.onopentag = (tag) => {
    if (root === '') {
      root = tag.name;
      attrs = tag.attributes as Record<string, string>;
    }
    if (tag.name === 'title') {
      inTitle = true;
      titleId = (tag.attributes as Record<string, string>).id ?? null;
    }
  };
  parser.onclosetag = (name) => {
    if (name === 'title') inTitle = false;
  };
  parser.ontext = (t) => {
    if (inTitle) title += t;
  };
  parser.write(xml).close();
  return { root, attrs, titleId, title };
}

/** What the test uses of canvas (an optional peer, so not typed from it). */
interface CanvasModule {
  loadImage(data: Buffer): Promise<{ width: number; height: number }>;
  createCanvas(
    width: number,
    height: number,
  ): {
    getContext(kind: '2d'): {
      drawImage(image: unknown, x: number, y: number): void;
      getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
    };
  };
}

/** Width and height from a PNG's IHDR chunk, after checking its signature. */
function pngSize(data: Buffer): { width: number; height: number } {
  expect([...data.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(data.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

/** Whether chartjs-node-canvas (and canvas) can be loaded here. CI installs them and requires the PNG tests to run. */
const pngAvailable = await loadChartjsNodeCanvas().then(
  () => true,
  () => false,
);
const pngRequired = process.env.BOARDPACK_PNG_TESTS === 'required';

describe('boardpack charts --format svg', () => {
  it("writes one SVG per chart of the pack (each indicator's and the summary), each named by its alt text", { timeout: 60_000 }, async () => {
    const out = join(tempDir(), 'charts');
    const r = await run(['charts', sample, '--format', 'svg', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const index = readIndex(out);
    // The same charts as the PDF draws: as many, for the same indicators.
    const pack = await buildPack(sample, { write: false });
    expect(index.charts).toHaveLength(pack.charts);
    expect(index.charts.filter((c) => c.id !== 'summary')).toHaveLength(pack.report.scorecard.indicators.length);
    expect(new Set(index.charts.map((c) => c.id))).toEqual(new Set(['summary', ...pack.report.scorecard.indicators.map((i) => i.id)]));
    expect(r.stdout).toContain(`Wrote ${pack.charts} SVG charts for Mar-26`);
    expect(index).toMatchObject({ period: { id: '2026-03', label: 'Mar-26' }, format: 'svg', scale: null });
    // Nothing but the charts and their index.
    expect(readdirSync(out).sort()).toEqual([...index.charts.map((c) => c.file), 'charts.json'].sort());
    for (const c of index.charts) {
      expect(c.file).toBe(`${c.id}.svg`);
      expect(c.notDrawn).toBeUndefined();
      const svg = parseSvg(readFileSync(join(out, c.file), 'utf8'));
      expect(svg.root).toBe('svg');
      expect(svg.attrs.role).toBe('img');
      expect(svg.attrs['aria-labelledby']).toBe(svg.titleId);
      expect(svg.title).toBe(c.alt);
      expect(svg.attrs.viewBox).toBe(`0 0 ${c.width} ${c.height}`);
    }
    const summary = index.charts.find((c) => c.id === 'summary')!;
    expect(summary.alt).toMatch(/^Bar chart of ratings by section: Early Help and Front Door \d+ green/);
    const detail = index.charts.find((c) => c.id === 'CIC1')!;
    expect(detail).toMatchObject({ title: 'Rate of children in care per 10,000 children', width: expect.any(Number), height: 168 });
    // Text as text, in the pack's font by its own name, then a generic family for a reader without it.
    const text = readFileSync(join(out, detail.file), 'utf8');
    expect(text).toContain(`font-family="'DejaVu Sans Condensed', sans-serif"`);
    expect(text).toMatch(/>Apr-25<\/text>/);
    expect(text).toMatch(/>68\.2r<\/text>/);
  });

  it('shows a chart that cannot be drawn as a framed box with its description, and says so', async () => {
    const dir = extremes();
    const out = join(dir, 'charts');
    const r = await run(['charts', dir, '--format', 'svg', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Wrote 3 SVG charts for Apr-25');
    expect(r.stdout).toContain('1 could not be drawn (each shows its description)');
    expect(r.stdout).toContain('warning chart-not-drawn');
    const index = readIndex(out);
    expect(index.charts.map((c) => [c.id, c.notDrawn])).toEqual([
      ['summary', undefined],
      ['X1', expect.stringMatching(/^the values are too large, too small or too far apart to plot/)],
      ['X2', undefined],
    ]);
    // --json prints the same index, with where it is.
    const json = await run(['charts', dir, '--format', 'svg', '--out', out, '--json', '--quiet']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ dir: out, index: join(out, 'charts.json'), ...index });
    const x1 = readFileSync(join(out, 'X1.svg'), 'utf8');
    expect(parseSvg(x1).title).toBe(index.charts[1]!.alt);
    expect(x1).toContain('>Chart not available</text>');
    // The section's Japanese name is drawn in the fallback font that has it, named after the pack's.
    expect(readFileSync(join(out, 'summary.svg'), 'utf8')).toMatch(/font-family="'Droid Sans Fallback', sans-serif"[^>]*>児童サービス</);
  });

  it('makes IDs safe and unique as file names', () => {
    expect(fileNames(['1a', '1A', 'a/b', '../x', 'CON', 'PI 3: new', '', '...', 'é 2', 'summary', 'summary'])).toEqual([
      '1a',
      '1A-2',
      'a-b',
      'x',
      'CON-',
      'PI-3-new',
      'chart',
      'chart-2',
      'é-2',
      'summary',
      'summary-2',
    ]);
  });

  it('refuses --scale for SVG, and a scale out of range, before any work', async () => {
    const out = join(tempDir(), 'charts');
    const svg = await run(['charts', sample, '--format', 'svg', '--scale', '2', '--out', out]);
    expect(svg.code).toBe(2);
    expect(svg.stderr).toContain('error usage  --scale');
    const big = await run(['charts', sample, '--format', 'png', '--scale', '40', '--out', out], async () => {
      throw new Error('not reached: the scale is checked first');
    });
    expect(big.code).toBe(2);
    expect(big.stderr).toContain('at most 8');
    const format = await run(['charts', sample, '--format', 'gif', '--out', out]);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/svg, png|"svg", "png"/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('boardpack charts --format png without chartjs-node-canvas', () => {
  // Node's own failure, from a folder where neither package can be found.
  const nowhere = createRequire(join(tempDir(), 'nothing-here.js'));

  it('says in one paragraph what to install, per platform, and exits 2 writing nothing', async () => {
    const out = join(tempDir(), 'charts');
    const r = await run(['charts', sample, '--format', 'png', '--out', out], async () => nowhere('chartjs-node-canvas'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error png-renderer-missing  --format png');
    expect(r.stderr).toContain('chartjs-node-canvas, which is not installed');
    const fix = r.stderr.slice(r.stderr.indexOf('fix:'));
    for (const words of [
      'npm install --save-optional chartjs-node-canvas canvas',
      'sudo apt-get install build-essential libcairo2-dev libpango1.0-dev libjpeg-dev libgif-dev librsvg2-dev pkg-config',
      'brew install pkg-config cairo pango',
      'Windows',
      '--format svg',
    ])
      expect(fix.replace(/\s+/g, ' ')).toContain(words);
    expect(existsSync(out)).toBe(false);
  });

  it('names canvas when chartjs-node-canvas is there but canvas is not', async () => {
    const r = await run(['charts', sample, '--format', 'png', '--out', join(tempDir(), 'charts')], async () => nowhere('canvas'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the native canvas module it draws with is not');
  });

  it('says so from the real bin, where loading it fails as it would with the package absent', { timeout: 60_000 }, async () => {
    await ensureBuilt();
    // A preload that makes the package unresolvable, as on a default install.
    const hide = join(tempDir(), 'hide.cjs');
    writeFileSync(
      hide,
      `const Module = require('node:module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'chartjs-node-canvas') throw Object.assign(new Error("Cannot find module 'chartjs-node-canvas'"), { code: 'MODULE_NOT_FOUND' });
  return resolve.call(this, request, ...rest);
};`,
    );
    const out = join(tempDir(), 'charts');
    const r = await cli(['charts', sample, '--format', 'png', '--out', out], { env: { NODE_OPTIONS: `--require ${hide}` }, timeoutMs: 30_000 });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('error png-renderer-missing');
    expect(r.stderr).toContain('libcairo2-dev');
    expectNoStack(r);
    expect(existsSync(out)).toBe(false);
  });
});

describe.skipIf(!pngAvailable && !pngRequired)('boardpack charts --format png (chartjs-node-canvas)', () => {
  beforeAll(() => {
    if (!pngAvailable) throw new Error('BOARDPACK_PNG_TESTS=required, but chartjs-node-canvas and canvas cannot be loaded: see .ci/run');
  });

  it('writes one PNG per chart, at the SVG size times the scale, from the real bin', { timeout: 120_000 }, async () => {
    await ensureBuilt();
    const base = tempDir();
    const svg = await cli(['charts', example, '--format', 'svg', '--out', join(base, 'svg')], { timeoutMs: 60_000 });
    expect(svg.code, svg.stderr).toBe(0);
    const png = await cli(['charts', example, '--format', 'png', '--out', join(base, 'png')], { timeoutMs: 60_000 });
    expect(png.code, png.stderr).toBe(0);
    expectNoStack(png);
    const points = readIndex(join(base, 'svg'));
    const pixels = readIndex(join(base, 'png'));
    expect(pixels).toMatchObject({ format: 'png', scale: 2 });
    expect(pixels.charts.map((c) => [c.id, c.title, c.alt])).toEqual(points.charts.map((c) => [c.id, c.title, c.alt]));
    expect(readdirSync(join(base, 'png')).sort()).toEqual([...pixels.charts.map((c) => c.file), 'charts.json'].sort());
    for (const [i, c] of pixels.charts.entries()) {
      const p = points.charts[i]!;
      expect(c.file).toBe(p.file.replace(/\.svg$/, '.png'));
      expect(c).toMatchObject({ width: Math.round(p.width) * 2, height: Math.round(p.height) * 2 });
      expect(pngSize(readFileSync(join(base, 'png', c.file)))).toEqual({ width: c.width, height: c.height });
    }
  });

  it('writes no PNG for a chart that cannot be drawn, and says why in charts.json', { timeout: 60_000 }, async () => {
    const dir = extremes();
    const out = join(dir, 'png');
    const r = await run(['charts', dir, '--format', 'png', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('1 could not be drawn (no file; see charts.json)');
    const index = readIndex(out);
    expect(index.charts.map((c) => [c.file, c.notDrawn === undefined])).toEqual([
      ['summary.png', true],
      ['X1.png', false],
      ['X2.png', true],
    ]);
    expect(readdirSync(out).sort()).toEqual(['X2.png', 'charts.json', 'summary.png']);
  });

  it('draws at --scale, on white, with the figures row under the axis', { timeout: 60_000 }, async () => {
    const out = join(tempDir(), 'png');
    const r = await run(['charts', sample, '--format', 'png', '--scale', '1.5', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('at 1.5× scale');
    const index = readIndex(out);
    const detail = index.charts.find((c) => c.id === 'CIC1')!;
    expect(detail.height).toBe(Math.floor(168 * 1.5));
    const data = readFileSync(join(out, detail.file));
    expect(pngSize(data)).toEqual({ width: detail.width, height: detail.height });
    // The figures row (boardpack's, not Chart.js's) is the bottom 13 points: drawn, it has dark pixels.
    const { loadImage, createCanvas } = createRequire(createRequire(import.meta.url).resolve('chartjs-node-canvas'))('canvas') as CanvasModule;
    const image = await loadImage(data);
    const canvas = createCanvas(image.width, image.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(image, 0, 0);
    const dark = (y0: number, y1: number) => {
      const px = ctx.getImageData(0, y0, image.width, y1 - y0).data;
      let n = 0;
      for (let k = 0; k < px.length; k += 4) if (px[k]! < 128 && px[k + 1]! < 128 && px[k + 2]! < 128) n++;
      return n;
    };
    const row = Math.round(13 * 1.5);
    expect(dark(image.height - row, image.height)).toBeGreaterThan(50);
    // The page is white (the background), not transparent.
    expect([...ctx.getImageData(1, 1, 1, 1).data]).toEqual([255, 255, 255, 255]);
  });
});
