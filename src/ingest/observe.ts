import type { IssueLog } from '../model/issues.js';
import type { Period } from '../model/period.js';
import { type Benchmark, type Observation, type TargetSpec, quoted } from '../model/scorecard.js';
import { FOOTNOTE_MARK } from '../model/cell.js';
import { type CellInput, type ParsedCell, parseCell } from './parseCell.js';

/** Parses a value cell and reports what it could not read; nothing is dropped without a word. */
export function readValueCell(cell: CellInput, at: string, log: IssueLog, what = 'value'): ParsedCell {
  const parsed = parseCell(cell);
  if (parsed.excelError) {
    log.warn(
      'excel-error',
      `The ${what} cell shows the Excel error ${parsed.excelError}; it is treated as no data.`,
      at,
      'Fix the formula in the workbook, or type a marker such as NA or NYC.',
    );
  } else if (parsed.status === 'unparsed') {
    log.warn(
      'cell-not-understood',
      `The ${what} ${quoted(parsed.raw)} is not a number or a known marker; it is shown as written and not assessed.`,
      at,
      'Type a number (18.1%, 1,036), or a marker: NYC, NA, suppressed, Not reported, - for no data.',
    );
  } else if (parsed.status === 'ok' && Math.abs(parsed.value!) > 1e15) {
    log.warn(
      'value-implausible',
      `The ${what} ${quoted(parsed.raw)} is too large to be a scorecard figure; it is kept as written.`,
      at,
      'Check the cell: a formula may have divided by a tiny number, or a figure may have been pasted into the wrong cell.',
    );
  } else if (parsed.status === 'ok' && parsed.note !== null && !FOOTNOTE_MARK.test(parsed.note)) {
    log.warn(
      'cell-extra-text',
      `The ${what} ${quoted(parsed.raw)} has words after the figure; boardpack reads ${parsed.value} and keeps ${quoted(parsed.note ?? '')} as a note.`,
      at,
      'Put the figure alone in the cell and the words in the commentary.',
    );
  }
  return parsed;
}

export function toObservation(parsed: ParsedCell, period: Period, at: string): Observation {
  return {
    period,
    value: parsed.status === 'ok' ? parsed.value : null,
    status: parsed.status,
    raw: parsed.raw,
    revised: parsed.revised,
    count: parsed.count,
    percent: parsed.percent,
    decimals: parsed.decimals,
    range: parsed.range,
    note: parsed.note,
    direction: parsed.direction,
    numerator: null,
    denominator: null,
    at,
  };
}

export function toBenchmark(name: string, parsed: ParsedCell, at: string): Benchmark {
  return { name, value: parsed.status === 'ok' ? parsed.value : null, raw: parsed.raw, status: parsed.status, revised: parsed.revised, at };
}

export function toTarget(cell: CellInput, at: string | null): TargetSpec {
  const parsed = parseCell(cell);
  const raw = parsed.raw.trim();
  if (parsed.status === 'missing') return { raw: null, value: null, percent: false, at: null };
  return { raw, value: parsed.status === 'ok' && parsed.note === null && parsed.range === null ? parsed.value : null, percent: parsed.percent, at };
}

/**
 * The decimals an indicator's figures are shown with, every one the same way: the most any of its
 * values was written with (up to 3), so none is rounded away (92% beside 72.2% shows as 92.0%).
 */
export function indicatorDecimals(values: readonly Observation[]): number | null {
  let most: number | null = null;
  for (const v of values) if (v.status === 'ok' && v.decimals !== null && (most === null || v.decimals > most)) most = v.decimals;
  return most === null ? null : Math.min(most, 3);
}

/** Flags percentages outside 0–100, the commonest slip when a % format is lost. */
export function checkPercentRange(unit: string, values: readonly Observation[], log: IssueLog): void {
  if (unit !== '%') return;
  for (const v of values) {
    if (v.value !== null && (v.value < 0 || v.value > 100)) {
      log.warn(
        'percent-out-of-range',
        `${v.raw.trim()} is outside 0–100 for a percentage indicator.`,
        v.at,
        'Check the figure; if the cell lost its % format, 0.72 should be 72%.',
      );
    }
  }
}
