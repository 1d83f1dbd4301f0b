import { z } from 'zod';

/** A tolerance or no-change band: relative to a reference (`10%`) or in the indicator's units (`2 points`). */
export const Band = z.object({ kind: z.enum(['relative', 'absolute']), value: z.number().nonnegative() });
export type Band = z.infer<typeof Band>;

/** `10%`, `10` (percent), `0.5 points`, `2 pts`, `3pp`, `4 units` → a band; null when not understood. */
export function parseBand(input: string | number): Band | null {
  if (typeof input === 'number') return input >= 0 ? { kind: 'relative', value: input / 100 } : null;
  const t = input.trim().toLowerCase();
  let m = t.match(/^(\d+(?:\.\d+)?)\s*%$/);
  if (m) return { kind: 'relative', value: Number(m[1]) / 100 };
  m = t.match(/^(\d+(?:\.\d+)?)\s*(points?|pts?|pp|percentage points?|units?|absolute)$/);
  if (m) return { kind: 'absolute', value: Number(m[1]) };
  m = t.match(/^(\d+(?:\.\d+)?)$/);
  if (m) return { kind: 'relative', value: Number(m[1]) / 100 };
  return null;
}

/** How far the band reaches from a reference value. */
export const bandWidth = (band: Band, reference: number): number => (band.kind === 'absolute' ? band.value : Math.abs(reference) * band.value);

export const describeBand = (band: Band): string =>
  band.kind === 'absolute' ? `${band.value} point${band.value === 1 ? '' : 's'}` : `${+(band.value * 100).toFixed(4)}%`;
