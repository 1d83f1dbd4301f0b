import { z } from 'zod';
import type { Polarity } from '../model/scorecard.js';
import { type Band, bandWidth } from '../model/bands.js';

export const Direction = z.enum(['improving', 'declining', 'no-change', 'up', 'down', 'same', 'not-comparable']);
export type Direction = z.infer<typeof Direction>;

/** One side of a comparison: the value (null when unusable) and where it came from. */
export interface Side {
  value: number | null;
  status: string;
  raw: string;
  label: string;
  kind: string;
}

/** What was compared and what came of it; the template pack puts it into words. */
export interface DirectionResult {
  direction: Direction;
  /** Which way the figure moved, whatever the polarity. */
  raw: 'up' | 'down' | 'same' | null;
  change: number | null;
  /** Why there is no comparison, when there is none. */
  why: 'no-current' | 'no-earlier' | 'earlier-unusable' | 'different-kind' | null;
  current: Side | null;
  earlier: Side | null;
  /** A change too small to count (inside the no-change band). */
  withinBand: boolean;
  band: Band;
}

/**
 * Compares the current value with an earlier one: improving / declining / no-change when the
 * indicator has a polarity, up / down / same when it has none. Changes inside the band are no change.
 */
export function directionOfTravel(current: Side | null, earlier: Side | null, polarity: Polarity | null, band: Band): DirectionResult {
  // One literal for every result: spreading a shared base made each result an object of its own
  // shape, a hidden class apiece for 100,000 indicators.
  const result = (
    direction: Direction,
    why: DirectionResult['why'],
    change: number | null = null,
    raw: DirectionResult['raw'] = null,
    withinBand = false,
  ): DirectionResult => ({
    current,
    earlier,
    band,
    change,
    raw,
    withinBand,
    direction,
    why,
  });
  if (!current || current.value === null) return result('not-comparable', 'no-current');
  if (!earlier) return result('not-comparable', 'no-earlier');
  if (earlier.value === null) return result('not-comparable', 'earlier-unusable');
  if (earlier.kind !== current.kind) return result('not-comparable', 'different-kind');

  const change = current.value - earlier.value;
  const width = bandWidth(band, earlier.value);
  if (Math.abs(change) <= width + 1e-9 * Math.max(1, Math.abs(earlier.value))) {
    return result(polarity === null ? 'same' : 'no-change', null, change, 'same', change !== 0);
  }
  const raw = change > 0 ? 'up' : 'down';
  const direction = polarity === null ? raw : change > 0 === (polarity === 'higher') ? 'improving' : 'declining';
  return result(direction, null, change, raw);
}
