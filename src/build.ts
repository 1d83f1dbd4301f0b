import { join, resolve } from 'node:path';
import { trendChart, ragSummaryChart } from './chart/builders.js';
import { ChartPool } from './chart/pool.js';
import type { Effects } from './effects.js';
import { BoardpackError } from './errors.js';
import { layoutPack } from './layout/document.js';
import { renderPdf } from './layout/pdf.js';
import { FONT } from './layout/theme.js';
import type { Issue } from './model/scorecard.js';
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
  const style = { palette: pack.spec.palette, fontFamily: FONT, fontSize: pack.spec.fonts.size };
  const generated = generationDate(fx);
  const layout = layoutPack(report, analysis, {
    generated,
    charts: {
      trend: (a, size) => trendChart(a, style, { ...size, periods: pack.spec.details.chartPeriods }),
      summary: (width) => ragSummaryChart(analysis.assessment.sections, style, width),
    },
  });
  stage('layout');
  const charts = await pool.draw(layout.charts, { fontFile: pack.fontFiles.regular, family: FONT });
  stage('charts started');
  const { bytes, pages } = await renderPdf(layout.doc, pack, (i) => charts.get(i));
  stage('pdf');
  timings['charts drawn (in parallel)'] = charts.drawingMs();
  const path = options.out ? resolve(options.out) : outputPath(report);
  try {
    await fx.writeFileAtomic(path, bytes);
  } catch (e) {
    throw new BoardpackError('output-write', `The pack could not be written to ${path} (${e instanceof Error ? e.message : String(e)}).`, {
      at: path,
      hint: 'Point output.dir in report.yaml (or --out) at a folder you can write to; close the PDF if it is open in a viewer.',
      cause: e,
    });
  }
  stage('write');
  return { path, pages, bytes: bytes.byteLength, charts: layout.charts.length, issues: analysis.issues, timings, report, analysis };
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
  const now = epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : fx.now();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}
