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
    if (rows.length > 0) {
      log.info(
        'hidden-rows',
        `${plural(rows.length, 'row')} of sheet "${grid.sheet}" ${rows.length === 1 ? 'is' : 'are'} hidden in the workbook and ${rows.length === 1 ? 'was' : 'were'} not read: ${list(rows.map((r) => String(r + 1)))}.`,
        rowAt(grid, rows[0]!),
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

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const list = (items: string[]) => (items.length > 12 ? `${items.slice(0, 12).join(', ')} … and ${items.length - 12} more` : items.join(', '));
