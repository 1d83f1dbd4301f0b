import type { Issue, Severity } from './scorecard.js';

/** Collects data-quality findings in the order they were met. */
export class IssueLog {
  readonly items: Issue[] = [];

  add(severity: Severity, code: string, message: string, at: string | null = null, hint: string | null = null): void {
    this.items.push({ code, severity, message, at, hint });
  }
  error(code: string, message: string, at: string | null = null, hint: string | null = null): void {
    this.add('error', code, message, at, hint);
  }
  warn(code: string, message: string, at: string | null = null, hint: string | null = null): void {
    this.add('warning', code, message, at, hint);
  }
  info(code: string, message: string, at: string | null = null, hint: string | null = null): void {
    this.add('info', code, message, at, hint);
  }
  get hasErrors(): boolean {
    return this.items.some((i) => i.severity === 'error');
  }
}

export const countBySeverity = (issues: readonly Issue[]): Record<Severity, number> => ({
  error: issues.filter((i) => i.severity === 'error').length,
  warning: issues.filter((i) => i.severity === 'warning').length,
  info: issues.filter((i) => i.severity === 'info').length,
});

/** The findings counted as a person reads them: `0 errors, 5 warnings, 4 notes`. */
export function formatCounts(issues: readonly Issue[]): string {
  const n = countBySeverity(issues);
  const plural = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  return `${plural(n.error, 'error')}, ${plural(n.warning, 'warning')}, ${plural(n.info, 'note')}`;
}
