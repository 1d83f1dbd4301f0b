import { CsvError, type Options, parse } from 'csv-parse/sync';
import { BoardpackError } from '../errors.js';
import { DEFAULT_LIMITS, type Limits } from '../model/config.js';
import { type Grid, type ReadNote, at, rowAt } from './grid.js';
import { checkCell, filledCells, tooManyCells, tooManyRows } from './limits.js';
import { guardSize } from './readFiles.js';
import type { SheetCell } from './parseCell.js';

export interface TextOptions {
  /** Number style: `en` (1,234.5), `eu` (1.234,5), or found from the file. */
  locale: 'auto' | 'en' | 'eu';
  /** report.yaml's `limits:` (the defaults when not given). */
  limits?: Limits;
}

/**
 * Reads a CSV, or a semicolon-, tab- or pipe-separated export, as text cells. Figures are left as
 * written (`18.1%` stays text for the cell parser, so a CSV and a workbook holding the same figures
 * give the same values), except that a file written with decimal commas is rewritten to decimal
 * points, since the cell parser reads only those.
 */
export function readText(bytes: Uint8Array, file: string, sheet: string, options: TextOptions = { locale: 'auto' }): Grid {
  const limits = options.limits ?? DEFAULT_LIMITS;
  guardSize(bytes.byteLength, file, limits);
  const notes: ReadNote[] = [];
  // csv-parse keeps to the first line ending it meets, and files edited in two programs mix them.
  const text = decode(bytes, file, notes).replace(/\r\n?/g, '\n');
  const delimiter = /\.tsv$/i.test(file) ? '\t' : sniffDelimiter(text);
  const grid: Grid = { file, sheet, rows: [], notes };
  // One record more than the limit is parsed, to tell a file that passes it.
  const fields = records(text, delimiter, grid, limits.rows + 1);
  if (fields.length > limits.rows) throw tooManyRows(grid, null, null, limits);
  grid.rows = fields.map((r) => r.map((v) => (v === '' ? undefined : textCell(v))));
  let cells = 0;
  for (const row of grid.rows) cells += filledCells(row);
  if (cells > limits.cells) throw tooManyCells(file, null, cells, limits);
  readFigures(grid, options.locale, delimiter, notes);
  grid.rows.forEach((row, r) => {
    row.forEach((cell, c) => {
      if (cell) checkCell(grid, r, c, cell, limits, notes);
    });
  });
  return grid;
}

const textCell = (v: string): SheetCell => ({ t: 's', v, w: v });

// ---------------------------------------------------------------------------------------- encoding

/**
 * UTF-16 first, by its byte-order mark or its NUL bytes (ASCII in UTF-16 is also valid UTF-8);
 * then UTF-8 if the bytes are valid UTF-8, since other encodings almost never are; else
 * Windows-1252, which is what UK Excel writes when told to save as plain "CSV".
 */
function decode(bytes: Uint8Array, file: string, notes: ReadNote[]): string {
  const utf16 = utf16Order(bytes);
  if (utf16 !== null) {
    notes.push(note('info', 'text-encoding', `${file} is UTF-16 text (what Excel's "Unicode Text" saves); it was read as such.`, file, null));
    return new TextDecoder(utf16).decode(bytes);
  }
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    notes.push(
      note(
        'info',
        'text-encoding',
        `${file} is not UTF-8; it was read as Windows-1252 (what Excel's "CSV" saves), so £ and – show as written.`,
        file,
        'Nothing needs fixing. Saved from Excel as "CSV UTF-8 (Comma delimited)" instead, it would also keep characters Windows-1252 lacks, such as ≥ and ≤, which plain "CSV" turns into "?".',
      ),
    );
    return new TextDecoder('windows-1252').decode(body).replace(/[\u0080-\u009f]/g, (ch) => WINDOWS_1252_HIGH[ch.charCodeAt(0) - 0x80]!);
  }
}

/**
 * Bytes 0x80–0x9F in Windows-1252 (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ). Node 20.18.3
 * and later decode them as Latin-1 control characters (nodejs/node#60888); a fixed Node leaves
 * none for this to replace.
 */
const WINDOWS_1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function utf16Order(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const pairs = Math.min(bytes.length, 4096) >> 1;
  if (pairs < 2) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  // Text in UTF-16 has a NUL beside almost every Latin character, always on the same side.
  if (oddNul > pairs * 0.3 && evenNul < pairs * 0.05) return 'utf-16le';
  if (evenNul > pairs * 0.3 && oddNul < pairs * 0.05) return 'utf-16be';
  return null;
}

// ------------------------------------------------------------------------------------ delimiter

const CSV: Options = {
  bom: true,
  relax_column_count: true,
  // Hand-made exports hold text such as `5" screen`; a stray quote is kept as text, as Excel does.
  relax_quotes: true,
  skip_empty_lines: false,
};

/** Earlier wins a tie: a file whose every line holds one `;` and one `,` is `;` with decimal commas. */
const DELIMITERS = ['\t', ';', '|', ','];
/** The other delimiters, found in a field once a line is split. */
const LEFTOVER: Record<string, RegExp> = { '\t': /[;|]/, ';': /[\t|]/, '|': /[\t;]/, ',': /[\t;|]/ };
const SNIFF_RECORDS = 50;
const SNIFF_CHARS = 1 << 20;

/**
 * The delimiter that splits the most of the first lines, and the most of them into the same number
 * of fields. Quotes are respected, so commas inside quoted text or figures do not count. Lines
 * whose fields still hold another delimiter count against it: split at its decimal commas, a
 * semicolon file leaves `A1;41` and `8;12` behind. Commas are not held against a delimiter, as
 * text is full of them.
 */
function sniffDelimiter(text: string): string {
  const sample = text.slice(0, SNIFF_CHARS);
  let best = ',';
  let bestScore = 0;
  for (const delimiter of DELIMITERS) {
    let split: string[][];
    try {
      split = parse(sample, { ...CSV, delimiter, skip_empty_lines: true, to: SNIFF_RECORDS }).filter((r) => r.length > 1);
    } catch {
      continue;
    }
    const freq = new Map<number, number>();
    for (const r of split) freq.set(r.length, (freq.get(r.length) ?? 0) + 1);
    const leftovers = split.filter((r) => r.some((field) => LEFTOVER[delimiter]!.test(field))).length;
    const score = split.length + Math.max(0, ...freq.values()) - leftovers;
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

function records(text: string, delimiter: string, grid: Grid, to: number): string[][] {
  try {
    return parse(text, { ...CSV, delimiter, to });
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    const row = typeof e.records === 'number' ? e.records : 0;
    const unclosed = e.code === 'CSV_QUOTE_NOT_CLOSED';
    throw new BoardpackError(
      'text-unreadable',
      unclosed
        ? `${grid.file} cannot be read: a quote (") opening a cell in row ${row + 1} is never closed, so the rest of the file would be one cell.`
        : `${grid.file} cannot be read as delimited text at row ${row + 1}: ${e.message}`,
      {
        at: rowAt(grid, row),
        hint: unclosed
          ? 'Close the quote at the end of that cell, or remove it; a quote inside a quoted cell is written twice ("").'
          : 'Open the file in Excel and save it again as "CSV UTF-8 (Comma delimited)".',
        cause: e,
      },
    );
  }
}

// -------------------------------------------------------------------------------------- figures

type Style = 'en' | 'eu';

/**
 * A cell that is a figure and nothing else, as the cell parser reads figures: sign, currency,
 * number, `%`, revised `r`, then a bracketed count or the top of a range. The numbers are left
 * loose here (any run of digits and separators) and checked against each style by `digits`.
 */
const NUM = String.raw`[.,]?\d(?:[\d.,\u0020\u00a0\u202f]*\d)?`;
const FIGURE = new RegExp(
  String.raw`^(\s*[-+−]?\s*[£$€]?\s*)(${NUM})(\s*%?\s*(?:r|\(r\))?\s*%?\s*)` +
    String.raw`(?:(\(\s*)(${NUM})(\s*\)\s*)|((?:-|–|to)\s*[£$€]?\s*)(${NUM})(\s*%?\s*))?$`,
  'i',
);
const NUM_GROUPS = new Set([2, 5, 8]);
/** Longer text is never a single figure; the cap also keeps the pattern fast on long cells. */
const MAX_FIGURE_CHARS = 64;

/** Most cells of a data file; they read the same in both styles and need no rewriting. */
const WHOLE_NUMBER = /^\d+$/;

/** Thousands groups: never starting with 0, so `0,123` is a decimal comma and `0.123` a point. */
const GROUPED: Record<string, RegExp> = { ' ': /^[1-9]\d{0,2}(?: \d{3})+$/, ',': /^[1-9]\d{0,2}(?:,\d{3})+$/, '.': /^[1-9]\d{0,2}(?:\.\d{3})+$/ };

/** The number in the cell parser's form (`1,234.5`) as one style reads it; null when it cannot. */
function digits(num: string, style: Style): string | null {
  if (WHOLE_NUMBER.test(num)) return num;
  const point = style === 'en' ? '.' : ',';
  const s = num.replace(/[\u00a0\u202f]/g, ' ');
  const p = s.indexOf(point);
  if (p !== -1 && (s.indexOf(point, p + 1) !== -1 || !WHOLE_NUMBER.test(s.slice(p + 1)))) return null;
  const whole = p === -1 ? s : s.slice(0, p);
  const tail = p === -1 ? '' : `.${s.slice(p + 1)}`;
  if (WHOLE_NUMBER.test(whole) || (whole === '' && p !== -1)) return whole + tail;
  const sep = whole.charAt(whole.length - 4);
  if (!GROUPED[sep]?.test(whole)) return null;
  return whole.split(sep).join(',') + tail;
}

/** The cell's text with every number in the cell parser's form, as one style reads it. */
function rewrite(parts: readonly string[], style: Style): string | null {
  let out = '';
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i] ?? '';
    if (!NUM_GROUPS.has(i) || part === '') {
      out += part;
      continue;
    }
    const d = digits(part, style);
    if (d === null) return null;
    out += d;
  }
  return out;
}

interface Figure {
  r: number;
  c: number;
  text: string;
  en: string | null;
  eu: string | null;
  /** Read one way in both styles, by only one style, or differently in each. */
  kind: Style | 'same' | 'ambiguous';
}

function figure(text: string, r: number, c: number): Figure | null {
  if (text.length > MAX_FIGURE_CHARS || WHOLE_NUMBER.test(text) || !/\d/.test(text)) return null;
  const m = FIGURE.exec(text);
  if (!m) return null;
  const en = rewrite(m, 'en');
  const eu = rewrite(m, 'eu');
  if (en === null && eu === null) return null;
  return { r, c, text, en, eu, kind: en === null ? 'eu' : eu === null ? 'en' : en === eu ? 'same' : 'ambiguous' };
}

/**
 * Decides the file's number style and rewrites its figures to decimal points. A figure only one
 * style can read (`41,8`, `1,234.5`) is evidence; one both read differently (`1,234`, `18.260`)
 * needs the file's style, and is an error, never a guess, when the file does not show it plainly.
 */
function readFigures(grid: Grid, locale: TextOptions['locale'], delimiter: string, notes: ReadNote[]): void {
  const cells = { en: 0, eu: 0 };
  const byColumn = new Map<number, { en: number; eu: number }>();
  const first: Partial<Record<Style, Figure>> = {};
  // Only figures whose text may change, or that need the file's style; `81.5%` in most files is neither.
  const open: Figure[] = [];
  grid.rows.forEach((row, r) => {
    row.forEach((cell, c) => {
      const f = typeof cell?.v === 'string' ? figure(cell.v, r, c) : null;
      if (!f) return;
      if (f.kind === 'en' || f.kind === 'eu') {
        cells[f.kind]++;
        const col = byColumn.get(c) ?? { en: 0, eu: 0 };
        col[f.kind]++;
        byColumn.set(c, col);
        first[f.kind] ??= f;
      }
      if (f.kind === 'ambiguous' || (f.en !== null && f.en !== f.text) || (f.eu !== null && f.eu !== f.text)) open.push(f);
    });
  });
  // Each column votes once, so a column of dotted IDs (`1.10`, `2.3`) cannot outvote the figures.
  const evidence = { en: 0, eu: 0 };
  for (const col of byColumn.values()) if (col.en !== col.eu) evidence[col.en > col.eu ? 'en' : 'eu']++;
  const mixed = locale === 'auto' && cells.en > 0 && cells.eu > 0;
  // A comma-separated file with no figure that settles it writes decimal points: files that write
  // decimal commas separate their fields with semicolons or tabs (the UK Excel export, `1,036`).
  const style: Style | null =
    locale !== 'auto' ? locale : evidence.eu > evidence.en ? 'eu' : evidence.en > evidence.eu || (delimiter === ',' && cells.eu === 0) ? 'en' : null;
  // Figures that read two ways follow the file's style when it is plain: forced, unmixed, or
  // written by at least twice as many columns as the other.
  const settled = style !== null && (!mixed || Math.min(evidence.en, evidence.eu) * 2 <= Math.max(evidence.en, evidence.eu));
  const where = (f: Figure) => at(grid, f.r, f.c);
  const changed: Figure[] = [];
  for (const f of open) {
    const k = f.kind;
    // Figures the file's style cannot read are left as written: in a file with decimal commas,
    // `1.10` is more likely an ID than a slip, and the cell parser reports a stray `2,5`.
    const read = k === 'same' ? f.en : k === 'ambiguous' ? (settled ? f[style!] : null) : k === style ? f[k] : null;
    if (read !== null && read !== f.text) {
      grid.rows[f.r]![f.c] = textCell(read);
      changed.push(f);
    }
  }

  const show = (f: Figure) => `"${f.text.trim()}"`;
  // Space-grouped figures (`1 036`) read the same either way, so they are no example.
  const example = changed.find((f) => f.kind !== 'same' && f.text.includes(',')) ?? changed.find((f) => f.kind !== 'same');
  if (style === 'eu' && example) {
    const why = locale === 'eu' ? 'report.yaml sets `locale: eu` for it' : mixed ? 'most of its figures show' : 'its figures show';
    notes.push(
      note('info', 'number-style', `${grid.file} was read with decimal commas (${show(example)} is ${example.eu!.trim()}), as ${why}.`, where(example), null),
    );
  }
  if (mixed) {
    const odd = style === 'en' ? first.eu! : first.en!;
    const n = style === 'en' ? cells.eu : cells.en;
    const message =
      style === null
        ? `${grid.file} writes as many figures with decimal commas (${show(first.eu!)} at ${where(first.eu!)}) as with decimal points (${show(first.en!)} at ${where(first.en!)}), so neither kind was changed.`
        : `${grid.file} writes most figures with decimal ${style === 'en' ? 'points' : 'commas'}, but ${n === 1 ? `${show(odd)} has` : `${n} have`} a decimal ${style === 'en' ? 'comma' : 'point'}${n === 1 ? '' : `, such as ${show(odd)}`}; ${n === 1 ? 'it was' : 'they were'} left as written.`;
    notes.push(
      note(
        'warning',
        'number-style-mixed',
        message,
        where(odd),
        'If these are figures, write them like the others; to say which style the file uses, set `locale: eu` (1.234,5) or `locale: en` (1,234.5) for this source in report.yaml.',
      ),
    );
  }
  if (locale !== 'auto' || settled) return;
  const why = mixed
    ? 'the file writes figures both with decimal commas and with decimal points.'
    : `the file does not show whether it uses decimal commas${delimiter === ';' ? ' (its semicolons suggest it does, but no figure settles it)' : ''}.`;
  for (const f of open) {
    if (f.kind !== 'ambiguous') continue;
    notes.push(
      note(
        'error',
        'number-ambiguous',
        `${show(f)} could be ${plain(f, 'thousands')} or ${plain(f, 'decimal')}: ${why}`,
        where(f),
        'Set `locale: eu` (1.234,5) or `locale: en` (1,234.5) for this source in report.yaml.',
      ),
    );
  }
}

/**
 * An ambiguous figure's two readings for a message: "18,260 or 18.26". The thousands reading is
 * the one with more digits before the point.
 */
function plain(f: Figure, reading: 'thousands' | 'decimal'): string {
  const intLength = (s: string) => (s.split('.')[0] ?? '').replace(/\D/g, '').length;
  const [a, b] = [f.en!, f.eu!];
  const thousands = intLength(a) >= intLength(b) ? a : b;
  const pick = reading === 'thousands' ? thousands : thousands === a ? b : a;
  return pick
    .trim()
    .replace(/(\.\d*?)0+(?=\D|$)/g, '$1')
    .replace(/\.(?=\D|$)/g, '');
}

const note = (severity: ReadNote['severity'], code: string, message: string, where: string | null, hint: string | null): ReadNote => ({
  severity,
  code,
  message,
  at: where,
  hint,
});
