import { assessReport } from './assess/index.js';
import type { Effects } from './effects.js';
import { type Analysis, loadPack, narrate } from './narrate/index.js';
import { BoardpackError } from './errors.js';
import { missingGlyphs } from './layout/glyphs.js';
import { readScorecard } from './ingest/index.js';
import { configFromObject, loadConfig } from './model/loadConfig.js';
import type { Period } from './model/period.js';
import type { Report } from './model/report.js';
import { type Issue, type Scorecard, indicatorName, quoted } from './model/scorecard.js';
import { type ChosenPeriod, latestAndPrevious, reportingPeriod, valueAt } from './model/series.js';

// Report is the model's and Analysis the narrate stage's, since the stages take them; callers of
// these functions find them here too.
export type { Analysis } from './narrate/index.js';
export type { Report } from './model/report.js';

export async function analyseReport(report: Report, fx: Effects): Promise<Analysis> {
  const pack = await loadPack(report.config, fx);
  const assessment = assessReport(report);
  const narrative = narrate(report, assessment, pack);
  const glyphs = await missingGlyphs(report.scorecard, Object.values(pack.fontFiles), pack.fallbackFonts);
  return { assessment, pack, narrative, issues: [...report.scorecard.issues, ...assessment.issues, ...narrative.issues, ...glyphs] };
}

/** Stops with the data's errors, each naming its cell, before anything is written (`nothing`: "no pack was written"). */
export function refuseDataErrors(issues: readonly Issue[], nothing: string, again: string): void {
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length === 0) return;
  throw new BoardpackError('data-errors', `The data has ${errors.length} error${errors.length === 1 ? '' : 's'}, so ${nothing}.`, {
    hint: `Fix them in the workbook (each names its cell), then ${again}.`,
    issues: errors,
  });
}

/**
 * What a report is read from: the path of a report.yaml, of a workbook or CSV (default settings), or
 * report.yaml's settings as an object, whose relative paths are taken from `baseDir` (default: the
 * working folder).
 */
export type ReportInput = string | Record<string, unknown>;

export async function loadReport(input: ReportInput, fx: Effects, overrides: { period?: string; baseDir?: string } = {}): Promise<Report> {
  const config = typeof input === 'string' ? await loadConfig(input, fx) : await configFromObject(input, overrides.baseDir ?? process.cwd(), fx);
  if (overrides.period !== undefined) config.period = overrides.period;
  const scorecard = await readScorecard(config, fx);
  let chosen: ChosenPeriod;
  try {
    chosen = reportingPeriod(scorecard, config.period);
  } catch (e) {
    // Without a period nothing can be reported; the findings say why, the reading errors first.
    if (e instanceof BoardpackError && e.code === 'no-data' && scorecard.issues.length > 0) {
      const errors = scorecard.issues.filter((i) => i.severity === 'error');
      const first = errors[0];
      const rest = scorecard.issues.filter(
        (i) => i !== first && (i.severity !== 'info' || /^(sheet-without-table|sheet-not-read|hidden-|text-encoding|number-)/.test(i.code)),
      );
      // A reading error is the root cause of there being nothing to report on.
      if (first) throw new BoardpackError(first.code, first.message, { at: first.at ?? undefined, hint: first.hint ?? undefined, issues: rest, data: true });
      throw new BoardpackError(e.code, e.message, { at: e.at, hint: e.hint, issues: rest, data: true });
    }
    throw e;
  }
  const { period, reason } = chosen;
  scorecard.issues.push(...periodIssues(scorecard, period));
  return { config, scorecard, period, periodReason: reason };
}

/** Indicators with nothing for the reporting period are the first thing an officer chases. */
function periodIssues(scorecard: Scorecard, period: Period): Issue[] {
  const issues: Issue[] = [];
  for (const ind of scorecard.indicators) {
    const obs = valueAt(ind, period);
    const { latest } = latestAndPrevious(ind, period);
    const stale = latest ? `; the latest value is ${latest.raw.trim()} for ${latest.period.label}` : '; it has no usable value at all';
    if (!obs || obs.status === 'missing') {
      issues.push({
        code: 'no-value-for-period',
        severity: 'warning',
        message: `${indicatorName(ind)} has no value for ${period.label}${stale}.`,
        at: obs?.at ?? ind.at,
        hint: 'Enter the figure, or a marker (NYC, NA, suppressed) saying why there is none.',
      });
    } else if (obs.status !== 'ok') {
      issues.push({
        code: 'marker-for-period',
        severity: 'info',
        message: `${indicatorName(ind)} is ${quoted(obs.raw)} for ${period.label}${stale}.`,
        at: obs.at,
        hint: null,
      });
    }
  }
  return issues;
}
