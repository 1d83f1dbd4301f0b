import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import type { ChartSpec } from './builders.js';
import { type LaneResult, LaneReader, createLane } from './lane.js';
import type { ChartDrawing } from './recordingContext.js';
import { ChartRenderer } from './render.js';

export interface DrawOptions {
  fontFile: string;
  family: string;
  /** The pack's `fonts.fallback`, for chart text its font lacks. */
  fallbackFiles?: readonly string[];
}

/**
 * Charts being drawn: `get(i)` returns chart i, waiting for it if a worker has not finished it yet.
 * A chart that could not be drawn comes back with no operations and its `failure` (the reason, and
 * its description to show in its place), so one bad chart never stops the others or the build.
 */
export interface ChartSource {
  get(index: number): ChartDrawing;
  /** Milliseconds the drawing took (on the workers, overlapping the layout). */
  readonly drawingMs: () => number;
}

/** Shared memory per chart for a worker's drawings; 32 KB is several times the largest chart (larger ones go by message). */
const BYTES_PER_CHART = 32 * 1024;
const WAIT_LIMIT_MS = 60_000;
/**
 * A worker's heap, capped. It holds Chart.js, the fonts and one chart at a time (~25 MB live), but
 * V8 left to itself lets its garbage pile up beside the main thread's layout: a 10,000-indicator
 * pack peaked ~150 MB lower with the cap, and a chart worker that ran out would only cost its
 * charts (each said so), never the build.
 */
const WORKER_HEAP = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 512 };
/** Charts from which a worker draws them (see ChartPool.lazy). */
export const WORKER_FROM = 120;

/**
 * Chart workers, started before the charts are drawn so that their start-up (a thread, Chart.js,
 * the JIT warming up) overlaps assessing and wording the report. `draw` then hands each worker
 * its share; pdfmake renders synchronously, so finished charts come back through shared memory
 * (see lane.ts) and the renderer waits (Atomics.wait) only if it reaches a chart before its worker
 * has drawn it. A small pack's charts (see `lazy`), and all of them where there is no compiled
 * worker (the test runner runs the .ts sources), are drawn here.
 */
export class ChartPool {
  private readonly script: string;
  private readonly idle: Worker[] = [];
  private readonly busy: Worker[] = [];
  private readonly ports: MessagePort[] = [];

  /**
   * Starts one worker now; `draw` adds more for large packs when there are cores to spare.
   * `script` is the compiled worker (tests point it at one of their own).
   */
  static warm(workers?: number, script = fileURLToPath(new URL('./worker.js', import.meta.url))): ChartPool {
    const pool = new ChartPool(workers, script);
    pool.expect(Number.POSITIVE_INFINITY);
    return pool;
  }

  /**
   * A pool that starts its worker once `expect` says how many charts are coming: a small pack's
   * charts are drawn on this thread, where they cost no more time than a worker's start-up and
   * the work of two threads on two cores, and ~25 MB less memory (measured: 60 charts the same
   * time either way, 250 a few per cent faster on a worker).
   */
  static lazy(workers?: number, script = fileURLToPath(new URL('./worker.js', import.meta.url))): ChartPool {
    return new ChartPool(workers, script);
  }

  /** Workers started so far. */
  get started(): number {
    return this.idle.length + this.busy.length;
  }

  /** Starts the first worker now, if `charts` are enough to be worth one (or workers were asked for). */
  expect(charts: number): void {
    const wanted = this.workers === undefined ? charts >= WORKER_FROM : this.workers > 0;
    if (wanted && this.idle.length === 0 && this.busy.length === 0 && existsSync(this.script)) this.idle.push(this.spawn());
  }

  private constructor(
    private readonly workers: number | undefined,
    script: string,
  ) {
    this.script = script;
  }

  async draw(specs: ChartSpec[], options: DrawOptions): Promise<ChartSource> {
    if (this.idle.length === 0 || specs.length === 0) return drawHere(specs, options);
    const spare = Math.max(1, availableParallelism() - 1);
    const count = Math.max(1, Math.min(specs.length, this.workers ?? Math.min(spare, Math.ceil(specs.length / 200))));
    while (this.idle.length < count) this.idle.push(this.spawn());
    const size = Math.ceil(specs.length / count);
    const workers = this.idle.splice(0);
    this.busy.push(...workers);
    const lanes = workers.map((worker, w) => {
      const from = w * size;
      const batch = specs.slice(from, from + size);
      const lane = createLane(batch.length, BYTES_PER_CHART * batch.length);
      const { port1, port2 } = new MessageChannel();
      this.ports.push(port1);
      const lost = () => LaneReader.markLost(lane);
      worker.on('error', lost);
      worker.on('exit', lost);
      try {
        worker.postMessage(
          { fontFile: options.fontFile, family: options.family, fallbackFiles: options.fallbackFiles ?? [], specs: batch, ...lane, port: port2 },
          [port2],
        );
      } catch {
        // A spec that cannot be cloned: the lane is lost, and its charts say so.
        lost();
      }
      return { from, count: batch.length, reader: new LaneReader(lane, port1, WAIT_LIMIT_MS) };
    });
    // The chart last read, should it be asked for again; not every chart, which on a pack of
    // 10,000 would be held to the end (a drawing is read once, when its page is drawn).
    let last: { i: number; drawing: ChartDrawing } | null = null;
    return {
      get(i) {
        if (last?.i !== i) {
          const lane = lanes.find((l) => i >= l.from && i < l.from + l.count)!;
          last = { i, drawing: asDrawing(lane.reader.read(i - lane.from), specs[i]!) };
        }
        return last.drawing;
      },
      drawingMs: () => Math.max(...lanes.map((l) => l.reader.drawingMs())),
    };
  }

  /** Stops every worker, drawing or not (a build that failed early never gave them charts). */
  async close(): Promise<void> {
    for (const port of this.ports.splice(0)) port.close();
    await Promise.all([...this.idle.splice(0), ...this.busy.splice(0)].map((w) => w.terminate()));
  }

  private spawn(): Worker {
    const worker = new Worker(this.script, { resourceLimits: WORKER_HEAP });
    worker.unref();
    return worker;
  }
}

/** Draws every chart on this thread, each on its own: one that throws is a failure, not the end. */
async function drawHere(specs: ChartSpec[], options: DrawOptions): Promise<ChartSource> {
  const started = performance.now();
  let renderer: ChartRenderer | null = null;
  let unavailable = '';
  try {
    renderer = await ChartRenderer.create(options.fontFile, options.family, options.fallbackFiles);
  } catch (e) {
    unavailable = `no chart could be drawn: ${message(e)}`;
  }
  const drawings = specs.map((spec) => {
    if (!renderer) return asDrawing({ failure: unavailable }, spec);
    try {
      return renderer.render(spec);
    } catch (e) {
      return asDrawing({ failure: message(e) }, spec);
    }
  });
  const ms = performance.now() - started;
  return { get: (i) => drawings[i]!, drawingMs: () => ms };
}

function asDrawing(result: LaneResult, spec: ChartSpec): ChartDrawing {
  if ('drawing' in result) return result.drawing;
  return { width: spec.width, height: spec.height, ops: [], failure: { reason: result.failure, alt: spec.alt } };
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
