// Text is read by the model's parseCellText, which assessment also reads targets with; what only a
// workbook gives (typed numbers and their formats, error values, empty cells) is read here.
import { type ParsedCell, blank, parseCellText, round } from '../model/cell.js';

export type { ParsedCell } from '../model/cell.js';

/** A cell as SheetJS gives it: type, value, formatted text, number format. */
export interface SheetCell {
  t: 'n' | 's' | 'b' | 'e' | 'd' | 'z';
  v?: unknown;
  w?: string;
  z?: unknown;
  /** `YYYY-MM-DD` when the workbook formats the number as a date (a heading `Mar-25` typed as a date). */
  date?: string;
}

export type CellInput = SheetCell | string | number | null | undefined;

/**
 * Reads one cell — typed (from a workbook) or text (from a CSV or a text cell) — into a value and
 * a status. It never throws: what it cannot read comes back as `unparsed` with the text kept.
 */
export function parseCell(input: CellInput): ParsedCell {
  if (input === null || input === undefined) return parseCellText('');
  if (typeof input === 'string') return parseCellText(input);
  if (typeof input === 'number') return numberCell(input, String(input), undefined);
  switch (input.t) {
    case 'n':
      return typeof input.v === 'number' && Number.isFinite(input.v)
        ? numberCell(input.v, input.w ?? String(input.v), typeof input.z === 'string' ? input.z : undefined)
        : parseCellText(input.w ?? String(input.v ?? ''));
    case 'e':
      return { ...blank(input.w ?? '#ERROR'), status: 'unparsed', excelError: input.w ?? '#ERROR' };
    case 'z':
      return parseCellText('');
    default:
      return parseCellText(input.w ?? String(input.v ?? ''));
  }
}

/** `mm:ss`, `[h]:mm:ss`: a time format with no day, month or year in it. */
const TIME_FORMAT = /(\[?h+\]?:\[?mm?\]?|\[?mm?\]?:ss)/i;
const isTimeFormat = (format: string | undefined): boolean =>
  format !== undefined && TIME_FORMAT.test(format.replace(/"[^"]*"/g, '')) && !/[dy]/i.test(format.replace(/"[^"]*"/g, ''));

function numberCell(v: number, raw: string, format: string | undefined): ParsedCell {
  // A duration is stored as a fraction of a day: 08:31 is 0.0059. Read it in seconds, as typed text is.
  const duration = isTimeFormat(format);
  const percent = !duration && format?.includes('%') === true;
  const value = duration ? Math.round(v * 86400) : percent ? round(v * 100) : v;
  // A number near the top of what a double holds can overflow once scaled (1.8e306 shown as a
  // percentage): it is read as the text it shows, which is kept and reported as not understood.
  if (!Number.isFinite(value)) return parseCellText(raw);
  if (duration) return { ...blank(raw), value, status: 'ok', decimals: 0 };
  const shown = raw.trim();
  const dot = shown.replace(/[%\s]/g, '').split('.')[1];
  return { ...blank(raw), value, status: 'ok', percent, decimals: dot === undefined ? 0 : dot.replace(/\D/g, '').length };
}
