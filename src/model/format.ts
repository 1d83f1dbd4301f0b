/** The most decimals a figure is ever written with (and what Intl.NumberFormat accepts). */
export const MAX_DECIMALS = 20;

/** Figures written the way a performance report writes them: 72.2%, 1,036, 134.9 per 10,000. */
export function formatValue(value: number, unit: string, decimals: number | null): string {
  if (unit === 'time') return formatDuration(value);
  const n = formatNumber(value, decimals ?? defaultDecimals(value));
  if (unit === '%') return `${n}%`;
  if (unit === '£') return `£${n}`;
  return n;
}

/**
 * One format per indicator: every figure of an indicator (its table cells, chart labels, reasons,
 * narrative) is written with the indicator's decimals (`decimals` in a tidy workbook, else those most
 * of its figures were written with), never a cell's own, and always with thousands separators, so a
 * column never shows `1,200` beside `1200`, or `72%` beside `72.5%`.
 */
export function formatFigure(value: number, ind: { unit: string; decimals: number | null }): string {
  return formatValue(value, ind.unit, ind.decimals);
}

/**
 * A figure written into text as the workbook had it (a target, a benchmark), with thousands
 * separators put into its whole numbers: `<2583` → `<2,583`; decimals and grouped numbers are kept.
 */
export function withSeparators(text: string): string {
  return text.replace(/(?<![\d.,])\d{4,}/g, (n) => n.replace(/\B(?=(\d{3})+(?!\d))/g, ','));
}

/** Seconds as a duration is written: `8:31`, `1:02:45`. */
export function formatDuration(seconds: number): string {
  const total = Math.round(Math.abs(seconds));
  const [h, m, sec] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  const two = (n: number) => String(n).padStart(2, '0');
  return `${seconds < 0 ? '-' : ''}${h > 0 ? `${h}:${two(m)}` : `${m}`}:${two(sec)}`;
}

/** `decimals` is clamped to 0–20, so a figure's own precision can never make formatting throw. */
export function formatNumber(value: number, decimals: number): string {
  const fixed = Math.abs(value).toFixed(clampDecimals(decimals));
  const [whole, frac] = fixed.split('.') as [string, string | undefined];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = value < 0 && Number(fixed) !== 0 ? '-' : '';
  return `${sign}${grouped}${frac ? `.${frac}` : ''}`;
}

/** A target or threshold, shown as precisely as it was set: 8%, not 8.0%; 0.0000001%, not 0%. */
export function formatAsSet(value: number, unit: string): string {
  return formatValue(value, unit, Math.min(decimalsOf(value), Math.max(2, decimalsOf(significant(value, 2)))));
}

/** A difference: `+3.2 points` for percentages, `+12` for counts. */
export function formatChange(change: number, unit: string, decimals: number | null): string {
  const d = decimals ?? defaultDecimals(change);
  const sign = change > 0 ? '+' : change < 0 ? '−' : '±';
  if (unit === 'time') return `${sign}${formatDuration(Math.abs(change))}`;
  const n = formatNumber(Math.abs(change), d);
  return unit === '%' ? `${sign}${n} point${n === '1' ? '' : 's'}` : `${sign}${n}`;
}

/**
 * How far apart two figures are, unsigned, in the units a reader compares them in: percentage points
 * for a percentage (`15.0 points`, never a per cent of a per cent), the indicator's own units
 * otherwise (`7`, `£1,200`, `0:30`), with the indicator's decimals.
 */
export function formatDifference(difference: number, unit: string, decimals: number | null): string {
  const size = Math.abs(difference);
  const d = decimals ?? defaultDecimals(size);
  if (unit === '%') {
    const n = formatNumber(size, d);
    return `${n} point${n === '1' ? '' : 's'}`;
  }
  return formatValue(size, unit, d);
}

/**
 * A difference as a share of the figure it is measured from (`14.0%`, or `+1.6%` when signed), for
 * figures that are not percentages; null for a percentage, whose difference is already in points,
 * and for a reference of 0.
 */
export function formatShare(difference: number, reference: number, unit: string, signed = false): string | null {
  if (unit === '%' || reference === 0 || !Number.isFinite(difference / reference)) return null;
  const share = (difference / Math.abs(reference)) * 100;
  const n = formatNumber(Math.abs(share), 1);
  const sign = !signed ? '' : Number(n.replace(/,/g, '')) === 0 ? '±' : share > 0 ? '+' : '−';
  return `${sign}${n}%`;
}

/**
 * Decimals for a figure with none set: none for a whole number, one otherwise, and for a small
 * figure that one decimal would show as 0.0 (0.0000001%) enough for two significant digits.
 */
export function defaultDecimals(value: number): number {
  if (!Number.isFinite(value) || Number.isInteger(value)) return 0;
  if (Math.abs(value) >= 0.05) return 1;
  const d = decimalsOf(significant(value, 2));
  return d <= MAX_DECIMALS ? d : 1;
}

/** Digits after the point `value` needs when written out in full (0.25 → 2, 2.5e-9 → 10, 1e21 → 0), ignoring float noise. */
export function decimalsOf(value: number): number {
  if (!Number.isFinite(value) || value === 0) return 0;
  // Asked for every target and band of every indicator, which are mostly the same few figures.
  let d = decimalsSeen.get(value);
  if (d === undefined) {
    const [mantissa, exponent] = Math.abs(significant(value, 12)).toExponential().split('e') as [string, string];
    d = Math.max(0, (mantissa.split('.')[1]?.length ?? 0) - Number(exponent));
    if (decimalsSeen.size >= 4096) decimalsSeen.clear();
    decimalsSeen.set(value, d);
  }
  return d;
}

const decimalsSeen = new Map<number, number>();

const clampDecimals = (d: number) => (Number.isFinite(d) ? Math.min(MAX_DECIMALS, Math.max(0, Math.round(d))) : 0);

const significant = (v: number, digits: number) => Number(v.toPrecision(digits));
