import { anchorOf } from './anchors.js';
import { type Band, bandWidth, describeBand, parseBand } from '../model/bands.js';
import type { Assessment, IndicatorAssessment, RagFacts } from '../assess/index.js';
import type { SectionResult } from '../assess/summary.js';
import type { Judgement, RatedTarget } from '../assess/rag.js';
import {
  MAX_DECIMALS,
  decimalsOf,
  defaultDecimals,
  formatAsSet,
  formatChange,
  formatDifference,
  formatNumber,
  formatShare,
  formatValue,
  withSeparators,
} from '../model/format.js';
import { MONTH_NAMES, type Period } from '../model/period.js';
import { type Commentary, SHOWN, type Section, shorten, shownId, shownTitle } from '../model/scorecard.js';
import { patternMatches } from './patterns.js';
import type { Report } from '../model/report.js';
import { Markup, commentaryMarkup, escapeMarkup } from './markup.js';
import type { PackSpec } from './packSpec.js';

/**
 * What templates see. Every field is always present (null when there is nothing), because strict
 * templates treat a missing field as a typing mistake; every string is escaped for the markup.
 */
export interface PeriodContext {
  id: string;
  /** As the workbook wrote it: `Mar-25`. */
  label: string;
  /** In words: `March 2025`, `Q2 2018/19`, `2017/18`. */
  name: string;
}

export function periodContext(p: Pick<Period, 'id' | 'kind' | 'label' | 'end'>): PeriodContext {
  const [y, m] = p.end.split('-').map(Number) as [number, number];
  const fy = (start: number) => `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
  const name = p.kind === 'month' ? `${MONTH_NAMES[m - 1]} ${y}` : p.kind === 'quarter' ? `Q${p.id.slice(-1)} ${fy(m >= 4 ? y : y - 1)}` : fy(y - 1);
  return { id: p.id, label: p.label, name };
}

/**
 * Facts about one indicator's RAG and direction: the context of rag-reason.hbs and direction-reason.hbs.
 * Gaps and changes follow one rule everywhere they are worded: percentage points for a percentage
 * (`15.0 points`), the indicator's units with a per cent of the reference for anything else
 * (`7`, share `14.0%`); a band is stated in the measure the gap is compared with.
 */
export function reasonContext(a: IndicatorAssessment) {
  const ind = a.indicator;
  const f = (v: number) => formatValue(v, ind.unit, ind.decimals);
  const facts: RagFacts = a.ragFacts;
  const rated = facts.case === 'rated' ? facts : null;
  const noData = facts.case === 'no-data' ? facts : null;
  const d = a.directionFacts;
  const side = (s: typeof d.current) =>
    s === null ? null : { value: s.value === null ? null : f(s.value), raw: s.raw.trim(), status: s.status, label: s.label };
  const latest = a.latest;
  const standing = noData?.standing ?? null;
  const moved = d.change !== null && d.earlier?.value !== null && d.earlier?.value !== undefined ? { change: d.change, from: d.earlier.value } : null;
  return {
    case: facts.case,
    rag: a.rag,
    value: rated ? f(rated.value) : null,
    ...gapContext(rated?.judgement ?? null, ind.unit, ind.decimals),
    target: rated ? targetContext(rated.goal, ind.unit) : null,
    // The target as written that applies to the period rated (its own, its year's, report.yaml's, else the indicator's).
    raw: shortened(
      'raw' in facts ? (facts.case === 'no-polarity' ? withSeparators(facts.raw) : facts.raw) : 'raw' in a.target ? a.target.raw : null,
      SHOWN.target,
    ),
    band: rated ? bandText(rated.band, rated.judgement.reference, ind.unit) : null,
    tolerance: rated ? describeBand(rated.band) : null,
    redAt: rated && rated.thresholds.red !== null ? f(rated.thresholds.red) : null,
    proRata: rated?.proRata ?? null,
    rate: rated?.rate ? { raw: rated.rate.raw, value: formatNumber(rated.rate.value, defaultDecimals(rated.rate.value)) } : null,
    softened: rated?.softened ?? false,
    period: noData ? periodContext(noData.period) : null,
    marker: noData?.marker ? noData.marker.raw.trim() : null,
    markerStatus: noData?.marker?.status ?? null,
    // The newest figure the indicator has, whatever its rating, and how it stood against its own target then.
    latest: latest
      ? {
          value: f(latest.value!),
          period: periodContext(latest.period),
          ...gapContext(standing?.judgement ?? null, ind.unit, ind.decimals),
          target: standing ? targetContext(standing.goal, ind.unit) : null,
          proRata: standing?.proRata ?? null,
        }
      : null,
    direction: a.direction,
    why: d.why,
    moved: d.raw,
    withinBand: d.withinBand,
    directionBand: bandText(d.band, d.earlier?.value ?? 0, ind.unit),
    current: side(d.current),
    earlier: side(d.earlier),
    change: d.change === null ? null : formatChange(d.change, ind.unit, ind.decimals),
    changeShare: moved ? formatShare(moved.change, moved.from, ind.unit, true) : null,
    polarity: a.polarity,
  };
}

function targetContext(t: RatedTarget, unit: string) {
  const f = (v: number) => formatAsSet(v, unit);
  return {
    kind: t.kind,
    value: t.kind === 'range' ? null : f(t.value),
    min: t.kind === 'range' ? f(t.min) : null,
    max: t.kind === 'range' ? f(t.max) : null,
    inclusive: t.kind === 'min' || t.kind === 'max' ? t.inclusive : true,
  };
}

/**
 * How a figure stands against its target: `met`, the `side` it misses on, the `gap` (`15.0 points`
 * for a percentage, `7` otherwise), its `gapShare` of the target (`14.0%`, never for a percentage)
 * and `onEdge` when it misses a strict target by nothing (8% against below 8%).
 */
function gapContext(j: Judgement | null, unit: string, decimals: number | null) {
  const missed = j !== null && j.rag !== 'green';
  return {
    met: j?.rag === 'green',
    side: j?.side ?? null,
    gap: missed ? formatDifference(j.gap, unit, decimals) : null,
    gapShare: missed && j.gap !== 0 ? formatShare(j.gap, j.reference, unit) : null,
    onEdge: missed && j.gap === 0,
  };
}

/**
 * A tolerance or no-change band in the measure its gap or change is read in: in points for a
 * percentage (10% of a 90% target is `9 points`), as set otherwise (`15%`, or `2` for an absolute band).
 */
function bandText(band: Band, reference: number, unit: string): string {
  if (unit !== '%') return band.kind === 'relative' ? describeBand(band) : formatAsSet(band.value, 'number');
  // A computed width, so no trailing zeros: 0.8 points, 13.5 points, 0.82 points.
  const width = bandWidth(band, reference);
  const rounded = Number(width.toFixed(Math.min(MAX_DECIMALS, decimalsOf(width), Math.max(2, decimalsOf(Number(width.toPrecision(2)))))));
  const n = formatNumber(rounded, decimalsOf(rounded));
  return `${n} point${n === '1' ? '' : 's'}`;
}

/**
 * The context of indicator.hbs is the reasons' facts (reasonContext) with these laid over them (its
 * `period` and `value` replace theirs): the auto-narrative's facts, with the two reasons already worded.
 */
export function indicatorFacts(
  a: IndicatorAssessment,
  report: Report,
  pack: PackSpec,
  reasons: { rag: string; direction: string },
  commentary: readonly Commentary[],
) {
  const ind = a.indicator;
  const f = (v: number) => formatValue(v, ind.unit, ind.decimals);
  const section = sectionById(report, ind.section);
  const shown = ind.values.filter((v) => v.period.order <= report.period.order).slice(-pack.table.periods);
  return {
    id: shownId(ind),
    title: shownTitle(ind.title),
    section: shortened(section?.title ?? null, SHOWN.section),
    unit: shorten(ind.unit, SHOWN.unit),
    lead: shortened(ind.lead, SHOWN.lead),
    period: periodContext(report.period),
    valuePeriod: a.current ? periodContext(a.current.period) : null,
    // The figure rated is older than the reporting period (allowed by maxAge): the narrative says so.
    stale: a.current !== null && a.current.period.id !== report.period.id,
    value: a.current ? f(a.current.value!) : null,
    revised: a.current?.revised ?? false,
    anyRevised: shown.some((v) => v.revised),
    cases: a.current?.count ?? null,
    previous: a.comparison ? { value: f(a.comparison.value!), period: periodContext(a.comparison.period) } : null,
    benchmarks: a.benchmarks.map((b) => benchmarkContext(b, a, pack)),
    benchmark: (() => {
      const b = a.benchmarks.find((x) => x.comparison !== 'not-comparable');
      return b ? benchmarkContext(b, a, pack) : null;
    })(),
    reason: new Markup(reasons.rag),
    directionReason: new Markup(reasons.direction),
    commentary: commentary.map((c) => ({ text: c.text, author: shortened(c.author, SHOWN.lead), period: c.period?.label ?? null })),
    hasCommentary: commentary.length > 0,
  };
}

function benchmarkContext(b: IndicatorAssessment['benchmarks'][number], a: IndicatorAssessment, pack: PackSpec) {
  // A benchmark is shown as precisely as the sheet gives it: 87%, not 87.0%.
  const decimals = b.raw.replace(/[^\d.]/g, '').split('.')[1]?.length ?? 0;
  return {
    name: b.name,
    phrase: benchmarkPhrase(b.name, pack),
    value: b.value === null ? null : formatValue(b.value, a.indicator.unit, decimals),
    comparison: b.comparison,
    position: position(b.comparison, a.polarity),
  };
}

/** Where the figure sits against a benchmark: above, below or similar, whatever the polarity. */
function position(comparison: string, polarity: 'higher' | 'lower' | null): 'above' | 'below' | 'similar' | null {
  if (comparison === 'similar' || comparison === 'above' || comparison === 'below') return comparison;
  if (comparison === 'not-comparable' || polarity === null) return null;
  return (comparison === 'better') === (polarity === 'higher') ? 'above' : 'below';
}

export function sectionContext(s: SectionResult, report: Report, pack: PackSpec, commentary: readonly Commentary[]) {
  const section = sectionById(report, s.id);
  const parent = sectionById(report, s.parent);
  const n = s.summary.rag;
  return {
    id: s.id,
    title: shorten(s.title, SHOWN.section),
    note: section?.note ?? null,
    parent: shortened(parent?.title ?? null, SHOWN.section),
    period: periodContext(report.period),
    rag: s.rollup,
    rule: s.rule.rollup,
    share: `${Math.round(s.rule.share * 100)}%`,
    total: s.summary.total,
    rated: n.green + n.amber + n.red,
    green: n.green,
    amber: n.amber,
    red: n.red,
    none: n.none,
    noData: n['no-data'],
    improving: s.summary.direction.improving,
    declining: s.summary.direction.declining,
    noChange: s.summary.direction['no-change'],
    commentary: commentary.map((c) => ({ text: c.text, author: shortened(c.author, SHOWN.lead), period: c.period?.label ?? null })),
    hasCommentary: commentary.length > 0,
    words: pack.words,
  };
}

export function summaryContext(assessment: Assessment, report: Report, reasons: Map<IndicatorAssessment, { rag: string; direction: string }>) {
  const s = assessment.summary;
  const entry = (a: IndicatorAssessment) => {
    const ind = a.indicator;
    return {
      id: shownId(ind),
      anchor: anchorOf(report.scorecard.indicators, ind),
      title: shownTitle(ind.title),
      section: sectionById(report, ind.section)?.title ?? null,
      value: a.current ? formatValue(a.current.value!, ind.unit, ind.decimals) : null,
      reason: new Markup(reasons.get(a)!.rag),
      directionReason: new Markup(reasons.get(a)!.direction),
      change: a.change === null ? null : formatChange(a.change, ind.unit, ind.decimals),
    };
  };
  // Moves are compared as a share of where they started, so a count and a percentage rank together.
  const relative = (a: IndicatorAssessment) => (a.change !== null && a.comparison?.value ? Math.abs(a.change / a.comparison.value) : 0);
  // The three largest, the first of equals first (a stable sort's first three, without sorting them all).
  const moves = (d: 'improving' | 'declining') => {
    const top: Array<{ a: IndicatorAssessment; size: number }> = [];
    for (const a of assessment.indicators) {
      if (a.direction !== d) continue;
      const size = relative(a);
      const at = top.findIndex((t) => size > t.size);
      if (at >= 0) top.splice(at, 0, { a, size });
      else top.push({ a, size });
      if (top.length > 3) top.pop();
    }
    return top.map((t) => entry(t.a));
  };
  const rated = s.rag.green + s.rag.amber + s.rag.red;
  return {
    period: periodContext(report.period),
    title: report.config.title,
    total: s.total,
    rated,
    green: s.rag.green,
    amber: s.rag.amber,
    red: s.rag.red,
    none: s.rag.none,
    noData: s.rag['no-data'],
    improving: s.direction.improving,
    declining: s.direction.declining,
    noChange: s.direction['no-change'],
    notComparable: s.previouslyReported.notComparable,
    betterThanTarget: s.target.better,
    achieving: s.target.achieving,
    missing: s.target.missing,
    redList: assessment.indicators.filter((a) => a.rag === 'red').map(entry),
    improvements: moves('improving'),
    declines: moves('declining'),
    noDataList: assessment.indicators.filter((a) => a.rag === 'no-data').map(entry),
    sections: assessment.sections.filter((x) => x.parent === null).map((x) => ({ title: x.title, rag: x.rollup, total: x.summary.total })),
  };
}

export function coverContext(report: Report, pack: PackSpec) {
  const { config } = report;
  return {
    title: config.title,
    organisation: config.organisation ?? null,
    committee: config.committee ?? null,
    meetingDate: config.meetingDate ? longDate(config.meetingDate) : null,
    period: periodContext(report.period),
    appendix: pack.appendix,
    indicators: report.scorecard.indicators.length,
  };
}

export function keyContext(report: Report) {
  const { config, scorecard } = report;
  const statuses = new Set(scorecard.indicators.flatMap((i) => i.values.map((v) => v.status)));
  const tolerance = parseBand(config.rag.tolerance)!;
  const band = parseBand(config.direction.band)!;
  return {
    tolerance: describeBand(tolerance),
    toleranceRelative: tolerance.kind === 'relative',
    rule: config.rag.rule,
    compare: config.direction.compare,
    band: describeBand(band),
    bandRelative: band.kind === 'relative',
    rollup: config.summary.rollup,
    share: `${Math.round(config.summary.share * 100)}%`,
    period: periodContext(report.period),
    revised: scorecard.indicators.some((i) => i.values.some((v) => v.revised)),
    suppressed: statuses.has('suppressed'),
    notCollected: statuses.has('not-collected'),
    notApplicable: statuses.has('not-applicable'),
    notReported: statuses.has('not-reported'),
  };
}

/** `2026-04-21` → `21 April 2026`. */
export function longDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTH_NAMES[m - 1]} ${y}`;
}

/** `SN av` → `statistical-neighbour average`, by the pack's `benchmarks:` list. */
function benchmarkPhrase(name: string, pack: Pick<PackSpec, 'benchmarks'>): string {
  return pack.benchmarks.find((b) => patternMatches(b.match, name))?.name ?? name;
}

/** A report's sections by id (the first of each), looked up for every indicator. */
const sectionIndex = new WeakMap<readonly Section[], { length: number; byId: Map<string, Section> }>();
function sectionById(report: Pick<Report, 'scorecard'>, id: string | null): Section | undefined {
  const { sections } = report.scorecard;
  let index = sectionIndex.get(sections);
  if (index?.length !== sections.length) {
    index = { length: sections.length, byId: new Map() };
    for (const s of sections) if (!index.byId.has(s.id)) index.byId.set(s.id, s);
    sectionIndex.set(sections, index);
  }
  return id === null ? undefined : index.byId.get(id);
}

/** Nothing in it could be read as markup: most strings, which are copied as they are. */
const PLAIN = /^[^\\*_-]*$/;

/** Escapes every string in a context for the markup; officer commentary keeps its own lines. */
export function escapeContext<T>(value: T, key = ''): T {
  if (value instanceof Markup) return value;
  if (typeof value === 'string') return (key === 'text' ? commentaryMarkup(value) : PLAIN.test(value) ? value : escapeMarkup(value)) as T;
  if (Array.isArray(value)) return value.map((v) => escapeContext(v)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value)) {
      const v = escapeContext((value as Record<string, unknown>)[k], k);
      // A key named __proto__ (a pack's own words may have any) is a key like any other.
      if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
      else out[k] = v;
    }
    return out as T;
  }
  return value;
}

/** Texts a template may quote are shortened as the pack shows them (see `SHOWN`). */
const shortened = (text: string | null, limit: number): string | null => (text === null ? null : shorten(text, limit));
