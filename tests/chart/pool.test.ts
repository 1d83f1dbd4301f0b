import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessReport } from '../../src/assess/index.js';
import { type ChartSpec, trendChart } from '../../src/chart/builders.js';
import { LaneReader, LaneWriter, createLane } from '../../src/chart/lane.js';
import { ChartPool, type ChartSource, WORKER_FROM } from '../../src/chart/pool.js';
import type { ChartDrawing } from '../../src/chart/recordingContext.js';
import { FONTS_DIR } from '../../src/narrate/pack.js';
import { repoDir } from '../helpers/examples.js';
import { makeIndicator, makeReport, target } from '../helpers/build.js';
import { palette } from '../helpers/charts.js';

const options = { fontFile: join(FONTS_DIR, 'DejaVuSansCondensed.ttf'), family: 'PackSans' };

function trend(series: Record<string, string>): ChartSpec {
  const ind = makeIndicator({ id: 'A', series, unit: '%', decimals: 1, polarity: 'higher', target: target('90%') });
  return trendChart(assessReport(makeReport([ind])).indicators[0]!, { palette, fontFamily: 'PackSans', fontSize: 9 }, { width: 400, height: 150, periods: 12 });
}

const line = (data: number[], alt: string, figures = false): ChartSpec => ({
  width: 400,
  height: 150,
  alt,
  config: {
    type: 'line',
    data: { labels: data.map((_, i) => `P${i}`), datasets: [{ data, pointRadius: 2 }] },
    options: { animation: false, responsive: false },
  },
  ...(figures ? { figures: data.map((v) => ({ text: `${v} units`, colour: '#000000' })) } : {}),
});

/** Five charts, one after another in one worker's share: good, broken, huge, unplottable, good. */
const specs: ChartSpec[] = [
  trend({ 'Jan-25': '92%', 'Feb-25': '80%', 'Mar-25': '72.2%' }),
  // Chart.js throws: no pie controller is registered.
  { width: 200, height: 100, alt: 'Pie chart: nothing to see.', config: { type: 'pie', data: { labels: ['a', 'b'], datasets: [{ data: [1, 2] }] } } },
  // Far bigger than its share of shared memory (32 KB a chart).
  line(
    Array.from({ length: 3000 }, (_, i) => i % 97),
    'Line chart: a long one.',
    true,
  ),
  // A span past the largest number: Chart.js places every point at NaN.
  line([1e308, -1e308, 5e-324], 'Line chart: values past plotting.'),
  trend({ 'Jan-25': '50%', 'Feb-25': '55%', 'Mar-25': '61%' }),
];

const texts = (d: ChartDrawing) => d.ops.flatMap((o) => (o.kind === 'text' ? [o.text] : []));

/** Every chart comes back on its own: the broken and unplottable ones as failures with their descriptions, the rest drawn. */
function expectIndependent(source: ChartSource) {
  // The last first: charts finished before a failure must still read back whole afterwards.
  const last = source.get(4);
  const [first, broken, huge, unplottable] = [0, 1, 2, 3].map((i) => source.get(i)) as [ChartDrawing, ChartDrawing, ChartDrawing, ChartDrawing];
  expect(first.failure).toBeUndefined();
  expect(texts(first)).toEqual(expect.arrayContaining(['Jan-25', 'Mar-25', 'Target 90%', '72.2%']));
  expect(broken).toMatchObject({ width: 200, height: 100, ops: [], failure: { alt: 'Pie chart: nothing to see.' } });
  expect(broken.failure!.reason).toMatch(/"pie" is not a registered controller/);
  expect(huge.failure).toBeUndefined();
  expect(texts(huge).filter((t) => t.endsWith(' units'))).toHaveLength(3000);
  expect(JSON.stringify(huge).length).toBeGreaterThan(5 * 32 * 1024);
  expect(unplottable).toMatchObject({ ops: [], failure: { alt: 'Line chart: values past plotting.' } });
  expect(unplottable.failure!.reason).toMatch(/too large, too small or too far apart to plot/);
  expect(last.failure).toBeUndefined();
  expect(texts(last)).toEqual(expect.arrayContaining(['Jan-25', '61.0%']));
  // Read again: the same drawings.
  expect(source.get(0)).toBe(source.get(0));
}

describe('chart results are independent of one another', () => {
  let dir = '';
  beforeAll(() => {
    // The pool runs compiled workers; compile one (inside the repository, so chart.js resolves).
    dir = mkdtempSync(join(repoDir, 'node_modules', '.cache-boardpack-worker-'));
    execFileSync(process.execPath, [
      join(repoDir, 'node_modules/typescript/bin/tsc'),
      join(repoDir, 'src/chart/worker.ts'),
      '--outDir',
      dir,
      '--rootDir',
      join(repoDir, 'src'),
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--target',
      'es2022',
      '--noCheck',
      '--skipLibCheck',
      '--types',
      'node',
    ]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('on a worker thread: a chart that throws, overflows its space or cannot be plotted spoils no other', async () => {
    const pool = ChartPool.warm(1, join(dir, 'chart/worker.js'));
    try {
      expectIndependent(await pool.draw(specs, options));
    } finally {
      await pool.close();
    }
  });

  it('a worker only for charts enough to be worth one, unless one is asked for', async () => {
    const script = join(dir, 'chart/worker.js');
    const small = ChartPool.lazy(undefined, script);
    small.expect(WORKER_FROM - 1);
    expect(small.started).toBe(0);
    expectIndependent(await small.draw(specs, options));
    const large = ChartPool.lazy(undefined, script);
    large.expect(WORKER_FROM);
    expect(large.started).toBe(1);
    const asked = ChartPool.lazy(1, script);
    asked.expect(1);
    expect(asked.started).toBe(1);
    await Promise.all([small, large, asked].map((p) => p.close()));
  });

  it('on this thread, where there is no compiled worker', async () => {
    const pool = ChartPool.warm(0);
    expectIndependent(await pool.draw(specs, options));
    await pool.close();
  });
});

describe('the shared-memory lane', () => {
  const drawing = (text: string): ChartDrawing => ({
    width: 10,
    height: 10,
    ops: [{ kind: 'text', text, x: 1, y: 2, size: 7, bold: false, fill: { colour: '#000000', opacity: 1 }, matrix: null }],
  });

  it('never writes a failure over a chart already finished', () => {
    const lane = createLane(3, 1024);
    const writer = new LaneWriter(lane, null);
    const reader = new LaneReader(lane, null, 1000);
    writer.drawn(0, JSON.stringify(drawing('first')));
    writer.failed(1, 'Chart.js threw');
    writer.drawn(2, JSON.stringify(drawing('third')));
    expect(reader.read(1)).toEqual({ failure: 'Chart.js threw' });
    expect(reader.read(0)).toEqual({ drawing: drawing('first') });
    expect(reader.read(2)).toEqual({ drawing: drawing('third') });
  });

  it('sends a drawing too big for the space left by message, and fails it alone when it cannot', () => {
    const big = JSON.stringify(drawing('x'.repeat(400)));
    const small = JSON.stringify(drawing('small'));
    const { port1, port2 } = new MessageChannel();
    try {
      const lane = createLane(3, 300);
      const writer = new LaneWriter(lane, port2);
      writer.drawn(0, small);
      writer.drawn(1, big);
      writer.drawn(2, small);
      const reader = new LaneReader(lane, port1, 1000);
      expect(reader.read(2)).toEqual({ drawing: drawing('small') });
      expect(reader.read(1)).toEqual({ drawing: drawing('x'.repeat(400)) });
      expect(reader.read(0)).toEqual({ drawing: drawing('small') });
    } finally {
      port1.close();
    }
    // Room for the two small ones and the reason the big one failed.
    const lane = createLane(3, 400);
    const writer = new LaneWriter(lane, null);
    writer.drawn(0, small);
    writer.drawn(1, big);
    writer.drawn(2, small);
    const reader = new LaneReader(lane, null, 1000);
    expect(reader.read(1)).toMatchObject({ failure: expect.stringMatching(/larger than the space for it/) });
    expect(reader.read(0)).toEqual({ drawing: drawing('small') });
    expect(reader.read(2)).toEqual({ drawing: drawing('small') });
  });

  it('turns garbled or unplottable bytes into a failure of that chart only', () => {
    const lane = createLane(3, 1024);
    const writer = new LaneWriter(lane, null);
    writer.drawn(0, '{"width":10,"height":10,"ops":[{"kind":"te');
    writer.drawn(1, JSON.stringify({ ...drawing('nan'), ops: [{ ...drawing('nan').ops[0]!, x: null }] }));
    writer.drawn(2, JSON.stringify(drawing('fine')));
    const reader = new LaneReader(lane, null, 1000);
    expect(reader.read(0)).toMatchObject({ failure: expect.stringMatching(/unreadable/) });
    expect(reader.read(1)).toMatchObject({ failure: expect.stringMatching(/too large, too small or too far apart/) });
    expect(reader.read(2)).toEqual({ drawing: drawing('fine') });
  });

  it('fails the charts a lost worker never finished, at once, and keeps those it did', () => {
    const lane = createLane(3, 1024);
    new LaneWriter(lane, null).drawn(0, JSON.stringify(drawing('done')));
    LaneReader.markLost(lane);
    const reader = new LaneReader(lane, null, 60_000);
    const started = Date.now();
    expect(reader.read(1)).toEqual({ failure: 'the chart worker stopped before drawing it' });
    expect(reader.read(2)).toEqual({ failure: 'the chart worker stopped before drawing it' });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(reader.read(0)).toEqual({ drawing: drawing('done') });
  });

  it('gives up on a worker that stops responding once, not once per chart', () => {
    const lane = createLane(3, 1024);
    const reader = new LaneReader(lane, null, 50);
    const started = Date.now();
    expect(reader.read(0)).toMatchObject({ failure: expect.stringMatching(/stopped responding/) });
    expect(reader.read(1)).toMatchObject({ failure: expect.stringMatching(/stopped responding/) });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
