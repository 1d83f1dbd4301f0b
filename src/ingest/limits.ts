import { BoardpackError } from '../errors.js';
import { parseCellText } from '../model/cell.js';
import type { Limits } from '../model/config.js';
import { type Grid, type ReadNote, at, rowAt } from './grid.js';
import type { SheetCell } from './parseCell.js';

/*
 * The limits report.yaml can raise (`limits:`), as a file is read: sheets, rows and cells are
 * counted before any sheet is read, so a workbook past them is refused at once, naming where; a
 * cell longer than the limit is read as far as the limit and named, as is a figure written with
 * more decimals than can be shown.
 */

const n = (k: number) => k.toLocaleString('en-GB');

const raise = (key: keyof Limits, value: number) => `raise \`limits: { ${key}: ${value} }\` in report.yaml`;

/** A workbook (or folder of CSV files) with more sheets than the limit. */
export function tooManySheets(file: string, count: number, limits: Pick<Limits, 'sheets'>, what = 'sheets'): BoardpackError {
  return new BoardpackError('too-many-sheets', `${file} has ${n(count)} ${what}; boardpack reads up to ${n(limits.sheets)} (limits: sheets).`, {
    at: file,
    hint: `Save a copy holding only the scorecard ${what}, or, if every one belongs in the pack, ${raise('sheets', count)}.`,
  });
}

/**
 * A sheet (or a text file: `sheet` null) running past the row limit; `rows` is how far it runs,
 * when that is known.
 */
export function tooManyRows(
  grid: { file: string; sheet: string | null },
  sheet: string | null,
  rows: number | null,
  limits: Pick<Limits, 'rows'>,
): BoardpackError {
  const what = sheet === null ? grid.file : `Sheet "${sheet}" of ${grid.file}`;
  return new BoardpackError(
    'too-many-rows',
    `${what} ${rows === null ? `has more than ${n(limits.rows)} rows` : `runs to row ${n(rows)}`}; boardpack reads up to ${n(limits.rows)} rows a sheet (limits: rows), so ${grid.file} was not read.`,
    {
      at: grid.sheet === null ? `${grid.file} › row ${n(limits.rows + 1)}` : rowAt({ file: grid.file, sheet: grid.sheet }, limits.rows),
      hint: `Delete the rows below the table (Excel counts formatted empty rows too: select them and delete them), keep other data in another file, or ${raise('rows', rows ?? limits.rows * 2)}.`,
    },
  );
}

/**
 * A workbook or text file holding more cells than the limit: counted in a workbook's XML before it
 * is parsed (`sheet` null), or sheet by sheet up to the one that passes it.
 */
export function tooManyCells(file: string, sheet: string | null, count: number, limits: Pick<Limits, 'cells'>): BoardpackError {
  return new BoardpackError(
    'too-many-cells',
    `${file} holds more than ${n(limits.cells)} cells with something in them (${n(count)}${sheet === null ? '' : ` by the end of sheet "${sheet}"`}); boardpack reads up to ${n(limits.cells)} a file (limits: cells), so it was not read.`,
    {
      at: sheet === null ? file : `${file} › ${sheet}`,
      hint: `Save a copy holding only the scorecard sheets, or export them as CSV, or ${raise('cells', count)}.`,
    },
  );
}

/** Cells of one row with something in them. */
export const filledCells = (row: ReadonlyArray<SheetCell | undefined> | undefined): number => {
  let k = 0;
  for (const cell of row ?? []) if (cell !== undefined && cell !== null) k++;
  return k;
};

/**
 * Checks one cell as it is read: text past `cellCharacters` is cut there (never inside a character)
 * and named; a figure written with more decimals than `decimals` is named. Returns the notes.
 */
export function checkCell(grid: Pick<Grid, 'file' | 'sheet'>, r: number, c: number, cell: SheetCell, limits: Limits, notes: ReadNote[]): void {
  const longest = Math.max(typeof cell.v === 'string' ? cell.v.length : 0, cell.w?.length ?? 0);
  if (longest > limits.cellCharacters) {
    const cut = (s: string) => {
      if (s.length <= limits.cellCharacters) return s;
      const end = isHighSurrogate(s.charCodeAt(limits.cellCharacters - 1)) ? limits.cellCharacters - 1 : limits.cellCharacters;
      return s.slice(0, end);
    };
    if (typeof cell.v === 'string') cell.v = cut(cell.v);
    if (cell.w !== undefined) cell.w = cut(cell.w);
    const kept = Math.max(typeof cell.v === 'string' ? cell.v.length : 0, cell.w?.length ?? 0);
    notes.push({
      severity: 'warning',
      code: 'cell-too-long',
      message: `This cell holds ${n(longest)} characters; boardpack reads the first ${n(kept)} (limits: cellCharacters) and leaves the other ${n(longest - kept)} out.`,
      at: at(grid, r, c),
      hint: `Shorten it (a cell is a name, a figure or a paragraph of commentary; put longer text in a document), or ${raise('cellCharacters', longest)}.`,
    });
  }
  const shown = cell.w ?? (typeof cell.v === 'string' ? cell.v : null);
  if (shown === null || !tooManyDecimals(limits.decimals).test(shown)) return;
  const decimals = cell.t === 'n' ? (shown.match(/\.(\d+)/)?.[1]?.length ?? 0) : (parseCellText(shown).decimals ?? 0);
  if (decimals <= limits.decimals) return;
  notes.push({
    severity: 'warning',
    code: 'too-many-decimals',
    message: `This figure is written with ${n(decimals)} decimal places, more than the ${limits.decimals} a figure may have (limits: decimals): it is read to about 17 significant digits and shown to at most 20 places, so the rest of it is not in the pack.`,
    at: at(grid, r, c),
    hint: 'Round the figure to the places it is reported with (Excel: Decrease Decimal, or =ROUND(…)).',
  });
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** A run of digits after a point longer than the limit: the quick test before the cell is parsed. */
const decimalRuns = new Map<number, RegExp>();
function tooManyDecimals(limit: number): RegExp {
  let re = decimalRuns.get(limit);
  if (!re) decimalRuns.set(limit, (re = new RegExp(String.raw`\.\d{${limit + 1}}`)));
  return re;
}
