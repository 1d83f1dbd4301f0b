import { type BareMonth, type BareQuarter, type Period, mayBePeriod, parsePeriodLabel, periodOfDate } from '../model/period.js';
import { cellText } from './grid.js';
import type { SheetCell } from './parseCell.js';
import { type PeriodPart, readPartWords, recogniseHeader } from './columns.js';

/** A period heading as written, before the reader gives bare months and quarters their year. */
export type PeriodLike = Period | BareMonth | BareQuarter;

export const isBare = (p: PeriodLike): p is BareMonth | BareQuarter => !('id' in p);

/** What one header cell says. */
export interface Label {
  text: string;
  period: PeriodLike | null;
  part: PeriodPart | null;
  ytd: boolean;
  /** Words that are neither a period nor a part (`Scorecard 2024/25`): such a label only lends its year. */
  unknown: boolean;
  /** The words name a known column (`ID`, `Polarity`, `SN av`). */
  meta: boolean;
}

/** Reads one header cell: a date cell is its month; text may be a period, part words, or both. */
export function readLabel(text: string, date: string | undefined): Label {
  const none = { text, period: null, part: null, ytd: false, unknown: false, meta: false };
  if (date) {
    const [y, m] = date.split('-').map(Number) as [number, number];
    return { ...none, period: periodOfDate(y, m, text) };
  }
  const whole = parsePeriodLabel(text);
  if (whole) return { ...none, period: whole };
  const words = readPartWords(text);
  if (words) return { ...none, ...words };
  const split = splitPeriod(text);
  if (split) return { ...none, period: split.period, part: split.words?.part ?? null, ytd: split.words?.ytd ?? false, unknown: split.words === null };
  return { ...none, meta: recogniseHeader(text, 'wide').role !== 'unknown' };
}

/** `Target 2025/26`, `Sept - Num`, `Jun-24 Actual`, `Year to date 2019/20`: a period and the words beside it. */
function splitPeriod(text: string): { period: PeriodLike; words: ReturnType<typeof readPartWords> } | null {
  const tokens = text.trim().split(/\s+/);
  let best: { period: PeriodLike; words: ReturnType<typeof readPartWords>; length: number } | null = null;
  const trim = (s: string) => s.replace(/^[\s\-–—:|,/]+|[\s\-–—:|,/]+$/g, '');
  // Whether the words from `k` on (before `end`), trimmed, could start a period: most cannot, and a
  // title of many words is split every way, so they are refused before any piece is put together.
  const first = tokens.map((t) => t.replace(/^[-–—:|,/]+/, ''));
  const canStart = (k: number, end: number) => {
    for (let j = k; j < end; j++) if (first[j] !== '') return mayBePeriod(first[j]!);
    return false;
  };
  for (let i = 1; i < tokens.length; i++) {
    const headFirst = canStart(0, i);
    const tailFirst = canStart(i, tokens.length);
    if (!headFirst && !tailFirst) continue;
    const head = tokens.slice(0, i).join(' ');
    const tail = tokens.slice(i).join(' ');
    for (const [p, w] of [
      [head, tail],
      [tail, head],
    ] as const) {
      const period = parsePeriodLabel(trim(p));
      if (!period) continue;
      // `Jun-24 (provisional)`, `Quarter 1 (Apr-Jun)`: words in brackets qualify the figure.
      const words = /^\(.*\)$/.test(trim(w)) ? (readPartWords(trim(w)) ?? { part: 'value' as const, ytd: false }) : readPartWords(trim(w));
      const length = trim(p).length + (words ? 1000 : 0);
      if (!best || length > best.length) best = { period, words, length };
    }
  }
  return best && { period: best.period, words: best.words };
}

/** The period a data cell names (`Mar-25` as text, or a date cell), labelled as the sheet shows it. */
export function periodOfCell(cell: SheetCell | undefined): Period | null {
  if (cell?.date) {
    const [y, m] = cell.date.split('-').map(Number) as [number, number];
    return periodOfDate(y, m, cellText(cell));
  }
  const parsed = parsePeriodLabel(cellText(cell));
  return parsed && 'id' in parsed ? parsed : null;
}
