import type { Report } from '../pipeline.js';
import type { Indicator, Observation } from '../model/scorecard.js';
import { latestAndPrevious } from '../model/series.js';

const ref = (p: { id: string; label: string }) => ({ id: p.id, label: p.label });

const point = (o: Observation | null) =>
  o === null ? null : { period: ref(o.period), value: o.value, raw: o.raw, status: o.status };

/** The model as JSON: the shape scripts and tests read, documented in the README. */
export function indicatorJson(ind: Indicator, report: Report) {
  const section = report.scorecard.sections.find((s) => s.id === ind.section);
  const { latest, previous } = latestAndPrevious(ind, report.period);
  return {
    id: ind.id,
    title: ind.title,
    section: section?.title ?? null,
    sectionId: ind.section,
    unit: ind.unit,
    decimals: ind.decimals,
    polarity: ind.polarity,
    lead: ind.lead,
    target: { raw: ind.target.raw },
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
    benchmarks: ind.benchmarks.map((b) => ({ name: b.name, value: b.value, raw: b.raw, status: b.status })),
    published: { rag: ind.published.rag, direction: ind.published.direction },
    at: ind.at,
  };
}

export function reportJson(report: Report) {
  const { scorecard, period } = report;
  return {
    period: ref(period),
    sections: scorecard.sections.map((s) => ({ id: s.id, title: s.title, note: s.note, parent: s.parent })),
    indicators: scorecard.indicators.map((ind) => indicatorJson(ind, report)),
    commentary: scorecard.commentary,
    issues: scorecard.issues.map((i) => ({ code: i.code, severity: i.severity, message: i.message, at: i.at, hint: i.hint })),
  };
}
