import type { IndicatorSpec, ReportConfig } from '../model/config.js';
import { round } from '../model/cell.js';
import { formatValue } from '../model/format.js';
import { IssueLog } from '../model/issues.js';
import { type Period, financialYearOf, samePeriodLastYear } from '../model/period.js';
import { type Indicator, type Issue, type Observation, type Polarity, indicatorName, quoted } from '../model/scorecard.js';
import { isUsable, latestAndPrevious, targetFor, valueAt } from '../model/series.js';
import type { Report } from '../model/report.js';
import { type Band, bandWidth, parseBand } from '../model/bands.js';
import { type Direction, type DirectionResult, type Side, directionOfTravel } from './direction.js';
import { readPublishedDirection, readPublishedRag } from './published.js';
import { type Judgement, type Rag, type RatedTarget, judge } from './rag.js';
import { type SectionResult, type Summary, sectionResults, summarise } from './summary.js';
import { type Target, parseTarget, polarityOfTarget } from './targets.js';

export type BenchmarkComparison = 'better' | 'worse' | 'similar' | 'above' | 'below' | 'not-comparable';

export interface BenchmarkResult {
  name: string;
  value: number | null;
  raw: string;
  comparison: BenchmarkComparison;
  difference: number | null;
}

/** Why an indicator has the RAG it has, as facts; the template pack puts them into words. */
export type RagFacts =
  | { case: 'no-target' }
  | { case: 'monitor'; raw: string }
  | { case: 'unreadable-target'; raw: string }
  | { case: 'no-polarity'; raw: string }
  /**
   * Nothing usable for the period: `marker` is the cell that is there (NYC, suppressed), `latest` the
   * last usable value and `standing` how it stood against its own period's target, when it had one.
   */
  | {
      case: 'no-data';
      period: Period;
      marker: Observation | null;
      latest: Observation | null;
      standing: { goal: RatedTarget; judgement: Judgement; proRata: { elapsed: number; annual: string } | null } | null;
    }
  | {
      case: 'rated';
      value: number;
      goal: RatedTarget;
      judgement: Judgement;
      band: Band;
      thresholds: { amber: number | null; red: number | null };
      /** An annual target of a cumulative count, compared at `elapsed` months of 12. */
      proRata: { elapsed: number; annual: string } | null;
      /** A rate target (`6 per month`) and the quota it gives for the period. */
      rate: { raw: string; value: number } | null;
      /** Red made amber by the direction-aware rule because the indicator is improving. */
      softened: boolean;
    };

/** Everything a committee reads about one indicator, each judgement with the facts behind it. */
export interface IndicatorAssessment {
  indicator: Indicator;
  polarity: Polarity | null;
  polaritySource: Indicator['polaritySource'] | 'target';
  target: Target;
  /** The figure rated against, after pro-rata or rate scaling; null when there is none. */
  goal: RatedTarget | null;
  /** The value rated: the latest usable one, if recent enough. */
  current: Observation | null;
  /** The newest usable value up to the reporting period, recent enough to rate or not: every narrative states it. */
  latest: Observation | null;
  /** The value direction of travel compares with. */
  comparison: Observation | null;
  rag: Rag;
  ragFacts: RagFacts;
  /** Green and strictly better than the target (not merely on it). */
  beyondTarget: boolean;
  direction: Direction;
  directionRaw: 'up' | 'down' | 'same' | null;
  change: number | null;
  directionFacts: DirectionResult;
  benchmarks: BenchmarkResult[];
  /** Every period of the reporting kind up to the report, each judged against its own target. */
  history: HistoryPoint[];
  published: { rag: Rag | null; direction: 'up' | 'down' | 'same' | null; ragAgrees: boolean | null; directionAgrees: boolean | null };
}

export interface HistoryPoint {
  observation: Observation;
  /** The period's RAG, or null when it has no usable value or no rateable target. */
  rag: 'green' | 'amber' | 'red' | null;
  /** The target that applied (scaled pro rata or to a rate), for drawing the target line. */
  goal: RatedTarget | null;
}

export interface Assessment {
  period: Period;
  indicators: IndicatorAssessment[];
  summary: Summary;
  sections: SectionResult[];
  issues: Issue[];
}

/** Judges every indicator by the report's rules; pure, so the same report always assesses the same. */
export function assessReport(report: Report): Assessment {
  const { config, scorecard, period } = report;
  const log = new IssueLog();
  for (const id of Object.keys(config.indicators)) {
    if (!scorecard.indicators.some((i) => i.id === id)) {
      log.warn(
        'config-unknown-indicator',
        `report.yaml has settings for indicator "${id}", which is not in the data.`,
        config.origin,
        'Correct the ID under `indicators:` or remove the entry.',
      );
    }
  }
  const indicators = scorecard.indicators.map((ind) => assessIndicator(ind, period, config, log));
  return {
    period,
    indicators,
    summary: summarise(indicators),
    sections: sectionResults(scorecard.sections, indicators, config.summary),
    issues: log.items,
  };
}

function assessIndicator(ind: Indicator, period: Period, config: ReportConfig, log: IssueLog): IndicatorAssessment {
  const spec: IndicatorSpec = (ind.id !== null ? config.indicators[ind.id] : undefined) ?? {};
  const tolerance = parseBand(spec.tolerance ?? config.rag.tolerance)!;
  const band = parseBand(config.direction.band)!;
  const rule = spec.rule ?? config.rag.rule;
  const maxAge = spec.maxAge ?? 0;
  const cumulative = spec.cumulative ?? ind.cumulative;

  const { latest } = latestAndPrevious(ind, period);
  const current = latest && monthsBetween(latest.period, period) <= maxAge ? latest : null;

  const given = spec.polarity ?? ind.polarity;
  const thresholds = { amber: spec.amber, red: spec.red };
  // report.yaml's replacement target, else the period's own, else the indicator's.
  const targetOf = (p: Period) => parseTarget(spec.target !== undefined ? { raw: spec.target, value: null } : targetFor(ind, p), given);
  const target = targetOf(current?.period ?? period);
  const polarity = given ?? polarityOfTarget(target);
  const polaritySource = spec.polarity ? 'config' : ind.polarity ? ind.polaritySource : polarity ? 'target' : null;
  if (polaritySource === 'status' || polaritySource === 'wording') {
    const basis =
      polaritySource === 'status'
        ? "the workbook's own ratings agree with that against the target"
        : `the wording of its title says so ("${ind.title.length > 60 ? `${ind.title.slice(0, 59)}…` : ind.title}")`;
    log.info(
      'polarity-inferred',
      `${indicatorName(ind)}: ${polarity} is taken as better, because ${basis}.`,
      polaritySource === 'status' ? (ind.published.ragAt ?? ind.at) : ind.at,
      `If that is wrong, add a polarity column, or set it in report.yaml: \`indicators: { "${ind.id}": { polarity: ${polarity === 'higher' ? 'lower' : 'higher'} } }\`.`,
    );
  }

  const earlier = current ? comparisonFor(ind, current, config.direction.compare) : null;
  const dir = directionOfTravel(side(current), earlier ? (side(earlier.obs) ?? earlier.missing) : null, polarity, band);

  // Every period of the rated kind, each judged once against its own target; the rating is the current one's.
  const gauges = ind.values
    .filter((v) => v.period.kind === ((current ?? latest)?.period.kind ?? period.kind) && v.period.order <= period.order)
    .map((observation) => {
      const t = targetOf(observation.period);
      if (!isRateable(t)) return { observation, scaled: null, judgement: null };
      const scaled = scaleTarget(t, observation.period, cumulative);
      return { observation, scaled, judgement: isUsable(observation) ? judge(observation.value!, scaled.goal, tolerance, thresholds, polarity) : null };
    });

  const { rag, facts, goal, judgement } = rate();
  // Written out, not spread from a shared base: a spread gave each of 100,000 results a hidden class of its own.
  const result: IndicatorAssessment = {
    indicator: ind,
    polarity,
    polaritySource,
    target,
    current,
    latest,
    comparison: earlier?.obs ?? null,
    goal,
    rag,
    ragFacts: facts,
    beyondTarget: judgement?.beyond ?? false,
    direction: dir.direction,
    directionRaw: dir.raw,
    change: dir.change,
    directionFacts: dir,
    benchmarks: ind.benchmarks.map((b) => compareBenchmark(b, current, polarity, band, ind.unit)),
    history: gauges.map((g) => ({ observation: g.observation, rag: g.judgement?.rag ?? null, goal: g.scaled?.goal ?? null })),
    published: { rag: null, direction: null, ragAgrees: null, directionAgrees: null },
  };
  checkPublished(result, period, config.direction.published, log);
  return result;

  function rate(): { rag: Rag; facts: RagFacts; goal: RatedTarget | null; judgement: Judgement | null } {
    const none = (rag: Rag, facts: RagFacts) => ({ rag, facts, goal: null, judgement: null });
    switch (target.kind) {
      case 'none':
        return none('none', { case: 'no-target' });
      case 'monitor':
        return none('none', { case: 'monitor', raw: target.raw });
      case 'text':
        log.warn(
          'target-not-understood',
          `Target ${quoted(target.raw ?? '')} for ${indicatorName(ind)} is not a figure boardpack can compare, so the indicator gets no RAG.`,
          ind.target.at ?? ind.at,
          'Write it as 90%, below 10%, 80%+, 105-135, 6 per month or Monitor.',
        );
        return none('none', { case: 'unreadable-target', raw: target.raw });
      case 'level':
        log.warn(
          'polarity-needed',
          `${indicatorName(ind)} has a target of ${target.raw} but no polarity, so boardpack cannot tell whether it is a floor or a ceiling; it gets no RAG.`,
          ind.target.at ?? ind.at,
          `Say which way is better: add a polarity column (High is good / Low is good), or in report.yaml set indicators: { "${ind.id}": { polarity: higher } } when a higher figure is better, or polarity: lower when a lower one is.`,
        );
        return none('none', { case: 'no-polarity', raw: target.raw });
    }
    if (!current) {
      const marker = valueAt(ind, period) ?? null;
      const then = gauges.find((g) => g.observation === latest);
      const standing = then?.scaled && then.judgement ? { goal: then.scaled.goal, judgement: then.judgement, proRata: then.scaled.proRata } : null;
      return none('no-data', { case: 'no-data', period, marker: marker && marker.status !== 'missing' ? marker : null, latest, standing });
    }
    const point = gauges.find((g) => g.observation === current)!;
    const scaled = point.scaled!;
    const j = point.judgement!;
    const softened = rule === 'direction-aware' && j.rag === 'red' && dir.direction === 'improving';
    return {
      rag: softened ? 'amber' : j.rag,
      facts: {
        case: 'rated',
        value: current.value!,
        goal: scaled.goal,
        judgement: j,
        band: tolerance,
        thresholds: { amber: spec.amber ?? null, red: spec.red ?? null },
        proRata: scaled.proRata,
        rate: scaled.rate,
        softened,
      },
      goal: scaled.goal,
      judgement: j,
    };
  }
}

function comparisonFor(ind: Indicator, current: Observation, compare: 'previous' | 'same-period-last-year'): { obs: Observation | null; missing: Side | null } {
  if (compare === 'previous') {
    const before = ind.values.filter((v) => isUsable(v) && v.period.kind === current.period.kind && v.period.order < current.period.order);
    return { obs: before.at(-1) ?? null, missing: null };
  }
  const p = samePeriodLastYear(current.period);
  const obs = valueAt(ind, p);
  if (obs && isUsable(obs)) return { obs, missing: null };
  return { obs: null, missing: obs ? side(obs) : null };
}

const side = (o: Observation | null): Side | null =>
  o === null ? null : { value: isUsable(o) ? o.value : null, status: o.status, raw: o.raw, label: o.period.label, kind: o.period.kind };

type RateableTarget = Exclude<Target, { kind: 'none' | 'monitor' | 'text' | 'level' }>;

const isRateable = (t: Target): t is RateableTarget => t.kind !== 'none' && t.kind !== 'monitor' && t.kind !== 'text' && t.kind !== 'level';

/** Months from the end of one period to the end of another. */
function monthsBetween(from: Period, to: Period): number {
  const m = (p: Period) => Number(p.end.slice(0, 4)) * 12 + Number(p.end.slice(5, 7));
  return Math.max(0, m(to) - m(from));
}

const PERIOD_MONTHS = { month: 1, quarter: 3, year: 12, 'part-year': 12 } as const;
const PER_MONTHS = { week: 12 / 52, month: 1, quarter: 3, year: 12 } as const;

/** Rates become the period's quota; annual targets of cumulative counts are compared pro rata. */
function scaleTarget(
  target: RateableTarget,
  p: Period,
  cumulative: boolean,
): { goal: RatedTarget; proRata: { elapsed: number; annual: string } | null; rate: { raw: string; value: number } | null } {
  if (target.kind === 'rate') {
    const value = round((target.value * PERIOD_MONTHS[p.kind]) / PER_MONTHS[target.per]);
    const goal: RatedTarget = { kind: 'min', value, inclusive: true, raw: target.raw };
    return { goal, proRata: null, rate: p.kind === 'month' && target.per === 'month' ? null : { raw: target.raw, value } };
  }
  if (!cumulative || p.kind === 'year') return { goal: target, proRata: null, rate: null };
  const [y, m] = p.end.split('-').map(Number) as [number, number];
  const elapsed = (y - financialYearOf(y, m)) * 12 + m - 3;
  const share = (x: number) => round((x * elapsed) / 12);
  const goal: RatedTarget = target.kind === 'range' ? { ...target, min: share(target.min), max: share(target.max) } : { ...target, value: share(target.value) };
  return { goal, proRata: { elapsed, annual: target.raw }, rate: null };
}

function compareBenchmark(
  b: Indicator['benchmarks'][number],
  current: Observation | null,
  polarity: Polarity | null,
  band: Band,
  unit: string,
): BenchmarkResult {
  const base = { name: b.name, value: b.value, raw: b.raw };
  if (b.value === null || !current) return { ...base, comparison: 'not-comparable', difference: null };
  // A national total beside a local count (49,650 against 16) is not a benchmark for it.
  if (unit === 'number' && current.value! > 0 && b.value / current.value! > 20) return { ...base, comparison: 'not-comparable', difference: null };
  const difference = round(current.value! - b.value);
  if (Math.abs(difference) <= bandWidth(band, b.value) + 1e-9) return { ...base, comparison: 'similar', difference };
  const above = difference > 0;
  const comparison = polarity === null ? (above ? 'above' : 'below') : above === (polarity === 'higher') ? 'better' : 'worse';
  return { ...base, comparison, difference };
}

/** Officers find their own typing slips this way: the workbook's RAG or arrow against boardpack's. */
function checkPublished(a: IndicatorAssessment, period: Period, sense: 'raw' | 'better-worse', log: IssueLog): void {
  const ind = a.indicator;
  const name = indicatorName(ind);
  // A status per period (`Jun-24 Status`) is compared for the reporting period only.
  const perPeriod = Object.keys(ind.published.byPeriod).length > 0;
  const stated = perPeriod ? ind.published.byPeriod[period.id] : { rating: ind.published.rating, at: ind.published.ragAt };
  const publishedRag = readPublishedRag(stated?.rating ?? null);
  a.published.rag = publishedRag;
  if (publishedRag && (a.rag === 'green' || a.rag === 'amber' || a.rag === 'red')) {
    a.published.ragAgrees = publishedRag === a.rag;
    if (!a.published.ragAgrees) {
      const f = (v: number) => formatValue(v, ind.unit, ind.decimals);
      const basis = a.ragFacts.case === 'rated' ? ` from ${f(a.ragFacts.value)} against the target ${'raw' in a.target ? a.target.raw : ''}`.trimEnd() : '';
      log.warn(
        'published-rag-differs',
        `${name}: the workbook says ${publishedRag}, boardpack computes ${a.rag}${basis}.`,
        stated?.at ?? null,
        'Check the figure and the target; correct the RAG cell, or the tolerance in report.yaml if the rule differs.',
      );
    }
  }
  const pub = readPublishedDirection(ind.published.direction);
  if (!pub) return;
  const meaning = pub.sense ?? sense;
  a.published.direction = pub.move;
  if (a.direction === 'not-comparable' || (meaning === 'better-worse' && a.polarity === null)) return;
  // A move in the words the workbook's arrows use: up / down, or better / worse (written up / down).
  const sensed = (rise: boolean): 'up' | 'down' => ((meaning === 'raw' ? rise : rise === (a.polarity === 'higher')) ? 'up' : 'down');
  const computed = a.directionRaw === 'same' ? 'same' : sensed(a.directionRaw === 'up');
  // Inside the no-change band an arrow that follows the small move is not a slip.
  const followsSmallMove = computed === 'same' && a.change !== null && a.change !== 0 && sensed(a.change > 0) === pub.move;
  a.published.directionAgrees = computed === pub.move || followsSmallMove;
  if (!a.published.directionAgrees) {
    const words = meaning === 'raw' ? { up: 'up', down: 'down', same: 'no change' } : { up: 'better', down: 'worse', same: 'no change' };
    const { current, earlier } = a.directionFacts;
    const f = (v: number | null) => (v === null ? '' : formatValue(v, ind.unit, ind.decimals));
    const moved = a.directionRaw === 'same' ? 'barely moved' : a.directionRaw === 'up' ? 'rose' : 'fell';
    log.warn(
      'published-direction-differs',
      `${name}: the workbook's "${ind.published.direction}" says ${words[pub.move]}, but the figures ${moved}: ${f(earlier!.value)} in ${earlier!.label}, ${f(current!.value)} in ${current!.label}.`,
      ind.published.directionAt,
      'Check the arrow against the figures; if your arrows compare with another period, set direction.compare in report.yaml.',
    );
  }
}
