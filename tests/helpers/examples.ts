import { fileURLToPath } from 'node:url';
import { nodeEffects } from '../../src/effects.js';
import type { Indicator } from '../../src/model/scorecard.js';
import { type Report, loadReport } from '../../src/pipeline.js';

export const repoDir = fileURLToPath(new URL('../../', import.meta.url));
/** Copies of the published scorecards in ../shared/examples, kept so the repository tests anywhere. */
export const examplesDir = `${repoDir}examples/`;
/** The originals, when the repository sits beside shared/ (as in CI). */
export const sharedExamplesDir = fileURLToPath(new URL('../../../shared/examples/', import.meta.url));

export const EXAMPLES = {
  monthly: `${examplesDir}monthly-scorecard-2024-25.xlsx`,
  quarterly: `${examplesDir}quarterly-scorecard-2018-19-q2.xlsx`,
  kpi: `${examplesDir}kpi-report-2017-q2.xlsx`,
} as const;

const cache = new Map<string, Promise<Report>>();

/** Reads a workbook once per test file: the examples are read-only inputs. */
export function report(path: string): Promise<Report> {
  if (!cache.has(path)) cache.set(path, loadReport(path, nodeEffects));
  return cache.get(path)!;
}

export function indicator(r: Report, id: string): Indicator {
  const found = r.scorecard.indicators.find((i) => i.id === id);
  if (!found) throw new Error(`no indicator ${id}`);
  return found;
}

/** `label=value` pairs, the shape a person reads a row in. */
export const row = (ind: Indicator) => Object.fromEntries(ind.values.map((v) => [v.period.label, v.value ?? v.status]));
