import type { SheetCell } from './parseCell.js';

/** A merged range, 0-based and inclusive, as SheetJS gives it (`!merges`). */
export interface Merge {
  s: { r: number; c: number };
  e: { r: number; c: number };
}

/** A finding a reader makes before any layout is read (the encoding it took, say). */
export interface ReadNote {
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
  at: string | null;
  hint: string | null;
}

/** One sheet as rows of cells; the unit every layout reader works on. */
export interface Grid {
  /** The file as the user named it, for messages. */
  file: string;
  sheet: string;
  rows: Array<Array<SheetCell | undefined>>;
  /** Merged ranges (workbooks only). */
  merges?: Merge[];
  /** 0-based rows and columns the workbook hides. */
  hiddenRows?: ReadonlySet<number>;
  hiddenCols?: ReadonlySet<number>;
  /** The sheet itself is hidden in the workbook. */
  hidden?: boolean;
  /** What reading the file found out (encoding, number style), reported with the data findings. */
  notes?: ReadNote[];
}

/** `A`, `B`, … `Z`, `AA` … for a 0-based column. */
export function colLetter(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** 0-based column from `A`, `AB` …; null when it is not a column name. */
export function colIndex(letters: string): number | null {
  if (!/^[A-Za-z]{1,3}$/.test(letters)) return null;
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** Joined, not concatenated: every value keeps its `at`, and a concatenation is kept as its pieces. */
export const at = (grid: Pick<Grid, 'file' | 'sheet'>, r: number, c: number): string => [grid.file, ' › ', grid.sheet, ' › ', colLetter(c), r + 1].join('');

export const rowAt = (grid: Pick<Grid, 'file' | 'sheet'>, r: number): string => `${grid.file} › ${grid.sheet} › row ${r + 1}`;

/** The text a cell shows, trimmed; '' for an empty cell. */
export function cellText(cell: SheetCell | undefined): string {
  if (!cell) return '';
  const text = cell.w ?? (cell.v === undefined || cell.v === null ? '' : String(cell.v));
  return text.replace(/\u00a0/g, ' ').trim();
}

export const isBlankRow = (row: Array<SheetCell | undefined> | undefined): boolean => !row || row.every((c) => cellText(c) === '');
