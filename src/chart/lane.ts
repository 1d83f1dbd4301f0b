import { type MessagePort, receiveMessageOnPort } from 'node:worker_threads';
import { type ChartDrawing, drawingProblem } from './recordingContext.js';

/**
 * The shared memory one chart worker hands its charts back through (see pool.ts and worker.ts).
 * Every chart has a slot of its own in `index`: where its bytes are in `data`, how many, and what
 * they are (a drawing, or the reason it failed). A chart that fails, or is too big for the space
 * left, is that chart's business alone: nothing is ever written over another chart's bytes, and a
 * worker that stops part way leaves the charts it finished readable. (It once wrote its error over
 * the first chart, which then failed as `Unexpected token … is not valid JSON`, and took the build
 * with it.)
 *
 * control: [charts finished, worker lost, drawing ms]; index: [offset, length, status] per chart.
 */
export interface Lane {
  control: Int32Array;
  index: Int32Array;
  data: Uint8Array;
}

/** A slot's status. `posted`: the drawing did not fit in `data`, so it went through the lane's port. */
const DRAWN = 1;
const FAILED = 2;
const POSTED = 3;
const MAX_REASON = 500;

export function createLane(charts: number, bytes: number): Lane {
  return {
    control: new Int32Array(new SharedArrayBuffer(12)),
    index: new Int32Array(new SharedArrayBuffer(12 * Math.max(1, charts))),
    data: new Uint8Array(new SharedArrayBuffer(Math.max(1, bytes))),
  };
}

/** The worker's end: charts are finished in order, each once, as drawn or failed. */
export class LaneWriter {
  private offset = 0;
  private finished = 0;
  private readonly encoder = new TextEncoder();
  private readonly started = performance.now();

  constructor(
    private readonly lane: Lane,
    private readonly port: MessagePort | null,
  ) {}

  drawn(k: number, json: string): void {
    const { read, written } = this.encoder.encodeInto(json, this.lane.data.subarray(this.offset));
    if (read === json.length) {
      this.finish(k, DRAWN, written);
      return;
    }
    // Too big for the space left: whatever was written is left to be overwritten; the drawing goes by message.
    try {
      if (this.port) {
        this.port.postMessage({ k, json });
        this.finish(k, POSTED, 0);
        return;
      }
    } catch {
      // Fails as below.
    }
    this.failed(k, `its drawing (${json.length} characters) is larger than the space for it, and could not be sent otherwise`);
  }

  failed(k: number, reason: string): void {
    // Reasons are short; one cut to the space left (never past it) is still a failure of this chart alone.
    const { written } = this.encoder.encodeInto(reason.slice(0, MAX_REASON), this.lane.data.subarray(this.offset));
    this.finish(k, FAILED, written);
  }

  /** Fails every chart not yet finished, in order: the worker cannot go on. */
  failRest(count: number, reason: string): void {
    for (let k = this.finished; k < count; k++) this.failed(k, reason);
  }

  private finish(k: number, status: number, length: number): void {
    if (k !== this.finished) throw new Error(`chart ${k} finished out of order (expected ${this.finished})`);
    const { control, index } = this.lane;
    index[3 * k] = this.offset;
    index[3 * k + 1] = length;
    index[3 * k + 2] = status;
    this.offset += status === POSTED ? 0 : length;
    this.finished = k + 1;
    Atomics.store(control, 2, Math.round(performance.now() - this.started));
    // Last: the slot is written before the count says it may be read.
    Atomics.store(control, 0, k + 1);
    Atomics.notify(control, 0);
  }
}

/** A chart from a lane: its drawing, or why there is none. */
export type LaneResult = { drawing: ChartDrawing } | { failure: string };

/**
 * The main thread's end. `read(k)` waits (Atomics.wait: pdfmake renders synchronously, so this
 * thread cannot wait for events) until chart k is finished, the worker is lost, or nothing has moved
 * for `patience` ms; then every later read fails at once rather than waiting all over again.
 */
export class LaneReader {
  private readonly decoder = new TextDecoder();
  private readonly posted = new Map<number, string>();
  private lost: string | null = null;

  constructor(
    private readonly lane: Lane,
    private readonly port: MessagePort | null,
    private readonly patience: number,
  ) {}

  /** The worker died or could not be reached (its 'error' and 'exit' events). */
  static markLost(lane: Lane): void {
    Atomics.store(lane.control, 1, 1);
    Atomics.notify(lane.control, 0);
  }

  drawingMs(): number {
    return Atomics.load(this.lane.control, 2);
  }

  read(k: number): LaneResult {
    const { control } = this.lane;
    let deadline = Date.now() + this.patience;
    for (let ready = Atomics.load(control, 0), seen = ready; ready <= k; ready = Atomics.load(control, 0)) {
      if (this.lost) return { failure: this.lost };
      if (ready !== seen) {
        seen = ready;
        deadline = Date.now() + this.patience;
      }
      if (Atomics.load(control, 1) !== 0) this.lost = 'the chart worker stopped before drawing it';
      else if (Date.now() > deadline) this.lost = `the chart worker stopped responding: nothing came back for ${Math.round(this.patience / 1000)} s`;
      else Atomics.wait(control, 0, ready, Math.min(1000, this.patience));
    }
    return this.slot(k);
  }

  private slot(k: number): LaneResult {
    const { index, data } = this.lane;
    const offset = index[3 * k]!;
    const length = index[3 * k + 1]!;
    const status = index[3 * k + 2]!;
    if (status === FAILED) return { failure: this.decoder.decode(data.slice(offset, offset + length)) || 'the chart worker could not draw it' };
    const json = status === DRAWN ? this.decoder.decode(data.slice(offset, offset + length)) : status === POSTED ? this.receive(k) : null;
    if (json === null) return { failure: 'the chart worker gave nothing back for it' };
    let drawing: unknown;
    try {
      drawing = JSON.parse(json);
    } catch (e) {
      return { failure: `its drawing came back unreadable: ${e instanceof Error ? e.message : String(e)}` };
    }
    const problem = drawingProblem(drawing);
    return problem ? { failure: problem } : { drawing: drawing as ChartDrawing };
  }

  /** Drawings too big for shared memory, taken off the port synchronously (it has no listener to race). */
  private receive(k: number): string | null {
    while (!this.posted.has(k) && this.port) {
      const message = receiveMessageOnPort(this.port)?.message as { k: number; json: string } | undefined;
      if (!message) break;
      this.posted.set(message.k, message.json);
    }
    // Kept, so that a chart can be read again, as one in shared memory can (these are rare).
    return this.posted.get(k) ?? null;
  }
}
