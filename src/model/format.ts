/** Figures written the way a performance report writes them: 72.2%, 1,036, 134.9 per 10,000. */
export function formatValue(value: number, unit: string, decimals: number | null): string {
  const d = decimals ?? (Number.isInteger(value) ? 0 : 1);
  const n = formatNumber(value, d);
  if (unit === '%') return `${n}%`;
  if (unit === '£') return `£${n}`;
  return n;
}

export function formatNumber(value: number, decimals: number): string {
  const fixed = Math.abs(value).toFixed(decimals);
  const [whole, frac] = fixed.split('.') as [string, string | undefined];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = value < 0 && Number(fixed) !== 0 ? '-' : '';
  return `${sign}${grouped}${frac ? `.${frac}` : ''}`;
}

/** A target or threshold, shown as precisely as it was set: 8%, not 8.0%. */
export function formatAsSet(value: number, unit: string): string {
  return formatValue(value, unit, Math.min(2, (String(value).split('.')[1] ?? '').length));
}

/** A difference: `+3.2 points` for percentages, `+12` for counts. */
export function formatChange(change: number, unit: string, decimals: number | null): string {
  const d = decimals ?? (Number.isInteger(change) ? 0 : 1);
  const sign = change > 0 ? '+' : change < 0 ? '−' : '±';
  const n = formatNumber(Math.abs(change), d);
  return unit === '%' ? `${sign}${n} point${n === '1' ? '' : 's'}` : `${sign}${n}`;
}
