import { BoardpackError } from '../errors.js';
import { type Period, type PeriodKind, findPeriod } from './period.js';
import type { Indicator, Observation, Scorecard } from './scorecard.js';

export const isUsable = (o: Observation): boolean => o.status === 'ok' && o.value !== null;

/**
 * The period the pack reports on: the one report.yaml names, or else the newest period of the
 * commonest kind (months in a monthly scorecard, quarters in a quarterly one) that holds data.
 */
export function reportingPeriod(scorecard: Scorecard, wanted: string): Period {
  const { periods } = scorecard;
  if (wanted !== 'latest') {
    const found = findPeriod(periods, wanted);
    if (!found) {
      throw new BoardpackError('period-not-found', `The reporting period "${wanted}" is not in the data.`, {
        hint: periods.length === 0 ? 'The sources hold no period columns or values.' : `Periods found: ${periods.map((p) => p.label).join(', ')}. Set \`period:\` to one of them, or to latest.`,
      });
    }
    return found;
  }
  const counts = new Map<PeriodKind, number>();
  for (const ind of scorecard.indicators) for (const v of ind.values) if (isUsable(v)) counts.set(v.period.kind, (counts.get(v.period.kind) ?? 0) + 1);
  const kind = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  const withData = new Set(scorecard.indicators.flatMap((i) => i.values.filter(isUsable).map((v) => v.period.id)));
  const latest = [...periods].reverse().find((p) => p.kind === kind && withData.has(p.id));
  if (!latest) {
    throw new BoardpackError('no-data', 'The sources hold no usable values, so there is no period to report on.', {
      hint: 'Run `boardpack validate` to see which cells could not be read.',
    });
  }
  return latest;
}

/** The newest usable value up to the reporting period, and the one before it of the same kind. */
export function latestAndPrevious(ind: Indicator, period: Period): { latest: Observation | null; previous: Observation | null } {
  const usable = ind.values.filter((v) => isUsable(v) && v.period.order <= period.order);
  const ofKind = usable.filter((v) => v.period.kind === period.kind);
  const latest = ofKind[ofKind.length - 1] ?? usable[usable.length - 1] ?? null;
  if (!latest) return { latest: null, previous: null };
  const before = usable.filter((v) => v.period.kind === latest.period.kind && v.period.order < latest.period.order);
  return { latest, previous: before[before.length - 1] ?? null };
}

/** The observation for a period, usable or not. */
export const valueAt = (ind: Indicator, period: Period): Observation | undefined => ind.values.find((v) => v.period.id === period.id);
