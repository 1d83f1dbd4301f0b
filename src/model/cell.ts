import { z } from 'zod';

/*
 * Values as people write them (`18.1%`, `100.8r`, `67% (4)`, `NYC`, `97%-99%`, `↑ 83%`). Ingest
 * reads cells with this and assessment reads target text with it, so they read alike; it is in the
 * model because both stages need it and neither may import the other.
 */

export const CellStatus = z.enum(['ok', 'suppressed', 'not-collected', 'not-reported', 'not-applicable', 'unavailable', 'missing', 'unparsed']);
export type CellStatus = z.infer<typeof CellStatus>;

export const TypedDirection = z.enum(['up', 'down', 'same']);
export type TypedDirection = z.infer<typeof TypedDirection>;

export interface ParsedCell {
  value: number | null;
  status: CellStatus;
  /** `100.8r`: the figure was revised since it was first published. */
  revised: boolean;
  /** `67% (4)`: the count behind a percentage. */
  count: number | null;
  /** The text the sheet shows (the formatted text for a number). */
  raw: string;
  percent: boolean;
  /** Decimal places as written, for formatting the figure the same way. */
  decimals: number | null;
  /** An arrow typed into the cell (`↑ 83%`), kept as the published direction. */
  direction: TypedDirection | null;
  /** `97%-99%`: the value is the midpoint, the range is kept. */
  range: [number, number] | null;
  /** Words beside or instead of the figure (`Not reported due to …`, `(rolling year)`). */
  note: string | null;
  /** Excel error text (`#DIV/0!`) when the cell holds one. */
  excelError: string | null;
}

const ARROWS: Record<string, TypedDirection> = {
  '↑': 'up',
  '⬆': 'up',
  '▲': 'up',
  '⇧': 'up',
  '↗': 'up',
  '↓': 'down',
  '⬇': 'down',
  '▼': 'down',
  '⇩': 'down',
  '↘': 'down',
  '→': 'same',
  '➡': 'same',
  '↔': 'same',
  '⬌': 'same',
  '◀▶': 'same',
  '◀ ▶': 'same',
  '=': 'same',
};

const ARROWS_LONGEST_FIRST = Object.keys(ARROWS).sort((a, b) => b.length - a.length);

const MARKERS: Array<[RegExp, CellStatus]> = [
  [/^[-–—.]{1,2}$/, 'missing'],
  [/^(n\/?a|not applicable)\b/i, 'not-applicable'],
  [/^(nyc|not yet (collected|available|due|published))\b/i, 'not-collected'],
  [/^(\*|x|c|su?p{1,2}res{1,2}ed)(?!\w)/i, 'suppressed'],
  // `<5`: a small number held back, as councils publish counts under five.
  [/^[<≤]\s*\d+(\.\d+)?\s*%?$/, 'suppressed'],
  [/^(tbc|tba|tbd|to be confirmed|to follow|awaited|pending)\b/i, 'not-collected'],
  [/^not reported\b/i, 'not-reported'],
  [/^(data (is )?(currently )?(unavailable|not available)|unavailable|not available)\b/i, 'unavailable'],
];

const NUMBER = String.raw`(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:e[+-]?\d+)?|\.\d+)`;
const LEADING_NUMBER = new RegExp(String.raw`^([-+−]?)\s*[£$€]?\s*${NUMBER}\s*(%)?\s*(r\b|\(r\))?\s*(%)?`, 'i');
const RANGE_TAIL = new RegExp(String.raw`^(?:-|–|to)\s*[£$€]?\s*${NUMBER}\s*(%)?$`, 'i');
const COUNT_TAIL = /^\(\s*(\d[\d,]*)\s*\)$/;

/**
 * Reads a value written as text (a text cell, a field of a text export, a target) into a value and
 * a status. It never throws: what it cannot read comes back as `unparsed` with the text kept.
 */
export function parseCellText(raw: string): ParsedCell {
  let text = raw.replace(/\u00a0/g, ' ').trim();
  const cell = blank(raw);
  if (text === '') return cell;

  if (/^#(div\/0!|n\/a|value!|ref!|name\?|num!|null!|getting_data|spill!|calc!)/i.test(text)) {
    return { ...cell, status: 'unparsed', excelError: text };
  }

  const arrow = ARROWS_LONGEST_FIRST.find((a) => text.startsWith(a));
  if (arrow !== undefined) {
    cell.direction = ARROWS[arrow]!;
    text = text.slice(arrow.length).trim();
    if (text === '') return { ...cell, status: 'missing' };
  }

  for (const [pattern, status] of MARKERS) {
    const m = text.match(pattern);
    if (m) {
      const rest = text.slice(m[0].length).trim();
      return { ...cell, status, note: rest === '' ? null : text };
    }
  }

  // `08:31` (a response time, minutes and seconds) or `1:02:45`: a duration, read in seconds.
  const time = text.match(DURATION);
  if (time) return { ...cell, status: 'ok', value: durationSeconds(time), decimals: 0 };

  const m = text.match(LEADING_NUMBER);
  if (!m || m[0].trim() === '') return { ...cell, status: 'unparsed', note: text };

  const sign = m[1] === '-' || m[1] === '−' ? -1 : 1;
  const digits = m[2]!;
  const value = sign * Number(digits.replace(/,/g, ''));
  if (!Number.isFinite(value)) return { ...cell, status: 'unparsed', note: text };
  const percent = m[3] !== undefined || m[5] !== undefined;
  const decimals = digits.includes('.') && !/e/i.test(digits) ? digits.split('.')[1]!.length : 0;
  const parsed: ParsedCell = { ...cell, value, status: 'ok', percent, decimals, revised: m[4] !== undefined };

  const tail = text.slice(m[0].length).trim();
  if (tail === '') return parsed;

  const count = tail.match(COUNT_TAIL);
  if (count) return { ...parsed, count: Number(count[1]!.replace(/,/g, '')) };

  const range = tail.match(RANGE_TAIL);
  if (range && sign === 1) {
    const hi = Number(range[1]!.replace(/,/g, ''));
    if (hi >= value) {
      return { ...parsed, percent: percent || range[2] !== undefined, range: [value, hi], value: round((value + hi) / 2) };
    }
  }
  return { ...parsed, note: tail };
}

/** Nothing read yet: what every reading starts from. */
export function blank(raw: string): ParsedCell {
  return {
    value: null,
    status: 'missing',
    revised: false,
    count: null,
    raw,
    percent: false,
    decimals: null,
    direction: null,
    range: null,
    note: null,
    excelError: null,
  };
}

const DURATION = /^(\d{1,3}):([0-5]\d)(?::([0-5]\d))?$/;
const durationSeconds = (m: RegExpMatchArray) =>
  m[3] === undefined ? Number(m[1]) * 60 + Number(m[2]) : Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);

/** True when a figure is written as a duration (`08:31`, `1:02:45`). */
export const isDurationText = (text: string): boolean => DURATION.test(text.trim());

/** `15.8*`, `12.5†`, `63.1 (p)`, `8¹`: a mark pointing at a note under the table, not words about the figure. */
export const FOOTNOTE_MARK = /^(\*{1,3}|†|‡|§|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\((p|e|f|est|prov|[a-h]|\d{1,2})\)|\[\d{1,2}\]|p)$/i;

/** Removes binary noise from scaling (0.181 × 100 = 18.099999999999998). */
export function round(n: number): number {
  return Number(n.toPrecision(12));
}
