import { BoardpackError } from '../errors.js';
import { DEFAULT_LIMITS, type Limits } from '../model/config.js';
import type { Grid, ReadNote } from './grid.js';
import { checkCell, filledCells, tooManyCells, tooManyRows, tooManySheets } from './limits.js';
import type { SheetCell } from './parseCell.js';
import { checkZip } from './zipCheck.js';

type XLSXModule = typeof import('xlsx');
let xlsx: XLSXModule | undefined;

/** SheetJS is the slowest module to load; only commands that read a workbook pay for it. */
async function sheetjs(): Promise<XLSXModule> {
  xlsx ??= (await import('xlsx')) as XLSXModule;
  return xlsx;
}

/**
 * Reads every sheet of a workbook (.xlsx, .xls, .ods) into grids of typed, formatted cells, within
 * the limits: its size and what it unpacks to before SheetJS sees it; no sheet past `sheets` and no
 * row past `rows` parsed; its sheets, rows and cells counted before any cell is read.
 */
export async function readWorkbook(bytes: Uint8Array, file: string, limits: Limits = DEFAULT_LIMITS): Promise<Grid[]> {
  guardSize(bytes.byteLength, file, limits);
  checkSignature(bytes, file);
  // What SheetJS takes for a zip (PK and two small bytes), whatever the file is named.
  // The last row of an .xlsx holding a value, from its XML (0 for other kinds).
  let lastRow = 0;
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2]! < 9 && bytes[3]! < 9) {
    // An .xlsx's cells are counted in its XML, before SheetJS builds any of them.
    const zip = checkZip(bytes, file, limits);
    if (zip.cells > limits.cells) throw tooManyCells(file, null, zip.cells, limits);
    lastRow = zip.lastRow;
  }
  const X = await sheetjs();
  let wb: import('xlsx').WorkBook;
  try {
    wb = X.read(bytes, {
      type: 'buffer',
      dense: true,
      cellNF: true,
      cellText: true,
      cellDates: false,
      cellFormula: false,
      cellHTML: false,
      // Hidden rows and columns are only reported with styles.
      cellStyles: true,
      sheetStubs: false,
      // One sheet and one row more than the limits, to tell a workbook that passes them.
      sheets: Array.from({ length: limits.sheets }, (_, i) => i),
      sheetRows: limits.rows + 1,
    });
  } catch (e) {
    throw unreadable(file, e);
  }
  if (wb.SheetNames.length > limits.sheets) throw tooManySheets(file, wb.SheetNames.length, limits);
  const sheets = wb.SheetNames.map((name) => {
    const ws = wb.Sheets[name]!;
    return { name, ws, data: (ws['!data'] ?? []) as Array<Array<SheetCell | undefined> | undefined> };
  });
  let cells = 0;
  for (const { name, ws, data } of sheets) {
    // `!fullref` is how far the sheet runs when SheetJS stopped at `sheetRows`.
    const runsTo = Math.max(data.length, ws['!fullref'] ? X.utils.decode_range(ws['!fullref']).e.r + 1 : 0);
    if (runsTo > limits.rows) throw tooManyRows({ file, sheet: name }, name, runsTo, limits);
    for (const row of data) cells += filledCells(row);
    if (cells > limits.cells) throw tooManyCells(file, name, cells, limits);
  }
  // SheetJS stops at the row limit and, with no dimension in a sheet's XML, says nothing of rows
  // below a blank one there: the XML said how far the values run.
  if (lastRow > limits.rows) throw tooManyRows({ file, sheet: null }, null, lastRow, limits);
  return sheets.map(({ name, ws, data }, i) => {
    const grid = { file, sheet: name };
    const notes: ReadNote[] = [];
    data.forEach((row, r) => {
      row?.forEach((cell, c) => {
        if (!cell) return;
        if (cell.t === 'n') {
          if (cell.w === undefined) formatNumber(X, cell);
          markDate(X, cell);
        }
        checkCell(grid, r, c, cell, limits, notes);
      });
    });
    const hiddenIndexes = (list: unknown) =>
      new Set((Array.isArray(list) ? list : []).flatMap((x: { hidden?: boolean } | undefined, n) => (x?.hidden ? [n] : [])));
    return {
      ...grid,
      // The dense sheet has holes for empty rows; every reader indexes rows, so fill them.
      rows: Array.from(data, (r) => r ?? []),
      merges: ws['!merges'] ?? [],
      hiddenRows: hiddenIndexes(ws['!rows']),
      hiddenCols: hiddenIndexes(ws['!cols']),
      hidden: (wb.Workbook?.Sheets?.[i]?.Hidden ?? 0) !== 0,
      ...(notes.length > 0 ? { notes } : {}),
    };
  });
}

/** A number shown as a date (any date format, built-in or custom) carries the date it shows. */
function markDate(X: XLSXModule, cell: SheetCell): void {
  const format = cell.z;
  if (typeof cell.v !== 'number' || format === undefined || !X.SSF.is_date(format as string | number)) return;
  const d = X.SSF.parse_date_code(cell.v);
  if (d && d.y > 1900) cell.date = `${d.y}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}`;
}

function formatNumber(X: XLSXModule, cell: SheetCell): void {
  try {
    cell.w = X.SSF.format((cell.z as string | number | undefined) ?? 'General', cell.v as number);
  } catch {
    cell.w = String(cell.v);
  }
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
/** Old .xls files, and password-protected .xlsx files, are OLE compound documents. */
const OLE = [0xd0, 0xcf, 0x11, 0xe0];

/**
 * SheetJS reads almost anything as some kind of sheet (a text file becomes one cell), so a file
 * named .xlsx that is not a zip or OLE container is refused here with a plain reason.
 */
function checkSignature(bytes: Uint8Array, file: string): void {
  const starts = (sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (/\.(xlsx|xlsm|xlsb|ods)$/i.test(file) && !starts(ZIP) && !starts(OLE)) {
    throw new BoardpackError(
      'workbook-unreadable',
      `${file} is not a valid workbook: it is named like one, but its contents are not a spreadsheet (${bytes.byteLength === 0 ? 'the file is empty' : 'it may be damaged, or be another kind of file renamed'}).`,
      {
        at: file,
        hint: 'Open it in Excel and save it again as .xlsx; if it is a CSV, give it a .csv name.',
      },
    );
  }
}

/** Checked on the size the file system gives, before reading, and again on the bytes read. */
export function guardSize(bytes: number, file: string, limits: Pick<Limits, 'fileMB'> = DEFAULT_LIMITS): void {
  if (bytes > limits.fileMB * 1048576) {
    throw new BoardpackError(
      'workbook-too-large',
      `${file} is ${(bytes / 1048576).toFixed(1)} MB; boardpack reads workbooks up to ${limits.fileMB.toLocaleString('en-GB')} MB (limits: fileMB).`,
      {
        at: file,
        hint: `Save a copy holding only the scorecard sheets, or export them as CSV; or, if it is as it should be, raise \`limits: { fileMB: ${Math.ceil(bytes / 1048576)} }\` in report.yaml.`,
      },
    );
  }
}

function unreadable(file: string, e: unknown): BoardpackError {
  const why = e instanceof Error ? e.message : String(e);
  if (/password|encrypt/i.test(why)) {
    return new BoardpackError('workbook-encrypted', `${file} is password-protected, so boardpack cannot read it.`, {
      at: file,
      hint: 'Save an unprotected copy (File › Info › Protect Workbook › remove the password) and point report.yaml at it.',
      cause: e,
    });
  }
  return new BoardpackError('workbook-unreadable', `${file} could not be read as a workbook (${why}).`, {
    at: file,
    hint: 'Open it in Excel and save it again as .xlsx; if it is a CSV, give it a .csv name.',
    cause: e,
  });
}
