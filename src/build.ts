import { join, resolve } from 'node:path';
import { trendChart, ragSummaryChart } from './chart/builders.js';
import { ChartPool } from './chart/pool.js';
import type { Effects } from './effects.js';
import { BoardpackError } from './errors.js';
import { type Layout, layoutPack } from './layout/document.js';
import { renderPdf } from './layout/pdf.js';
import { FONT } from './layout/theme.js';
import { type Issue, indicatorName } from './model/scorecard.js';
import { slug } from './ingest/sections.js';
import { type Analysis, type Report, analyseReport, loadReport } from './pipeline.js';

export interface BuildOptions {
  /** Report on this period instead of report.yaml's. */
  period?: string;
  /** Write here instead of output.dir / output.file. */
  out?: string;
  /** Chart worker threads (default: by the number of charts). */
  workers?: number;
}

export interface BuildResult {
  path: string;
  pages: number;
  bytes: number;
  charts: number;
  issues: Issue[];
  /** Milliseconds per stage, in the order they ran. */
  timings: Record<string, number>;
  report: Report;
  analysis: Analysis;
}

/**
 * Builds one committee pack: read, assess, word, chart, lay out, write. A function of its inputs,
 * so the CLI, a scheduler and a queue worker all call the same thing. Data errors stop it before
 * anything is written; the PDF is written whole or not at all.
 */
export async function buildPack(input: string, fx: Effects, options: BuildOptions = {}): Promise<BuildResult> {
  // Chart workers start now, so their start-up overlaps reading and assessing the workbook.
  const pool = ChartPool.warm(options.workers);
  try {
    return await build(input, fx, options, pool);
  } finally {
    await pool.close();
  }
}

async function build(input: string, fx: Effects, options: BuildOptions, pool: ChartPool): Promise<BuildResult> {
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const stage = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round((now - mark) * 10) / 10;
    mark = now;
  };
  // Settings are checked before any work, so a mistake in them costs nothing.
  const generated = generationDate(fx);
  const report = await loadReport(input, fx, options.period === undefined ? {} : { period: options.period });
  stage('read');
  const analysis = await analyseReport(report, fx);
  stage('assess and word');
  const errors = analysis.issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) {
    throw new BoardpackError('data-errors', `The data has ${errors.length} error${errors.length === 1 ? '' : 's'}, so no pack was written.`, {
      hint: 'Fix them in the workbook (each names its cell), then build again.',
      issues: errors,
    });
  }

  const { pack } = analysis;
  // The output folder is checked before the expensive part (the pack's files were, as it loaded).
  const path = options.out ? resolve(options.out) : outputPath(report);
  try {
    await fx.prepareWrite(path);
  } catch (e) {
    throw e instanceof BoardpackError ? e : writeError(path, e);
  }
  const style = { palette: pack.spec.palette, fontFamily: FONT, fontSize: pack.spec.fonts.size };
  const layout = layoutPack(report, analysis, {
    generated,
    charts: {
      trend: (a, size) => trendChart(a, style, { ...size, periods: pack.spec.details.chartPeriods }),
      summary: (width) => ragSummaryChart(analysis.assessment.sections, style, width),
    },
  });
  stage('layout');
  const charts = await pool.draw(layout.charts, { fontFile: pack.fontFiles.regular, family: FONT, fallbackFiles: pack.fallbackFonts });
  stage('charts started');
  const { bytes, pages, cut } = await renderPdf(layout.doc, pack, (i) => charts.get(i));
  stage('pdf');
  refuseIfIncomplete(layout.unplaced(cut));
  timings['charts drawn (in parallel)'] = charts.drawingMs();
  try {
    await fx.writeFileAtomic(path, bytes);
  } catch (e) {
    throw writeError(path, e);
  }
  stage('write');
  return { path, pages, bytes: bytes.byteLength, charts: layout.charts.length, issues: analysis.issues, timings, report, analysis };
}

function writeError(path: string, e: unknown): BoardpackError {
  return new BoardpackError('output-write', `The pack could not be written to ${path} (${e instanceof Error ? e.message : String(e)}).`, {
    at: path,
    hint: 'Point output.dir in report.yaml (or --out) at a folder you can write to; close the PDF if it is open in a viewer.',
    cause: e,
  });
}

/** `output/<slug>-<period>.pdf` by report.yaml's pattern, relative to report.yaml's folder. */
function outputPath(report: Report): string {
  const { config, period } = report;
  const name = config.output.file
    .replaceAll('{slug}', slug(config.title) || 'pack')
    .replaceAll('{period}', period.id)
    .replaceAll('{date}', config.meetingDate ?? period.id);
  if (/[/\\]/.test(name) || name.startsWith('.')) {
    throw new BoardpackError('output-name', `output.file "${config.output.file}" must be a file name, not a path.`, {
      hint: 'Put the folder in output.dir and the name in output.file.',
    });
  }
  return join(resolve(config.baseDir, config.output.dir), name.toLowerCase().endsWith('.pdf') ? name : `${name}.pdf`);
}

/**
 * The date a pack says it was generated: SOURCE_DATE_EPOCH when set (reproducible builds), else
 * today. Taken to the day, so the same inputs give the same bytes all day.
 */
function generationDate(fx: Effects): Date {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  const now = epoch === undefined || epoch === '' ? fx.now() : new Date(sourceDateEpoch(epoch) * 1000);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/** The last second of 9999: a date a pack can print. */
const MAX_EPOCH = 253_402_300_799;

/** Seconds since 1970 as a whole number (reproducible-builds.org), up to the year 9999. */
function sourceDateEpoch(text: string): number {
  const seconds = /^\d{1,12}$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!(seconds <= MAX_EPOCH)) {
    throw new BoardpackError(
      'source-date-epoch',
      `SOURCE_DATE_EPOCH is "${text.length > 40 ? `${text.slice(0, 40)}…` : text}", which is not a date boardpack can use: it must be a whole number of seconds since 1 January 1970, from 0 to ${MAX_EPOCH} (the end of 9999).`,
      {
        at: 'SOURCE_DATE_EPOCH',
        hint: 'Set it to the output of `date +%s` (or `git log -1 --format=%ct`) for a reproducible pack, or unset it to date the pack today.',
      },
    );
  }
  return seconds;
}

/**
 * A pack missing an indicator is worse than none: were a row or panel ever too tall to place (the
 * texts in them are shortened to fit, so this is a last guard), nothing is written and it is named.
 */
function refuseIfIncomplete(unplaced: ReturnType<Layout['unplaced']>): void {
  if (unplaced.length === 0) return;
  const issues: Issue[] = unplaced.map(({ indicator, part }) => ({
    code: 'does-not-fit',
    severity: 'error',
    message: `${indicatorName(indicator)}'s ${part === 'row' ? 'row of the scorecard' : 'detail panel'} is taller than a page, so it could not be placed in the pack.`,
    at: indicator.at,
    hint: 'Shorten its longest text (title, lead officer, target or benchmark), or move the detail to the commentary, which runs on across pages.',
  }));
  const which = issues.length === 1 ? 'An indicator' : `${issues.length} indicators`;
  throw new BoardpackError('pack-incomplete', `${which} would be missing from the pack (see below), so no pack was written.`, { issues });
}
