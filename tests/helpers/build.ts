import { parseConfig } from '../../src/model/loadConfig.js';
import { type Period, parsePeriodLabel } from '../../src/model/period.js';
import type { Indicator, Observation, Scorecard } from '../../src/model/scorecard.js';
import { parseCell } from '../../src/ingest/parseCell.js';
import type { Report } from '../../src/pipeline.js';

export const period = (label: string): Period => {
  const p = parsePeriodLabel(label);
  if (!p || !('id' in p)) throw new Error(`bad label ${label}`);
  return p;
};

/** An indicator from `{ 'Jan-25': '81%', … }`, with text values parsed as a cell would be. */
export function makeIndicator(over: Partial<Indicator> & { id: string; series?: Record<string, string | number> }): Indicator {
  const { series = {}, ...rest } = over;
  const values: Observation[] = Object.entries(series).map(([label, v]) => {
    const c = parseCell(v);
    return {
      period: period(label),
      value: c.status === 'ok' ? c.value : null,
      status: c.status,
      raw: c.raw,
      revised: c.revised,
      count: c.count,
      percent: c.percent,
      decimals: c.decimals,
      range: c.range,
      note: c.note,
      direction: c.direction,
      numerator: null,
      denominator: null,
      at: `t › s › ${label}`,
    };
  });
  return {
    title: `Indicator ${over.id}`,
    idDerived: false,
    section: null,
    unit: 'number',
    decimals: null,
    polarity: null,
    polaritySource: null,
    target: { raw: null, value: null, percent: false, at: null },
    periodTargets: [],
    tolerance: null,
    lead: null,
    frequency: null,
    cumulative: false,
    benchmarks: [],
    values: values.sort((a, b) => a.period.order - b.period.order),
    published: { rag: null, rating: null, byPeriod: {}, ragAt: null, direction: null, directionAt: null },
    attributes: {},
    at: `t › s › A${over.id}`,
    ...rest,
  };
}

export const target = (raw: string) => ({ raw, value: null, percent: false, at: 't › s › T1' });

export function makeReport(indicators: Indicator[], yaml = '', reportingLabel?: string): Report {
  const config = parseConfig(`sources: [{ file: x.xlsx }]\n${yaml}`, '/tmp/report.yaml');
  const periods = [...new Map(indicators.flatMap((i) => i.values.map((v) => [v.period.id, v.period] as const))).values()].sort((a, b) => a.order - b.order);
  const scorecard: Scorecard = { periods, tables: [], sections: [], indicators, commentary: [], issues: [] };
  return { config, scorecard, period: reportingLabel ? period(reportingLabel) : periods.at(-1)!, periodReason: 'as asked' };
}

/** Assesses a report and words it with the default template pack: what a committee would read. */
export async function analyse(report: Report) {
  const { analyseReport } = await import('../../src/pipeline.js');
  const { nodeEffects } = await import('../../src/effects.js');
  const { stripMarkup } = await import('../../src/narrate/index.js');
  const analysis = await analyseReport(report, nodeEffects);
  const words = (i = 0) => {
    const text = analysis.narrative.indicators.get(analysis.assessment.indicators[i]!)!;
    return { rag: stripMarkup(text.ragReason), direction: stripMarkup(text.directionReason), narrative: stripMarkup(text.narrative) };
  };
  return { ...analysis, a: analysis.assessment.indicators, words };
}
