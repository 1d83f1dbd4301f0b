import type { Issue } from './model/scorecard.js';

/**
 * One error type for every failure a user can cause. `code` is stable (scripts and tests match on
 * it); `message` is written for a performance officer; `at` points at the file, sheet and cell.
 */
export class BoardpackError extends Error {
  readonly code: string;
  readonly at: string | undefined;
  readonly hint: string | undefined;
  /** Data-quality findings that explain the failure (a table not found, say), printed with it. */
  readonly issues: readonly Issue[];
  /** The data is at fault (exit 1), not the command or the config (exit 2). */
  readonly data: boolean;
  /** Another run holds the output folder (exit 75, "try again later"). */
  readonly busy: boolean;
  /** The pack was built, but a delivery of it failed (exit 69). */
  readonly undelivered: boolean;

  constructor(
    code: string,
    message: string,
    options: { at?: string; hint?: string; cause?: unknown; issues?: readonly Issue[]; data?: boolean; busy?: boolean; undelivered?: boolean } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BoardpackError';
    this.code = code;
    this.at = options.at;
    this.hint = options.hint;
    this.issues = options.issues ?? [];
    this.data = options.data ?? this.issues.length > 0;
    this.busy = options.busy ?? false;
    this.undelivered = options.undelivered ?? false;
  }
}

export const isBoardpackError = (e: unknown): e is BoardpackError => e instanceof BoardpackError;
