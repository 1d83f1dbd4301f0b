import type { BuildResult } from '../build.js';
import { BoardpackError } from '../errors.js';
import { type Log, issueEvent, shownPath } from '../log.js';

export interface ScheduleOptions {
  cron: string;
  tz?: string;
  once?: boolean;
}

export interface ScheduleDeps {
  log: Log;
  /** One build of the latest period, as `build` would run it. */
  build(): Promise<BuildResult>;
  /** Delivers a pack a tick built (distribute: in report.yaml); throws when a delivery failed. */
  deliver?(result: BuildResult): Promise<void>;
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

/** Whether a schedule is running here (the bin lets it ride out SIGHUP, as under nohup). */
export const scheduleRunning = (): boolean => stopping !== null;

/** Findings of a failed tick shown in its log line, the rest counted. */
const SHOWN = 5;

/**
 * `boardpack schedule`: stays running, building the latest period at each tick of a cron
 * expression (croner), one build at a time; `--once` builds once now and returns that build's exit
 * code. Each run is logged as `build` logs it, with its outcome and the next tick.
 */
export async function schedule(input: string, options: ScheduleOptions, deps: ScheduleDeps): Promise<number> {
  const { log } = deps;
  const { Cron } = await import('croner');
  const refuse = (why: string) =>
    new BoardpackError('cron-invalid', `--cron "${options.cron}"${options.tz ? ` --tz ${options.tz}` : ''} ${why}`, {
      at: options.tz && why.includes('time zone') ? '--tz' : '--cron',
      hint: 'Give five fields, minute hour day-of-month month day-of-week (or six, with seconds first), e.g. "0 7 2 * *" for 07:00 on the 2nd of each month; --tz takes a zone such as Europe/London.',
    });
  if (options.tz) {
    try {
      new Intl.DateTimeFormat('en-GB', { timeZone: options.tz });
    } catch {
      throw refuse(`names a time zone that does not exist (${options.tz}).`);
    }
  }
  let running: Promise<number> | null = null;
  let stopped = false;
  let finish: (code: number) => void = () => undefined;
  const tick = async (): Promise<number> => {
    log({ level: 'info', stage: 'schedule', message: `building ${shownPath(input)} for the latest period` });
    try {
      const result = await deps.build();
      const warnings = result.findings.filter((i) => i.severity === 'warning').length;
      log({
        level: 'info',
        stage: 'schedule',
        message: `${result.written ? `wrote ${shownPath(result.path)}` : 'built the pack'} for ${result.report.period.label} (${result.pages} pages, ${warnings} warning${warnings === 1 ? '' : 's'})${deps.deliver ? '; delivering it' : ': exit 0'}`,
      });
      if (deps.deliver) {
        await deps.deliver(result);
        log({ level: 'info', stage: 'schedule', message: `delivered the ${result.report.period.label} pack: exit 0` });
      }
      return 0;
    } catch (e) {
      const code = deps.exitCodeOf(e);
      const err = e as Partial<BoardpackError> & { message?: string };
      log({
        level: 'error',
        stage: 'schedule',
        message: `${(e as Partial<BoardpackError>).undelivered ? 'the delivery failed' : 'the build failed'} (exit ${code}): ${err.message ?? String(e)}${err.hint ? ` To fix: ${err.hint}` : ''}`,
        ...(err.code ? { code: err.code, at: err.at ?? null } : {}),
      });
      // The findings that stopped it, so a cron mail or the journal says which cells.
      const issues = err.issues ?? [];
      for (const i of issues.slice(0, SHOWN)) log(issueEvent(i, 'schedule'));
      if (issues.length > SHOWN) log({ level: 'error', stage: 'schedule', message: `… and ${issues.length - SHOWN} more: validate lists them all` });
      return code;
    }
  };
  let job: InstanceType<typeof Cron>;
  try {
    job = new Cron(
      options.cron,
      {
        paused: true,
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
  } catch (e) {
    throw refuse(`is not a schedule boardpack can follow: ${(e instanceof Error ? e.message : String(e)).replace(/^CronPattern: /, '').replace(/\.+$/, '')}.`);
  }
  const first = job.nextRun();
  if (!first) {
    job.stop();
    throw refuse('never comes round (no date matches it), so nothing would ever be built.');
  }
  if (options.once) {
    job.stop();
    return tick();
  }
  const next = () => {
    const at = job.nextRun();
    if (at) log({ level: 'info', stage: 'schedule', message: `next build at ${at.toISOString()}` });
    else {
      log({ level: 'warn', stage: 'schedule', message: 'the expression has no further ticks; stopping' });
      finish(0);
    }
  };
  return new Promise<number>((resolve) => {
    finish = (code) => {
      stopped = true;
      job.stop();
      stopping = null;
      resolve(code);
    };
    stopping = () => {
      if (stopped) return;
      stopped = true;
      job.stop();
      if (running) {
        log({ level: 'info', stage: 'schedule', message: 'stopping: the build under way finishes first' });
        void running.then(() => finish(0));
      } else {
        log({ level: 'info', stage: 'schedule', message: 'stopped' });
        finish(0);
      }
    };
    log({ level: 'info', stage: 'schedule', message: `following "${options.cron}"${options.tz ? ` in ${options.tz}` : ''}` });
    next();
    job.resume();
  });
}
