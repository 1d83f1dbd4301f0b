import { MAX_DECIMALS, decimalsOf, formatNumber } from '../model/format.js';

/**
 * Labels for a value axis, in place of Chart.js's own. Chart.js asks Intl.NumberFormat for as many
 * decimals as the tick step needs, and any `ticks.format` is laid over that, so a step of 0.01 under
 * a format of at most one decimal, or a step past 20 decimals (a flat series of 0.0000001%), threw
 * "maximumFractionDigits value is out of range" and took the pack with it. Here the decimals come
 * from the step (0.25 → 2, never float noise), written the way the tables write figures; a step
 * finer than 20 decimals, or a figure of 10^15 or more, is written with an exponent instead.
 */
export function tickLabel(value: number | string, _index: number, ticks: ReadonlyArray<{ value: number }>): string {
  if (typeof value === 'string') return value;
  if (value === 0) return '0';
  // Chart.js's choice of step: the first interval may end on a bound rather than on the step.
  const step = ticks.length > 3 ? ticks[2]!.value - ticks[1]!.value : ticks.length > 1 ? ticks[1]!.value - ticks[0]!.value : value;
  return formatTick(value, step);
}

export function formatTick(value: number, step: number): string {
  if (!Number.isFinite(value)) return '';
  const decimals = decimalsOf(step);
  if (decimals <= MAX_DECIMALS && Math.abs(value) < 1e15) return formatNumber(value, decimals);
  const magnitude = (v: number) => Math.floor(Math.log10(Math.abs(v)));
  const digits = Number.isFinite(step) && step !== 0 ? magnitude(value) - magnitude(step) : 0;
  const [mantissa, exponent] = value.toExponential(Math.min(MAX_DECIMALS, Math.max(0, digits))).split('e') as [string, string];
  return `${mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa}e${exponent.replace('+', '')}`;
}
