import { isBoardpackError } from '../../src/errors.js';
import type { Issue, Scorecard } from '../../src/model/scorecard.js';
import { loadReport } from '../../src/pipeline.js';
import { memoryEffects } from '../helpers/memoryEffects.js';
import { accountFor } from './account.js';
import { type BookSpec, bookBytes, cellsOf, displayText } from './book.js';
import { checkRead } from './expected.js';
import type { LayoutOutput } from './layouts.js';

const DIR = '/corpus';

/** Reads a written book as `boardpack validate <file>` would, from memory instead of disk. */
export async function readBack(book: BookSpec): Promise<{ scorecard: Scorecard } | { failure: string }> {
  const path = `${DIR}/${book.file}`;
  try {
    const report = await loadReport(path, memoryEffects(new Map([[path, bookBytes(book)]])));
    return { scorecard: report.scorecard };
  } catch (e) {
    if (!isBoardpackError(e)) throw e;
    const issues = e.issues.map((i) => `\n    ${i.severity} ${i.code} at ${i.at ?? '(nowhere)'}: ${i.message}`).join('');
    return { failure: `reading failed: ${e.code}: ${e.message}${issues}` };
  }
}

/** Every difference between what was written and what was read, as sentences; empty when whole. */
export async function roundTrip({ book, expected }: LayoutOutput): Promise<{ problems: string[]; scorecard: Scorecard | null }> {
  const read = await readBack(book);
  if ('failure' in read) return { problems: [read.failure], scorecard: null };
  const problems = checkRead(expected, read.scorecard);
  const unaccounted = accountFor(cellsOf(book), read.scorecard);
  if (unaccounted.length > 0) {
    const shown = unaccounted
      .slice(0, 8)
      .map((c) => `${c.sheet}!${c.ref}${c.hidden ? ' (hidden)' : ''} "${clip(c.text, 30)}"`)
      .join(', ');
    problems.push(`${unaccounted.length} cell(s) neither read nor named by a finding: ${shown}${unaccounted.length > 8 ? ', …' : ''}`);
  }
  return { problems, scorecard: read.scorecard };
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The failure message: what differed, what was read, and the top of what was written. */
export function describeFailure(layout: string, book: BookSpec, problems: string[], sc: Scorecard | null): string {
  const lines = [`${layout}: ${problems.length} problem(s) reading back ${book.file}`, ...problems.slice(0, 15).map((p) => `  - ${p}`)];
  if (problems.length > 15) lines.push(`  - … and ${problems.length - 15} more`);
  if (sc) lines.push(...describeRead(sc));
  lines.push('written (first rows):', ...preview(book));
  return lines.join('\n');
}

function describeRead(sc: Scorecard): string[] {
  const ids = sc.indicators.map((i) => i.id ?? `"${clip(i.title, 20)}"`);
  const periods = sc.periods.length === 0 ? 'none' : `${sc.periods[0]!.id}…${sc.periods.at(-1)!.id} (${sc.periods.length})`;
  return [
    `read: ${sc.indicators.length} indicator(s) [${clip(ids.join(', '), 120)}]; sections [${sc.sections.map((s) => s.title).join(', ')}]; periods ${periods}; tables ${sc.tables.length}`,
    `findings: ${countIssues(sc.issues) || 'none'}`,
  ];
}

function countIssues(issues: readonly Issue[]): string {
  const counts = new Map<string, number>();
  for (const i of issues) counts.set(`${i.severity} ${i.code}`, (counts.get(`${i.severity} ${i.code}`) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${k} ×${n}`).join(', ');
}

function preview(book: BookSpec, rows = 14): string[] {
  return book.sheets.flatMap((sheet) => [
    `  [${sheet.name}${sheet.hidden ? ', hidden' : ''}${sheet.merges.length ? `, ${sheet.merges.length} merge(s)` : ''}]`,
    ...sheet.rows
      .slice(0, rows)
      .map(
        (row, r) =>
          `  ${String(r + 1).padStart(3)}${sheet.hiddenRows.includes(r) ? 'h' : ' '}| ${row.map((c) => clip(displayText(c ?? null), 24)).join(' | ')}`,
      ),
  ]);
}
