import type { Log, LogEvent, LogLevel } from '../log.js';
import { withSeparators } from '../model/format.js';

export type LogFormat = 'text' | 'json';

export interface LoggerOptions {
  format: LogFormat;
  /** stderr is a terminal: stages as they finish, in colour unless NO_COLOR. */
  tty: boolean;
  colour: boolean;
  /** Only errors and warnings. */
  quiet: boolean;
  /** Also the details: each finding, each wait. */
  verbose: boolean;
  now?: () => Date;
}

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

/**
 * The run's log on stderr, as whoever reads it needs it: on a terminal, each stage with its time as
 * it finishes; in a cron mail or a CI log, one timestamped line per stage; for a log shipper, JSON
 * lines (time, level, stage, message, and a finding's code and `at`).
 */
export function cliLogger(write: (text: string) => void, options: LoggerOptions): Log {
  const now = options.now ?? (() => new Date());
  const most = options.quiet ? RANK.warn : options.verbose ? RANK.debug : RANK.info;
  const paint = painter(options.colour);
  return (e: LogEvent) => {
    if (RANK[e.level] > most) return;
    if (options.format === 'json') {
      write(`${JSON.stringify(jsonLine(e, now()))}\n`);
      return;
    }
    // Findings are the result's business (validate lists them); here only with --verbose.
    if (e.stage === 'findings' && !options.verbose) return;
    const where = e.code ? ` ${e.code}${e.at ? `  ${e.at}` : ''}:` : '';
    if (options.tty) {
      const mark = e.level === 'error' ? paint.red('✗') : e.level === 'warn' ? paint.yellow('!') : paint.green('✓');
      const ms = e.ms === undefined ? '' : paint.dim(`${withSeparators(String(Math.round(e.ms)))} ms`.padStart(9));
      write(`  ${mark} ${e.stage.padEnd(16)}${ms}  ${where ? `${where.trim()} ` : ''}${e.message}\n`);
    } else {
      const ms = e.ms === undefined ? '' : ` (${Math.round(e.ms)} ms)`;
      write(`${now().toISOString()} ${e.level.padEnd(5)} ${e.stage}${ms}:${where} ${e.message}\n`);
    }
  };
}

export function jsonLine(e: LogEvent, time: Date): Record<string, unknown> {
  return {
    time: time.toISOString(),
    level: e.level,
    stage: e.stage,
    message: e.message,
    ...(e.ms === undefined ? {} : { ms: e.ms }),
    ...(e.code === undefined ? {} : { code: e.code, at: e.at ?? null }),
  };
}

/** ANSI colours, or none. */
export function painter(colour: boolean) {
  const wrap = (open: number, close: number) => (text: string) => (colour ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return { red: wrap(31, 39), yellow: wrap(33, 39), green: wrap(32, 39), dim: wrap(2, 22), bold: wrap(1, 22) };
}

/** Colour only on a terminal, and never with NO_COLOR set (no-color.org). */
export const colourWanted = (tty: boolean, env: NodeJS.ProcessEnv): boolean =>
  tty && (env.NO_COLOR === undefined || env.NO_COLOR === '') && env.TERM !== 'dumb';
