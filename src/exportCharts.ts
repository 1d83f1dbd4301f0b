import { join, resolve } from 'node:path';
import type { IndicatorAssessment } from './assess/index.js';
import type { ChartSpec } from './chart/builders.js';
import { loadTextEngines, openFont } from './chart/fontChain.js';
import { type LoadPng, PngRenderer, loadChartjsNodeCanvas, loadPngRenderer } from './chart/png.js';
import { ChartPool } from './chart/pool.js';
import { drawingToSvg } from './chart/svg.js';
import { generationDate, outputPath, packCharts } from './build.js';
import { type Effects, nodeEffects } from './effects.js';
import { BoardpackError } from './errors.js';
import { composePack } from './layout/document.js';
import { FONT } from './layout/theme.js';
import { type Log, issueEvent, shownPath, silent } from './log.js';
import { type Issue, shownId, shownTitle } from './model/scorecard.js';
import { type ReportInput, analyseReport, loadReport, refuseDataErrors } from './pipeline.js';

export type ChartFormat = 'svg' | 'png';

export interface ChartsOptions {
  format: ChartFormat;
  /** The folder to write into (default: beside the pack, `<pack name>-charts`). */
  out?: string;
  /** PNG pixels per point, Chart.js's devicePixelRatio (default 2). */
  scale?: number;
  period?: string;
  /** For settings given as an object: the folder their relative paths start from. */
  baseDir?: string;
  fx?: Effects;
  log?: Log;
  /** How chartjs-node-canvas is loaded (tests make it fail). */
  loadPng?: LoadPng;
  /** Chart worker threads for SVG (default: by the number of charts). */
  workers?: number;
}

/** One chart in `charts.json`. */
export interface ChartEntry {
  /** The indicator's ID as the pack shows it (its derived ID where the sheet has none), or `summary`. */
  id: string;
  title: string;
  /** The file's name in the folder. */
  file: string;
  /** The alternative text, as the PDF's Figure has it. */
  alt: string;
  /** Pixels: for SVG the chart's size in points (one CSS pixel each), for PNG that times the scale. */
  width: number;
  height: number;
  /** Why the chart could not be drawn (an SVG then shows its description in a frame; no PNG is written). */
  notDrawn?: string;
}

export interface ChartsResult {
  dir: string;
  index: string;
  period: { id: string; label: string };
  format: ChartFormat;
  scale: number | null;
  charts: ChartEntry[];
  /** Charts that could not be drawn. */
  findings: Issue[];
}

export const DEFAULT_SCALE = 2;
export const MAX_SCALE = 8;
export const INDEX_FILE = 'charts.json';

/**
 * Every chart of the pack as a file of its own, one per indicator plus the summary of ratings,
 * with `charts.json` giving each one's ID, title, file, alternative text and size. The charts are
 * the pack's own: the same builders at the sizes the pack draws them. SVG is the recording
 * context's drawing (the PDF's); PNG is chartjs-node-canvas drawing the same configurations. All
 * the files are written together, or none.
 */
export async function exportCharts(input: ReportInput, options: ChartsOptions): Promise<ChartsResult> {
  const fx = options.fx ?? nodeEffects;
  const log = options.log ?? silent;
  const { format } = options;
  const scale = format === 'png' ? (options.scale ?? DEFAULT_SCALE) : null;
  if (scale !== null && !(scale > 0 && scale <= MAX_SCALE)) {
    throw new BoardpackError('usage', `--scale ${scale} is not a scale boardpack draws at.`, {
      at: '--scale',
      hint: `Give a number above 0 and at most ${MAX_SCALE}: 1 is a pixel per point, 2 (the default) suits screens and slides.`,
    });
  }
  // Before any work: without the PNG renderer there is nothing to do.
  const png = format === 'png' ? await loadPngRenderer(options.loadPng ?? loadChartjsNodeCanvas) : null;

  const report = await loadReport(input, fx, options);
  const analysis = await analyseReport(report, fx);
  refuseDataErrors(analysis.issues, 'no charts were written', 'run it again');
  const dir = options.out === undefined ? outputPath(report).replace(/\.pdf$/i, '-charts') : resolve(options.out);
  const index = join(dir, INDEX_FILE);
  await fx.prepareWrite(index);

  const charts = pageCharts(report, analysis, generationDate(fx));
  log({ level: 'info', stage: 'layout', message: `${charts.length} chart${charts.length === 1 ? '' : 's'} to draw as ${format.toUpperCase()}` });
  const names = fileNames(charts.map((c) => c.id));
  const { pack } = analysis;
  const findings: Issue[] = [];
  const entries: ChartEntry[] = [];
  const files: Array<{ path: string; data: Uint8Array | string }> = [];
  const failed = (c: PageChart, reason: string) => {
    const issue: Issue = {
      code: 'chart-not-drawn',
      severity: 'warning',
      message: `The chart of ${c.subject ? `${c.id} ${c.title}`.trim() : 'the summary of ratings by section'} could not be drawn: ${reason}.`,
      at: c.subject?.indicator.at ?? null,
      hint: 'Check the figures it plots in the workbook.',
    };
    findings.push(issue);
    log(issueEvent(issue, 'findings'));
  };

  if (png) {
    const renderer = new PngRenderer(
      png,
      { family: FONT, regular: pack.fontFiles.regular, bold: pack.fontFiles.bold, fallbacks: pack.fallbackFonts },
      scale ?? DEFAULT_SCALE,
    );
    for (const [i, c] of charts.entries()) {
      const file = `${names[i]}.png`;
      const size = renderer.size(c.spec);
      const entry: ChartEntry = { id: c.id, title: c.title, file, alt: c.spec.alt, ...size };
      try {
        files.push({ path: join(dir, file), data: await renderer.render(c.spec) });
      } catch (e) {
        entry.notDrawn = e instanceof Error ? e.message : String(e);
        failed(c, entry.notDrawn);
      }
      entries.push(entry);
    }
  } else {
    await loadTextEngines();
    const families = [pack.fontFiles.regular, ...pack.fallbackFonts].map(familyName);
    const pool = ChartPool.lazy(options.workers);
    try {
      pool.expect(charts.length);
      const drawn = await pool.draw(
        charts.map((c) => c.spec),
        { fontFile: pack.fontFiles.regular, family: FONT, fallbackFiles: pack.fallbackFonts },
      );
      for (const [i, c] of charts.entries()) {
        const drawing = drawn.get(i);
        const file = `${names[i]}.svg`;
        const svg = drawingToSvg(drawing, {
          families,
          title: c.spec.alt,
          idPrefix: `chart-${names[i]}`,
          notDrawnLabel: pack.spec.words.labels.chartNotDrawn,
          notDrawnColours: { frame: pack.spec.palette.rule, text: pack.spec.palette.muted },
        });
        const entry: ChartEntry = { id: c.id, title: c.title, file, alt: c.spec.alt, width: drawing.width, height: drawing.height };
        if (drawing.failure) {
          entry.notDrawn = drawing.failure.reason;
          failed(c, drawing.failure.reason);
        }
        entries.push(entry);
        files.push({ path: join(dir, file), data: `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n` });
      }
    } finally {
      await pool.close();
    }
  }

  const result: ChartsResult = {
    dir,
    index,
    period: { id: report.period.id, label: report.period.label },
    format,
    scale,
    charts: entries,
    findings,
  };
  const json = { period: result.period, format, scale, charts: entries };
  files.push({ path: index, data: `${JSON.stringify(json, null, 2)}\n` });
  try {
    await fx.writeFilesAtomic(files);
  } catch (e) {
    throw new BoardpackError('output-write', `The charts could not be written to ${dir} (${e instanceof Error ? e.message : String(e)}).`, {
      at: dir,
      hint: 'Point --out at a folder you can write to.',
      cause: e,
    });
  }
  log({
    level: 'info',
    stage: 'write',
    message: `${entries.length - (format === 'png' ? findings.length : 0)} ${format.toUpperCase()} files and ${INDEX_FILE} in ${shownPath(dir)}`,
  });
  return result;
}

interface PageChart {
  spec: ChartSpec;
  /** The indicator it shows, or null for the summary of ratings. */
  subject: IndicatorAssessment | null;
  id: string;
  title: string;
}

/**
 * The pack's charts, in the pack's order and at the sizes its pages give them: the pack is laid
 * out (not rendered) with the pack's builders, each chart noted with what it shows as it is built.
 */
function pageCharts(report: Parameters<typeof composePack>[0], analysis: Parameters<typeof composePack>[1], generated: Date): PageChart[] {
  const builders = packCharts(analysis);
  const shows = new Map<ChartSpec, IndicatorAssessment | null>();
  const blocks = composePack(report, analysis, {
    generated,
    changes: null,
    charts: {
      trend: (a, size) => {
        const spec = builders.trend(a, size);
        shows.set(spec, a);
        return spec;
      },
      summary: (width) => {
        const spec = builders.summary(width);
        shows.set(spec, null);
        return spec;
      },
    },
  });
  return blocks.charts.map((spec) => {
    const subject = shows.get(spec) ?? null;
    if (subject === null) return { spec, subject, id: 'summary', title: 'Ratings by section' };
    const ind = subject.indicator;
    return { spec, subject, id: shownId(ind) || (ind.id ?? ''), title: shownTitle(ind.title) };
  });
}

/** A font file's family name as a reader's system would know it, for an SVG read without boardpack's fonts. */
function familyName(file: string): string {
  const font = openFont(file) as { familyName?: string };
  return font.familyName?.trim() || 'sans-serif';
}

/** Names Windows keeps for devices, whatever the extension. */
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;
const MAX_NAME = 80;

/**
 * File names (without extension) for chart IDs: letters, digits, `.`, `_` and `-` kept, anything
 * else (slashes, colons, spaces, quotes) a `-`; never empty, hidden or a Windows device name; and
 * unique without regard to case (Windows and macOS disks ignore it), a second `1a` or a `1A`
 * becoming `1a-2`.
 */
export function fileNames(ids: readonly string[]): string[] {
  const taken = new Set<string>();
  return ids.map((id) => {
    let base = id
      .normalize('NFC')
      .replace(/[^\p{L}\p{N}._-]+/gu, '-')
      .replace(/-{2,}/g, '-')
      .slice(0, MAX_NAME)
      .replace(/^[-.]+|[-.]+$/g, '');
    if (base === '') base = 'chart';
    if (RESERVED.test(base)) base = `${base}-`;
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}-${n}`;
    taken.add(name.toLowerCase());
    return name;
  });
}
