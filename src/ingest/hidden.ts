import type { IssueLog } from '../model/issues.js';
import { type Grid, cellText, colLetter, isBlankRow, rowAt } from './grid.js';

/**
 * Hidden rows, columns and sheets are usually withdrawn indicators, working columns or drafts, so
 * they are left out of the pack, each named in a note; `includeHidden: true` reads them as shown.
 * Rows keep their numbers: a hidden row becomes an empty one.
 */
export function visibleGrids(grids: readonly Grid[], includeHidden: boolean, log: IssueLog): Grid[] {
  if (includeHidden) return [...grids];
  const visible: Grid[] = [];
  for (const grid of grids) {
    if (grid.hidden) {
      if (!grid.rows.every(isBlankRow)) {
        log.info(
          'hidden-sheet',
          `Sheet "${grid.sheet}" is hidden in the workbook, so it was not read.`,
          `${grid.file} › ${grid.sheet}`,
          'If it belongs in the pack, unhide it, or set `includeHidden: true` for this source in report.yaml.',
        );
      }
      continue;
    }
    const rows = [...(grid.hiddenRows ?? [])].filter((r) => !isBlankRow(grid.rows[r])).sort((a, b) => a - b);
    const cols = [...(grid.hiddenCols ?? [])].filter((c) => grid.rows.some((row) => cellText(row[c]) !== '')).sort((a, b) => a - b);
    if (rows.length === 0 && cols.length === 0) {
      visible.push(grid);
      continue;
    }
    // One note per run of hidden rows, each naming its rows, so every hidden cell is accounted for.
    for (const [first, last] of runs(rows)) {
      const one = first === last;
      log.info(
        'hidden-rows',
        `${one ? `Row ${first + 1}` : `Rows ${first + 1}–${last + 1}`} of sheet "${grid.sheet}" ${one ? 'is' : 'are'} hidden in the workbook and ${one ? 'was' : 'were'} not read.`,
        one ? rowAt(grid, first) : `${grid.file} › ${grid.sheet} › rows ${first + 1}–${last + 1}`,
        'If a hidden row belongs in the pack, unhide it, or set `includeHidden: true` for this source in report.yaml.',
      );
    }
    if (cols.length > 0) {
      log.info(
        'hidden-columns',
        `${plural(cols.length, 'column')} of sheet "${grid.sheet}" ${cols.length === 1 ? 'is' : 'are'} hidden in the workbook and ${cols.length === 1 ? 'was' : 'were'} not read: ${list(cols.map(colLetter))}.`,
        `${grid.file} › ${grid.sheet} › ${colLetter(cols[0]!)}1`,
        'If a hidden column belongs in the pack, unhide it, or set `includeHidden: true` for this source in report.yaml.',
      );
    }
    const hiddenRows = new Set(rows);
    const hiddenCols = new Set(cols);
    visible.push({
      ...grid,
      rows: grid.rows.map((row, r) => (hiddenRows.has(r) ? [] : hiddenCols.size === 0 ? row : row.map((cell, c) => (hiddenCols.has(c) ? undefined : cell)))),
    });
  }
  return visible;
}

/** Sorted numbers as runs of consecutive ones: [2, 3, 4, 9] → [[2, 4], [9, 9]]. */
function runs(sorted: readonly number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const n of sorted) {
    const last = out.at(-1);
    if (last && n === last[1] + 1) last[1] = n;
    else out.push([n, n]);
  }
  return out;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const list = (items: string[]) => (items.length > 12 ? `${items.slice(0, 12).join(', ')} … and ${items.length - 12} more` : items.join(', '));
