import { z } from 'zod';
import { textCache } from '../model/cache.js';
import { parseCellText } from '../model/cell.js';
import type { Polarity, TargetSpec } from '../model/scorecard.js';

export const Target = z.discriminatedUnion('kind', [
  /** At least (`90%`, `80%+`, `>50%`): `inclusive` is false for `>`. */
  z.object({ kind: z.literal('min'), value: z.number(), inclusive: z.boolean(), raw: z.string() }),
  /** At most (`<20%`, `below 18%`, `Below 8%`). */
  z.object({ kind: z.literal('max'), value: z.number(), inclusive: z.boolean(), raw: z.string() }),
  z.object({ kind: z.literal('range'), min: z.number(), max: z.number(), raw: z.string() }),
  /** `0` for an indicator with no polarity: on target only when equal. */
  z.object({ kind: z.literal('exact'), value: z.number(), raw: z.string() }),
  /** `6 per month`: a quota scaled to the period reported. */
  z.object({ kind: z.literal('rate'), value: z.number(), per: z.enum(['week', 'month', 'quarter', 'year']), raw: z.string() }),
  /** A bare number with no polarity to say whether it is a floor or a ceiling. */
  z.object({ kind: z.literal('level'), value: z.number(), raw: z.string() }),
  z.object({ kind: z.literal('monitor'), raw: z.string() }),
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('text'), raw: z.string() }),
]);
export type Target = z.infer<typeof Target>;

const N = String.raw`([-+]?\d[\d,]*(?:\.\d+)?)\s*%?`;
const MIN_BEFORE = new RegExp(
  String.raw`^(>=|≥|=>|>|at least|above|over|more than|greater than|minimum(?: of)?|min\.?|not less than|no less than)\s*${N}$`,
  'i',
);
const MIN_AFTER = new RegExp(String.raw`^${N}\s*(\+|or (?:more|above|higher|over|greater)|and (?:above|over)|minimum|min\.?|plus)$`, 'i');
const MAX_BEFORE = new RegExp(
  String.raw`^(<=|≤|=<|<|below|under|less than|fewer than|no more than|not more than|maximum(?: of)?|max\.?|up to|at most)\s*${N}$`,
  'i',
);
const MAX_AFTER = new RegExp(String.raw`^${N}\s*(or (?:less|below|fewer|under|lower)|and (?:below|under)|maximum|max\.?)$`, 'i');
const RATE = new RegExp(String.raw`^${N}\s*(?:per|a|each|every|/)\s*(week|month|quarter|year|annum)$`, 'i');
const MONITOR = /^(monitor(ing)?( only)?|n\/?a|none|no target|tbc|tbd|context( only)?|not applicable|-|–)$/i;

const num = (s: string) => Number(s.replace(/,/g, ''));

/**
 * Gives target text its structure. A bare number is a floor or a ceiling by polarity; with no
 * polarity it stays a `level` (no RAG) unless it is 0, which can only be a ceiling.
 */
export function parseTarget(spec: Pick<TargetSpec, 'raw' | 'value'>, polarity: Polarity | null): Target {
  // Each indicator's target is read for every period it is judged in.
  return parsed(`${spec.raw === null ? 'none' : 'text'} ${polarity} ${spec.value}\u0000${spec.raw ?? ''}`, () => readTarget(spec, polarity));
}

const parsed = textCache<Target>();

function readTarget(spec: Pick<TargetSpec, 'raw' | 'value'>, polarity: Polarity | null): Target {
  const raw = spec.raw?.trim() ?? '';
  if (raw === '') return { kind: 'none' };
  if (MONITOR.test(raw)) return { kind: 'monitor', raw };
  const text = raw.replace(/\s+/g, ' ');
  let m: RegExpMatchArray | null;
  if ((m = text.match(MIN_BEFORE))) return { kind: 'min', value: num(m[2]!), inclusive: !/^(>|above|over|more than|greater than)$/i.test(m[1]!), raw };
  if ((m = text.match(MIN_AFTER))) return { kind: 'min', value: num(m[1]!), inclusive: true, raw };
  if ((m = text.match(MAX_BEFORE))) return { kind: 'max', value: num(m[2]!), inclusive: !/^(<|below|under|less than|fewer than)$/i.test(m[1]!), raw };
  if ((m = text.match(MAX_AFTER))) return { kind: 'max', value: num(m[1]!), inclusive: true, raw };
  if ((m = text.match(RATE))) {
    const per = m[2]!.toLowerCase();
    return { kind: 'rate', value: num(m[1]!), per: per === 'annum' ? 'year' : (per as 'week' | 'month' | 'quarter' | 'year'), raw };
  }
  const cell = parseCellText(raw);
  if (cell.status === 'ok' && cell.range) return { kind: 'range', min: cell.range[0], max: cell.range[1], raw };
  const value = spec.value ?? (cell.status === 'ok' && cell.note === null ? cell.value : null);
  if (value === null) return { kind: 'text', raw };
  if (polarity === 'higher') return { kind: 'min', value, inclusive: true, raw };
  if (polarity === 'lower' || value === 0) return { kind: 'max', value, inclusive: true, raw };
  return { kind: 'level', value, raw };
}

/** The polarity a target's own words imply (`below 10%` means lower is better). */
export function polarityOfTarget(target: Target): Polarity | null {
  if (target.kind === 'min' || target.kind === 'rate') return 'higher';
  if (target.kind === 'max') return 'lower';
  return null;
}
