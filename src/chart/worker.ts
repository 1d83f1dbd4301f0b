import { type MessagePort, parentPort } from 'node:worker_threads';
import type { ChartSpec } from './builders.js';
import { type Lane, LaneWriter } from './lane.js';
import { ChartRenderer } from './render.js';

/**
 * A chart worker: loads Chart.js as soon as it starts, then draws the share of charts it is sent,
 * in order, handing each back through its lane (see lane.ts). A chart that fails is handed back as
 * failed, with the reason, and the next is drawn; if the worker cannot draw at all, every chart is.
 */
interface Job extends Lane {
  fontFile: string;
  family: string;
  fallbackFiles: string[];
  specs: ChartSpec[];
  /** For drawings too big for the lane's shared memory. */
  port: MessagePort;
}

// Started now, awaited when the job comes: a failure to load is reported per chart, not lost.
const loading = import('chart.js').then(
  () => null,
  (e: unknown) => e,
);

parentPort!.once('message', async (job: Job) => {
  const lane = new LaneWriter(job, job.port);
  let renderer: ChartRenderer;
  try {
    const failed = await loading;
    if (failed !== null) throw failed;
    renderer = await ChartRenderer.create(job.fontFile, job.family, job.fallbackFiles);
  } catch (e) {
    lane.failRest(job.specs.length, `the chart worker could not start: ${message(e)}`);
    return;
  }
  job.specs.forEach((spec, k) => {
    let json: string;
    try {
      json = JSON.stringify(renderer.render(spec));
    } catch (e) {
      lane.failed(k, message(e));
      return;
    }
    lane.drawn(k, json);
  });
});

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
