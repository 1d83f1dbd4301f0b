import type { BuildResult } from '../build.js';
import { BoardpackError } from '../errors.js';
import type { Log } from '../log.js';

export interface ScheduleOptions {
  cron: string;
  tz?: string;
  once?: boolean;
}

export interface ScheduleDeps {
  log: Log;
  /** One build of the latest period, as `build` would run it. */
  build(): Promise<BuildResult>;
  exitCodeOf(e: unknown): number;
}

let stopping: (() => void) | null = null;

/**
 * Asks a running schedule to stop (SIGTERM, SIGINT): no tick starts after this, a build under way
 * finishes, then `schedule` returns 0. False when no schedule is running here.
 */
export function stopSchedule(): boolean {
  if (!stopping) return false;
  stopping();
  return true;
}

/**
 * `boardpack schedule`: stays running, building the latest period at each tick of a cron
 * expression (croner), one build at a time; `--once` builds once now and returns that build's exit
 * code. Each run is logged as `build` logs it, with its outcome and the next tick.
 */
export async function schedule(input: string, options: ScheduleOptions, deps: ScheduleDeps): Promise<number> {
  const { log } = deps;
  const { Cron } = await import('croner');
  let job: InstanceType<typeof Cron>;
  try {
    job = new Cron(options.cron, { paused: true, ...(options.tz ? { timezone: options.tz } : {}) });
  } catch (e) {
    throw new BoardpackError(
      'cron-invalid',
      `--cron "${options.cron}" is not a schedule boardpack can follow: ${e instanceof Error ? e.message : String(e)}.`,
      {
        at: '--cron',
        hint: 'Give five fields, minute hour day-of-month month day-of-week, e.g. "0 7 2 * *" for 07:00 on the 2nd of each month (https://crontab.guru explains them); --tz Europe/London sets the time zone.',
      },
    );
  }
  job.stop();
  const tick = async (): Promise<number> => {
    log({ level: 'info', stage: 'schedule', message: `building ${input} for the latest period` });
    try {
      const result = await deps.build();
      log({
        level: 'info',
        stage: 'schedule',
        message: `${result.written ? `wrote ${result.path}` : 'built the pack'} for ${result.report.period.label} (${result.pages} pages, ${countWarnings(result)}): exit 0`,
      });
      return 0;
    } catch (e) {
      const code = deps.exitCodeOf(e);
      const err = e as { code?: string; at?: string; message?: string; hint?: string };
      log({
        level: 'error',
        stage: 'schedule',
        message: `the build failed: ${err.message ?? String(e)}${err.hint ? ` Fix: ${err.hint}` : ''} (exit ${code})`,
        ...(err.code ? { code: err.code, at: err.at ?? null } : {}),
      });
      return code;
    }
  };
  if (options.once) return tick();

  return new Promise<number>((resolve) => {
    let running: Promise<number> | null = null;
    const next = () => {
      const at = cron.nextRun();
      log({ level: 'info', stage: 'schedule', message: at ? `next build at ${at.toISOString()}` : 'the expression has no further ticks; stopping' });
      if (!at) finish();
    };
    const cron = new Cron(
      options.cron,
      {
        ...(options.tz ? { timezone: options.tz } : {}),
        // Never two builds at once: a tick that comes while one runs is skipped, and said so.
        protect: () => log({ level: 'warn', stage: 'schedule', message: 'a tick came while the last build was still running; skipped it' }),
      },
      async () => {
        running = tick();
        await running;
        running = null;
        if (!stopped) next();
      },
    );
    let stopped = false;
    const finish = () => {
      stopped = true;
      cron.stop();
      stopping = null;
      resolve(0);
    };
    stopping = () => {
      if (stopped) return;
      stopped = true;
      cron.stop();
      if (running) {
        log({ level: 'info', stage: 'schedule', message: 'stopping: the build under way finishes first' });
        void running.then(finish);
      } else {
        log({ level: 'info', stage: 'schedule', message: 'stopped' });
        finish();
      }
    };
    log({ level: 'info', stage: 'schedule', message: `following "${options.cron}"${options.tz ? ` in ${options.tz}` : ''}` });
    next();
  });
}

function countWarnings(result: BuildResult): string {
  const n = result.findings.filter((i) => i.severity === 'warning').length;
  return `${n} warning${n === 1 ? '' : 's'}`;
}
