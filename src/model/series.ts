import { BoardpackError } from '../errors.js';
import { type Period, type PeriodKind, findPeriod } from './period.js';
import type { Indicator, Observation, Scorecard } from './scorecard.js';

export const isUsable = (o: Observation): boolean => o.status === 'ok' && o.value !== null;

/** The reporting period and, in a sentence, why it was chosen (printed by `validate` and `build`). */
export interface ChosenPeriod {
  period: Period;
  reason: string;
}

const KIND_WORD: Record<PeriodKind, string> = { month: 'month', quarter: 'quarter', year: 'year', 'part-year': 'year-to-date column' };
const FREQUENCY: Record<PeriodKind, string> = { month: 'monthly', quarter: 'quarterly', year: 'annual', 'part-year': 'year-to-date' };

/**
 * The period the pack reports on: the one report.yaml or `--period` names, or one of these rules
 * over the commonest kind of period (months in a monthly scorecard, quarters in a quarterly one):
 * `latest`, the newest period for which at least half of the indicators reporting at that
 * frequency have a figure (two late returns must not make a pack of "No data"); `latest-complete`,
 * the newest for which all of them have one; `previous`, the one before `latest`.
 */
export function reportingPeriod(scorecard: Scorecard, wanted: string): ChosenPeriod {
  const { periods } = scorecard;
  if (!['latest', 'latest-complete', 'previous'].includes(wanted)) {
    const found = findPeriod(periods, wanted);
    if (!found) {
      throw new BoardpackError('period-not-found', `The reporting period "${wanted}" is not in the data.`, {
        hint:
          periods.length === 0
            ? 'The sources hold no period columns or values.'
            : `Periods found: ${periods.map((p) => p.label).join(', ')}. Set \`period:\` to one of them, or to latest.`,
      });
    }
    return { period: found, reason: 'as asked' };
  }
  const counts = new Map<PeriodKind, number>();
  for (const ind of scorecard.indicators) for (const v of ind.values) if (isUsable(v)) counts.set(v.period.kind, (counts.get(v.period.kind) ?? 0) + 1);
  const kind = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (kind === undefined) throw noData(scorecard);
  const reporting = scorecard.indicators.filter((i) => i.values.some((v) => isUsable(v) && v.period.kind === kind));
  // Counted once: a long table of one indicator over 100,000 periods would otherwise count them for each.
  const figures = new Map<string, number>();
  for (const i of reporting) {
    const seen = new Set<string>();
    for (const v of i.values) {
      if (!isUsable(v) || seen.has(v.period.id)) continue;
      seen.add(v.period.id);
      figures.set(v.period.id, (figures.get(v.period.id) ?? 0) + 1);
    }
  }
  const filled = (p: Period) => figures.get(p.id) ?? 0;
  const ofKind = periods.filter((p) => p.kind === kind).reverse();
  const n = reporting.length;
  const share = (p: Period) => `${filled(p)} of ${n} ${FREQUENCY[kind]} indicators have a figure`;
  const mostFilled = ofKind.indexOf([...ofKind].sort((a, b) => filled(b) - filled(a))[0]!);
  const halfFilled = ofKind.findIndex((p) => filled(p) * 2 >= n);
  const latestIndex = halfFilled >= 0 ? halfFilled : mostFilled;
  const latest = ofKind[latestIndex]!;
  const newer = ofKind.slice(0, latestIndex).filter((p) => filled(p) > 0);
  const skipped = newer.length > 0 ? `; ${newer.map((p) => `${p.label} has only ${filled(p)}`).join(', ')}` : '';
  if (wanted === 'latest')
    return { period: latest, reason: `the newest ${KIND_WORD[kind]} with figures for at least half the indicators (${share(latest)}${skipped})` };
  if (wanted === 'previous') {
    const previous = ofKind[latestIndex + 1];
    if (!previous)
      throw new BoardpackError('period-not-found', `There is no ${KIND_WORD[kind]} before ${latest.label} to report on.`, {
        hint: 'Set `period:` to latest, or to a period in the data.',
      });
    return { period: previous, reason: `the ${KIND_WORD[kind]} before the latest (${latest.label}); ${share(previous)}` };
  }
  const complete = ofKind.find((p) => filled(p) === n);
  if (complete) return { period: complete, reason: `the newest ${KIND_WORD[kind]} for which all ${n} ${FREQUENCY[kind]} indicators have a figure` };
  const most = ofKind[mostFilled]!;
  return { period: most, reason: `no ${KIND_WORD[kind]} has a figure for every indicator; this is the newest with the most (${share(most)})` };
}

/** Nothing to report on: say what was read, and what the value cells hold instead of figures. */
function noData(scorecard: Scorecard): BoardpackError {
  const inds = scorecard.indicators;
  if (inds.length === 0) {
    return new BoardpackError('no-data', 'No indicators were read, so there is nothing to report on.', {
      hint: 'The findings below say what was looked at in each sheet and why it was not read.',
      data: true,
    });
  }
  const cells = inds.flatMap((i) => i.values);
  const example = cells.find((v) => v.status !== 'missing');
  const table = scorecard.tables[0];
  const they = inds.length === 1 ? 'its' : 'their';
  const read = `${inds.length} indicator${inds.length === 1 ? ' was' : 's were'} read, but`;
  if (cells.length === 0) {
    return new BoardpackError(
      'no-data',
      `${read} ${table ? `the table's header${table.headerRows.length > 1 ? ' rows' : ''} name no period` : 'no period column was found'}, so there are no figures and no period to report on.`,
      {
        at: table ? `${table.file} › ${table.sheet} › row ${table.headerRows[0]}` : inds[0]!.at,
        hint: 'Head each period column with its period (Apr-24, 2024/25 Q1, 2024/25), typed as text or as a date cell with a date format.',
        data: true,
      },
    );
  }
  const held = example
    ? `none of ${they} ${cells.length} value cells holds a figure (for example ${example.at} holds "${example.raw.trim()}")`
    : `all ${cells.length} of ${they} value cells are empty`;
  return new BoardpackError('no-data', `${read} ${held}, so there is no period to report on.`, {
    at: example?.at ?? inds[0]!.at,
    hint: 'Type the figures as numbers (18.1%, 1,036), or markers such as NYC or NA where there is none.',
    data: true,
  });
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

/** The target that applies to a period: its own (`Jun-24 Target`), else its year's (`Target 2024/25`), else the indicator's. */
export function targetFor(ind: Pick<Indicator, 'periodTargets' | 'target'>, p: Period): Indicator['target'] {
  const list = ind.periodTargets;
  const ofYear = (t: PeriodTarget) => t.period.kind === 'year' && t.period.start <= p.start && p.end <= t.period.end;
  if (list.length <= 8) return (list.find((t) => t.period.id === p.id) ?? list.find(ofYear))?.target ?? ind.target;
  // A long table gives a target on each of its rows, and every period is judged against its own.
  let index = targetIndex.get(list);
  if (index?.length !== list.length) {
    index = { length: list.length, byId: new Map(), years: list.filter((t) => t.period.kind === 'year') };
    for (const t of list) if (!index.byId.has(t.period.id)) index.byId.set(t.period.id, t);
    targetIndex.set(list, index);
  }
  return (index.byId.get(p.id) ?? index.years.find(ofYear))?.target ?? ind.target;
}

type PeriodTarget = Indicator['periodTargets'][number];

/** Each long list of period targets by period id, rebuilt if the list has grown (it only grows while it is read). */
const targetIndex = new WeakMap<readonly PeriodTarget[], { length: number; byId: Map<string, PeriodTarget>; years: PeriodTarget[] }>();

/** The observation for a period, usable or not. */
export const valueAt = (ind: Indicator, period: Period): Observation | undefined => ind.values.find((v) => v.period.id === period.id);
