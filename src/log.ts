import { relative } from 'node:path';
import { within } from './effects.js';
import type { Issue, Severity } from './model/scorecard.js';

/**
 * What a run tells whoever watches it, as it goes: each stage as it finishes, waits, findings. The
 * library emits events; the CLI decides how they look (a terminal, a cron mail, JSON lines for a
 * log shipper), so nothing below the CLI writes to a stream.
 */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface LogEvent {
  level: LogLevel;
  /** The stage it belongs to: `read`, `assess and word`, `pdf`, `write`, `lock`, `schedule` … */
  stage: string;
  message: string;
  /** How long the stage took. */
  ms?: number;
  /** For a finding: its code and where it is. */
  code?: string;
  at?: string | null;
}

export type Log = (event: LogEvent) => void;

export const silent: Log = () => undefined;

/** A finding's severity as a log level: a note is a detail (shown with --verbose). */
export const levelOf = (severity: Severity): LogLevel => (severity === 'error' ? 'error' : severity === 'warning' ? 'warn' : 'debug');

/** A finding as a log event of `stage`. */
export const issueEvent = (i: Pick<Issue, 'severity' | 'message' | 'code' | 'at'>, stage: string): LogEvent => ({
  level: levelOf(i.severity),
  stage,
  message: i.message,
  code: i.code,
  at: i.at ?? null,
});

/** A path as a person in the working folder reads it: relative inside it, whole outside. */
export function shownPath(path: string, cwd = process.cwd()): string {
  const r = relative(cwd, path);
  return r !== '' && within(path, cwd) ? r : path;
}
