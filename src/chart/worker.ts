import { parentPort } from 'node:worker_threads';
import type { ChartSpec } from './builders.js';
import { ChartRenderer } from './render.js';

/**
 * A chart worker: loads Chart.js as soon as it starts, then draws the share of charts it is sent,
 * in order, writing each as JSON into shared memory and counting it ready (see pool.ts). On
 * failure it writes the message and sets the flag.
 */
interface Job {
  fontFile: string;
  family: string;
  specs: ChartSpec[];
  control: Int32Array;
  index: Int32Array;
  data: Uint8Array;
}

await import('chart.js');
parentPort!.once('message', async ({ fontFile, family, specs, control, index, data }: Job) => {
  const started = performance.now();
  const encoder = new TextEncoder();
  let offset = 0;
  try {
    const renderer = await ChartRenderer.create(fontFile, family);
    specs.forEach((spec, k) => {
      const { written } = encoder.encodeInto(JSON.stringify(renderer.render(spec)), data.subarray(offset));
      if (offset + written >= data.length) throw new Error(`chart ${k} is larger than the space for it`);
      index[2 * k] = offset;
      index[2 * k + 1] = written;
      offset += written;
      Atomics.store(control, 0, k + 1);
      Atomics.store(control, 2, Math.round(performance.now() - started));
      Atomics.notify(control, 0);
    });
  } catch (e) {
    const { written } = encoder.encodeInto(e instanceof Error ? e.message : String(e), data);
    index[0] = written;
    Atomics.store(control, 1, 1);
    Atomics.notify(control, 0);
  }
});
