import { z } from 'zod';
import { type Band, bandWidth } from '../model/bands.js';
import type { Polarity } from '../model/scorecard.js';
import type { Target } from './targets.js';

export const Rag = z.enum(['green', 'amber', 'red', 'none', 'no-data']);
export type Rag = z.infer<typeof Rag>;

/** Targets that can be rated once scaled to the period (rates and pro-rata already applied). */
export type RatedTarget = Extract<Target, { kind: 'min' | 'max' | 'range' | 'exact' }>;

export interface Thresholds {
  /** Where amber starts (default: the target itself). */
  amber?: number | undefined;
  /** Where red starts. */
  red?: number | undefined;
}

export interface Judgement {
  rag: 'green' | 'amber' | 'red';
  /** How far the value falls short of the target, in its units (0 when met). */
  gap: number;
  /** The target figure the gap is measured from. */
  reference: number;
  side: 'below' | 'above' | null;
  /** True when the value is strictly better than the target, not just on it. */
  beyond: boolean;
  width: number;
}

const EPS = 1e-9;
const close = (a: number, b: number) => Math.abs(a - b) <= EPS * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * Green when the target is met, amber when the shortfall is inside the band, red beyond it. The
 * band's edge counts as amber; a band of zero gives no amber. Explicit thresholds replace the band.
 */
export function judge(value: number, target: RatedTarget, band: Band, thresholds: Thresholds = {}, polarity: Polarity | null = null): Judgement {
  const bounds = boundsOf(target, polarity);
  if (thresholds.red !== undefined && (target.kind === 'min' || target.kind === 'max')) {
    return judgeThresholds(value, bounds, thresholds);
  }
  const { floor, ceiling } = bounds;
  if (floor !== null && (value < floor.value || (!floor.inclusive && close(value, floor.value)))) {
    return shortfall(floor.value - value, floor.value, 'below', band);
  }
  if (ceiling !== null && (value > ceiling.value || (!ceiling.inclusive && close(value, ceiling.value)))) {
    return shortfall(value - ceiling.value, ceiling.value, 'above', band);
  }
  const beyond = betterThan(value, target, polarity);
  return { rag: 'green', gap: 0, reference: floor?.value ?? ceiling!.value, side: null, beyond, width: 0 };
}

/** Strictly better than the target, not merely on it (the KPI report's "better than target"). */
function betterThan(value: number, target: RatedTarget, polarity: Polarity | null): boolean {
  switch (target.kind) {
    case 'min':
      return value > target.value && !close(value, target.value);
    case 'max':
      return value < target.value && !close(value, target.value);
    case 'range':
      return (polarity === 'higher' && value > target.max) || (polarity === 'lower' && value < target.min);
    case 'exact':
      return false;
  }
}

function shortfall(gap: number, reference: number, side: 'below' | 'above', band: Band): Judgement {
  const width = bandWidth(band, reference);
  const amber = width > 0 && gap <= width + EPS * Math.max(1, Math.abs(reference));
  return { rag: amber ? 'amber' : 'red', gap: Math.max(0, gap), reference, side, beyond: false, width };
}

function judgeThresholds(value: number, bounds: Bounds, t: Thresholds): Judgement {
  if (bounds.floor) {
    const amberAt = t.amber ?? bounds.floor.value;
    const rag = value >= amberAt ? 'green' : value < t.red! ? 'red' : 'amber';
    return {
      rag,
      gap: Math.max(0, bounds.floor.value - value),
      reference: bounds.floor.value,
      side: rag === 'green' ? null : 'below',
      beyond: value > bounds.floor.value,
      width: amberAt - t.red!,
    };
  }
  const ceiling = bounds.ceiling!;
  const amberAt = t.amber ?? ceiling.value;
  const rag = value <= amberAt ? 'green' : value > t.red! ? 'red' : 'amber';
  return {
    rag,
    gap: Math.max(0, value - ceiling.value),
    reference: ceiling.value,
    side: rag === 'green' ? null : 'above',
    beyond: value < ceiling.value,
    width: t.red! - amberAt,
  };
}

interface Bounds {
  floor: { value: number; inclusive: boolean } | null;
  ceiling: { value: number; inclusive: boolean } | null;
}

/** With a polarity, a range is missed only on its worse side: 100% beats a 90–95% timeliness target. */
function boundsOf(target: RatedTarget, polarity: Polarity | null): Bounds {
  switch (target.kind) {
    case 'min':
      return { floor: { value: target.value, inclusive: target.inclusive }, ceiling: null };
    case 'max':
      return { floor: null, ceiling: { value: target.value, inclusive: target.inclusive } };
    case 'range':
      return {
        floor: polarity === 'lower' ? null : { value: target.min, inclusive: true },
        ceiling: polarity === 'higher' ? null : { value: target.max, inclusive: true },
      };
    case 'exact':
      return { floor: { value: target.value, inclusive: true }, ceiling: { value: target.value, inclusive: true } };
  }
}
