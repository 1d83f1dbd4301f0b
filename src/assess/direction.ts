import { z } from 'zod';
import { formatChange, formatValue } from '../model/format.js';
import type { Polarity } from '../model/scorecard.js';
import { type Band, bandWidth, describeBand } from './bands.js';

export const Direction = z.enum(['improving', 'declining', 'no-change', 'up', 'down', 'same', 'not-comparable']);
export type Direction = z.infer<typeof Direction>;

export interface Side {
  value: number | null;
  status: string;
  raw: string;
  label: string;
  kind: string;
}

export interface DirectionResult {
  direction: Direction;
  /** Which way the figure moved, whatever the polarity. */
  raw: 'up' | 'down' | 'same' | null;
  change: number | null;
  reason: string;
}

/**
 * Compares the current value with an earlier one: improving / declining / no-change when the
 * indicator has a polarity, up / down / same when it has none. Changes inside the band are no change.
 */
export function directionOfTravel(current: Side | null, earlier: Side | null, polarity: Polarity | null, band: Band, unit: string, decimals: number | null): DirectionResult {
  const none = (reason: string): DirectionResult => ({ direction: 'not-comparable', raw: null, change: null, reason });
  if (!current || current.value === null) return none('No current value to compare');
  if (!earlier) return none('No earlier value to compare with');
  if (earlier.value === null) return none(`No comparison: the ${earlier.label} figure is ${describeStatus(earlier)}`);
  if (earlier.kind !== current.kind) return none(`No comparison: ${earlier.label} is a different kind of period from ${current.label}`);

  const change = current.value - earlier.value;
  const f = (v: number) => formatValue(v, unit, decimals);
  const width = bandWidth(band, earlier.value);
  if (Math.abs(change) <= width + 1e-9 * Math.max(1, Math.abs(earlier.value))) {
    const direction = polarity === null ? 'same' : 'no-change';
    const reason = change === 0
      ? `Unchanged from ${earlier.label} at ${f(current.value)}`
      : `Little change: ${f(earlier.value)} in ${earlier.label}, ${f(current.value)} in ${current.label} (within the ${describeBand(band)} no-change band)`;
    return { direction, raw: 'same', change, reason };
  }
  const raw = change > 0 ? 'up' : 'down';
  const verb = change > 0 ? 'Rose' : 'Fell';
  const base = `${verb} from ${f(earlier.value)} in ${earlier.label} to ${f(current.value)} in ${current.label} (${formatChange(change, unit, decimals)})`;
  if (polarity === null) return { direction: raw, raw, change, reason: base };
  const better = (change > 0) === (polarity === 'higher');
  return { direction: better ? 'improving' : 'declining', raw, change, reason: `${base}, ${better ? 'an improvement' : 'a decline'}` };
}

function describeStatus(side: Side): string {
  switch (side.status) {
    case 'suppressed':
      return 'suppressed';
    case 'not-collected':
      return 'not yet collected';
    case 'missing':
      return 'missing';
    default:
      return `"${side.raw.trim()}"`;
  }
}
