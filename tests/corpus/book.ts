import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from 'xlsx';

/**
 * A workbook or text export as a layout writes it: sheets of cells, merges, hidden rows and sheets.
 * The same description gives the file's bytes and the list of cells the reader must account for,
 * so the accounting never depends on the reader under test.
 */

/** A typed cell as SheetJS writes it: a number with its display format, or text. */
export type XCell = { t: 'n'; v: number; z?: string } | { t: 's'; v: string };
export type Cell = string | number | XCell | null;

export interface Merge {
  s: { r: number; c: number };
  e: { r: number; c: number };
}

export interface SheetSpec {
  name: string;
  rows: Cell[][];
  merges: Merge[];
  /** 0-based. */
  hiddenRows: number[];
  hidden: boolean;
}

export interface CsvStyle {
  delimiter: ',' | ';';
  encoding: 'utf-8' | 'windows-1252';
  bom: boolean;
  eol: '\r\n' | '\n';
}

export interface BookSpec {
  file: string;
  sheets: SheetSpec[];
  /** Set for a text export (one sheet, every cell a string as written). */
  csv: CsvStyle | null;
}

export class SheetBuilder {
  readonly rows: Cell[][] = [];
  readonly merges: Merge[] = [];
  readonly hiddenRows: number[] = [];

  constructor(
    readonly name: string,
    readonly hidden = false,
  ) {}

  /** The 0-based index the next row will have. */
  get next(): number {
    return this.rows.length;
  }

  add(cells: Cell[], options: { hidden?: boolean } = {}): number {
    const r = this.rows.length;
    this.rows.push(cells);
    if (options.hidden) this.hiddenRows.push(r);
    return r;
  }

  blank(n = 1): void {
    for (let i = 0; i < n; i++) this.rows.push([]);
  }

  merge(r1: number, c1: number, r2: number, c2: number): void {
    if (r1 !== r2 || c1 !== c2) this.merges.push({ s: { r: r1, c: c1 }, e: { r: r2, c: c2 } });
  }

  spec(): SheetSpec {
    return { name: this.name, rows: this.rows, merges: this.merges, hiddenRows: this.hiddenRows, hidden: this.hidden };
  }
}

/** The text a person sees in the cell. */
export function displayText(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number') return String(cell);
  if (cell.t === 's') return cell.v;
  return XLSX.SSF.format(cell.z ?? 'General', cell.v);
}

export const isBlank = (cell: Cell): boolean => displayText(cell).trim() === '';

export function bookBytes(book: BookSpec): Uint8Array {
  return book.csv ? csvBytes(book.sheets[0]!, book.csv) : xlsxBytes(book);
}

function xlsxBytes(book: BookSpec): Uint8Array {
  const wb = XLSX.utils.book_new();
  for (const sheet of book.sheets) {
    const ws: XLSX.WorkSheet = {};
    let lastCol = 0;
    sheet.rows.forEach((row, r) => {
      row.forEach((cell, c) => {
        if (cell === null || cell === '') return;
        ws[XLSX.utils.encode_cell({ r, c })] = typeof cell === 'string' ? { t: 's', v: cell } : typeof cell === 'number' ? { t: 'n', v: cell } : { ...cell };
        lastCol = Math.max(lastCol, c);
      });
    });
    for (const m of sheet.merges) lastCol = Math.max(lastCol, m.e.c);
    ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: Math.max(sheet.rows.length - 1, 0), c: lastCol } });
    if (sheet.merges.length > 0) ws['!merges'] = sheet.merges.map((m) => ({ s: { ...m.s }, e: { ...m.e } }));
    if (sheet.hiddenRows.length > 0) {
      const rows: XLSX.RowInfo[] = [];
      for (const r of sheet.hiddenRows) rows[r] = { hidden: true };
      ws['!rows'] = rows;
    }
    XLSX.utils.book_append_sheet(wb, ws, sheet.name);
  }
  wb.Workbook = { Sheets: book.sheets.map((s) => ({ name: s.name, Hidden: s.hidden ? 1 : 0 })) };
  // cellStyles: without it SheetJS leaves out the row properties, and hidden rows would show.
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', cellStyles: true }) as Uint8Array;
}

function csvBytes(sheet: SheetSpec, style: CsvStyle): Uint8Array {
  const width = Math.max(1, ...sheet.rows.map((r) => r.length));
  const field = (text: string) => (text.includes(style.delimiter) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  // Exports pad every line to the table's width (`Safeguarding;;;;`), so this does too.
  const lines = sheet.rows.map((row) => Array.from({ length: width }, (_, c) => field(displayText(row[c] ?? null))).join(style.delimiter));
  const text = lines.join(style.eol) + style.eol;
  const body = style.encoding === 'utf-8' ? new TextEncoder().encode(text) : windows1252(text);
  if (!style.bom || style.encoding !== 'utf-8') return body;
  const out = new Uint8Array(body.length + 3);
  out.set([0xef, 0xbb, 0xbf]);
  out.set(body, 3);
  return out;
}

/** Windows-1252's characters above 0x7f that are not Latin-1's. */
const CP1252: Record<string, number> = {
  '€': 0x80,
  '‚': 0x82,
  ƒ: 0x83,
  '„': 0x84,
  '…': 0x85,
  '†': 0x86,
  '‡': 0x87,
  ˆ: 0x88,
  '‰': 0x89,
  Š: 0x8a,
  '‹': 0x8b,
  Œ: 0x8c,
  Ž: 0x8e,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '•': 0x95,
  '–': 0x96,
  '—': 0x97,
  '˜': 0x98,
  '™': 0x99,
  š: 0x9a,
  '›': 0x9b,
  œ: 0x9c,
  ž: 0x9e,
  Ÿ: 0x9f,
};

export function windows1252(text: string): Uint8Array {
  return Uint8Array.from([...text], (ch) => {
    const code = ch.codePointAt(0)!;
    if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) return code;
    const byte = CP1252[ch];
    if (byte === undefined) throw new Error(`"${ch}" has no Windows-1252 byte`);
    return byte;
  });
}

/** One non-blank cell of a written book, as the accounting sees it. */
export interface GridCell {
  file: string;
  sheet: string;
  /** 1-based, as people and findings count rows. */
  row: number;
  /** 0-based. */
  col: number;
  /** `B12` */
  ref: string;
  text: string;
  /** In a hidden row or on a hidden sheet: only a finding may account for it. */
  hidden: boolean;
}

/** A text export has one sheet, which people name after the file. */
export const csvSheetName = (file: string): string => file.replace(/\.[^.]+$/, '');

export function cellsOf(book: BookSpec): GridCell[] {
  const cells: GridCell[] = [];
  for (const sheet of book.sheets) {
    const name = book.csv ? csvSheetName(book.file) : sheet.name;
    const hiddenRows = new Set(sheet.hiddenRows);
    sheet.rows.forEach((row, r) => {
      row.forEach((cell, c) => {
        if (isBlank(cell)) return;
        const ref = XLSX.utils.encode_cell({ r, c });
        cells.push({ file: book.file, sheet: name, row: r + 1, col: c, ref, text: displayText(cell), hidden: sheet.hidden || hiddenRows.has(r) });
      });
    });
  }
  return cells;
}

/** Writes the book into `dir` and returns the path to read, as a user would give it. */
export function writeBook(book: BookSpec, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, book.file);
  writeFileSync(path, bookBytes(book));
  return path;
}
