import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ChartSpec } from './builders.js';
import type { ChartDrawing } from './recordingContext.js';
import { ChartRenderer } from './render.js';

export interface DrawOptions {
  fontFile: string;
  family: string;
}

/** Charts being drawn: `get(i)` returns chart i, waiting for it if a worker has not finished it yet. */
export interface ChartSource {
  get(index: number): ChartDrawing;
  /** Milliseconds the drawing took (on the workers, overlapping the layout). */
  readonly drawingMs: () => number;
}

/** Each worker writes a chart's JSON here; 32 KB is several times the largest chart. */
const BYTES_PER_CHART = 32 * 1024;
const WAIT_LIMIT_MS = 60_000;

/**
 * Chart workers, started before the charts are known so that their start-up (a thread, Chart.js,
 * the JIT warming up) overlaps reading and assessing the workbook. `draw` then hands each worker
 * its share; pdfmake renders synchronously, so finished charts come back through shared memory and
 * the renderer waits (Atomics.wait) only if it reaches a chart before its worker has drawn it.
 * Where there is no compiled worker (the test runner runs the .ts sources), charts are drawn here.
 */
export class ChartPool {
  private readonly script = fileURLToPath(new URL('./worker.js', import.meta.url));
  private readonly idle: Worker[] = [];
  private readonly busy: Worker[] = [];

  /** Starts one worker now; `draw` adds more for large packs when there are cores to spare. */
  static warm(workers?: number): ChartPool {
    const pool = new ChartPool(workers);
    if (workers !== 0 && existsSync(pool.script)) pool.idle.push(pool.spawn());
    return pool;
  }

  private constructor(private readonly workers: number | undefined) {}

  async draw(specs: ChartSpec[], options: DrawOptions): Promise<ChartSource> {
    if (this.idle.length === 0 || specs.length === 0) {
      const started = performance.now();
      const renderer = await ChartRenderer.create(options.fontFile, options.family);
      const drawings = specs.map((s) => renderer.render(s));
      const ms = performance.now() - started;
      return { get: (i) => drawings[i]!, drawingMs: () => ms };
    }
    const spare = Math.max(1, availableParallelism() - 1);
    const count = Math.max(1, Math.min(specs.length, this.workers ?? Math.min(spare, Math.ceil(specs.length / 200))));
    while (this.idle.length < count) this.idle.push(this.spawn());
    const size = Math.ceil(specs.length / count);
    const workers = this.idle.splice(0);
    this.busy.push(...workers);
    const lanes = workers.map((worker, w) => {
      const from = w * size;
      const batch = specs.slice(from, from + size);
      // control: [charts ready, failed, drawing ms]; index: [offset, length] per chart.
      const control = new Int32Array(new SharedArrayBuffer(12));
      const index = new Int32Array(new SharedArrayBuffer(8 * Math.max(1, batch.length)));
      const data = new Uint8Array(new SharedArrayBuffer(BYTES_PER_CHART * Math.max(1, batch.length)));
      worker.on('error', () => {
        Atomics.store(control, 1, 1);
        Atomics.notify(control, 0);
      });
      worker.postMessage({ fontFile: options.fontFile, family: options.family, specs: batch, control, index, data });
      return { from, count: batch.length, control, index, data, worker };
    });
    const decoder = new TextDecoder();
    return {
      get(i) {
        const lane = lanes.find((l) => i >= l.from && i < l.from + l.count)!;
        const k = i - lane.from;
        const deadline = Date.now() + WAIT_LIMIT_MS;
        for (let ready = Atomics.load(lane.control, 0); ready <= k; ready = Atomics.load(lane.control, 0)) {
          if (Atomics.load(lane.control, 1) !== 0) throw new Error(`a chart worker failed: ${decoder.decode(lane.data.slice(0, Math.max(0, lane.index[0] ?? 0)))}`);
          if (Date.now() > deadline) throw new Error('a chart worker stopped responding');
          Atomics.wait(lane.control, 0, ready, 1000);
        }
        const offset = lane.index[2 * k]!;
        const length = lane.index[2 * k + 1]!;
        return JSON.parse(decoder.decode(lane.data.slice(offset, offset + length))) as ChartDrawing;
      },
      drawingMs: () => Math.max(...lanes.map((l) => Atomics.load(l.control, 2))),
    };
  }

  /** Stops every worker, drawing or not (a build that failed early never gave them charts). */
  async close(): Promise<void> {
    await Promise.all([...this.idle.splice(0), ...this.busy.splice(0)].map((w) => w.terminate()));
  }

  private spawn(): Worker {
    const worker = new Worker(this.script);
    worker.unref();
    return worker;
  }
}
