import type { IndicatorAssessment } from '../assess/index.js';
import { trendAlt } from '../chart/builders.js';
import { stripMarkup } from '../narrate/index.js';
import type { Observation, Section } from '../model/scorecard.js';
import { latestAndPrevious } from '../model/series.js';
import type { Analysis, Report } from '../pipeline.js';

/** The target was scaled for the period (a rate's quota, or pro rata): show what was rated against. */
const scaled = (a: IndicatorAssessment) => a.ragFacts.case === 'rated' && (a.target.kind === 'rate' || a.ragFacts.proRata !== null);

const ref = (p: { id: string; label: string }) => ({ id: p.id, label: p.label });

const point = (o: Observation | null) => (o === null ? null : { period: ref(o.period), value: o.value, raw: o.raw, status: o.status });

/** The model as JSON: the shape scripts and tests read, documented in the README. */
function indicatorJson(a: IndicatorAssessment, report: Report, analysis: Analysis, sections: ReadonlyMap<string, Section>) {
  const ind = a.indicator;
  const text = analysis.narrative.indicators.get(a)!;
  const section = ind.section === null ? undefined : sections.get(ind.section);
  const { latest, previous } = latestAndPrevious(ind, report.period);
  return {
    id: ind.id,
    title: ind.title,
    section: section?.title ?? null,
    sectionId: ind.section,
    unit: ind.unit,
    decimals: ind.decimals,
    polarity: a.polarity,
    polaritySource: a.polaritySource,
    lead: ind.lead,
    target: { ...a.target, raw: 'raw' in a.target ? a.target.raw : ind.target.raw, ...(scaled(a) ? { rated: a.goal } : {}) },
    values: ind.values.map((v) => ({
      period: ref(v.period),
      value: v.value,
      raw: v.raw,
      status: v.status,
      ...(v.revised ? { revised: true } : {}),
      ...(v.count !== null ? { count: v.count } : {}),
      ...(v.note !== null ? { note: v.note } : {}),
      ...(v.numerator !== null ? { numerator: v.numerator } : {}),
      ...(v.denominator !== null ? { denominator: v.denominator } : {}),
      at: v.at,
    })),
    latest: point(latest),
    previous: point(previous),
    rag: a.rag,
    direction: a.direction,
    reason: stripMarkup(text.ragReason),
    directionReason: stripMarkup(text.directionReason),
    rated: point(a.current),
    compared: point(a.comparison),
    change: a.change,
    benchmarks: a.benchmarks,
    published: {
      rag: ind.published.rag,
      direction: ind.published.direction,
      ...(a.published.ragAgrees !== null ? { ragAgrees: a.published.ragAgrees } : {}),
      ...(a.published.directionAgrees !== null ? { directionAgrees: a.published.directionAgrees } : {}),
    },
    narrative: stripMarkup(text.narrative),
    commentary: text.commentary.map((c) => ({ text: c.text, author: c.author })),
    at: ind.at,
  };
}

export function reportJson(report: Report, analysis: Analysis) {
  const { scorecard, period } = report;
  const { assessment, narrative } = analysis;
  const sections = new Map<string, Section>();
  for (const s of scorecard.sections) if (!sections.has(s.id)) sections.set(s.id, s);
  return {
    period: ref(period),
    summary: assessment.summary,
    sections: assessment.sections.map((s) => {
      const section = sections.get(s.id);
      const text = narrative.sections.get(s.id)!;
      return {
        id: s.id,
        title: s.title,
        note: section?.note ?? null,
        parent: s.parent,
        rag: s.rollup,
        rule: s.rule.rollup,
        intro: stripMarkup(text.intro),
        commentary: text.commentary.map((c) => ({ text: c.text, author: c.author })),
        indicators: s.indicators,
        summary: s.summary,
      };
    }),
    executiveSummary: stripMarkup(narrative.summary),
    indicators: assessment.indicators.map((a) => ({
      ...indicatorJson(a, report, analysis, sections),
      // The trend chart's alternative text, written from the data, as the pack's detail page has it.
      chart: { alt: trendAlt(a, analysis.pack.spec.details.chartPeriods) },
    })),
    commentary: scorecard.commentary,
    issues: analysis.issues.map((i) => ({ code: i.code, severity: i.severity, message: i.message, at: i.at, hint: i.hint })),
  };
}
