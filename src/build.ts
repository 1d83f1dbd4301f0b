import { basename, dirname, extname, join, resolve } from 'node:path';
import { trendChart, ragSummaryChart } from './chart/builders.js';
import { ChartPool } from './chart/pool.js';
import { type Effects, type HeldLock, LOCK_STALE_MS, MAX_TEXT_FILE_BYTES, lockPath, nodeEffects } from './effects.js';
import { BoardpackError } from './errors.js';
import { type Layout, type LayoutOptions, layoutPack } from './layout/document.js';
import { renderHtml } from './layout/html.js';
import { renderPdf } from './layout/pdf.js';
import { FONT } from './layout/theme.js';
import { type Issue, indicatorName } from './model/scorecard.js';
import { slug } from './ingest/sections.js';
import { changesSince } from './history.js';
import { type Log, issueEvent, shownPath, silent } from './log.js';
import {
  type Comparable,
  MANIFEST_SUFFIX,
  type Manifest,
  type ManifestFile,
  type ManifestIndicator,
  hashFolder,
  manifestIndicators,
  manifestPath,
  previousPack,
  deliveryKey,
  readManifest,
  sha256,
} from './manifest.js';
import { withSeparators } from './model/format.js';
import { countBySeverity, formatCounts } from './model/issues.js';
import { type Analysis, type Report, type ReportInput, analyseReport, loadReport, refuseDataErrors } from './pipeline.js';
import { VERSION } from './version.js';

export interface BuildOptions {
  /** The file system and clock (default: the real ones). */
  fx?: Effects;
  /** Report on this period instead of report.yaml's. */
  period?: string;
  /** Write here instead of output.dir / output.file. */
  out?: string;
  /** false: build and return the bytes and manifest, writing nothing (default true). */
  write?: boolean;
  /** For settings given as an object: the folder their relative paths start from (default: the working folder). */
  baseDir?: string;
  /** Refuse the pack (nothing written) when it has more warnings than this. */
  maxWarnings?: number;
  /** The previous pack's manifest to compare with; default: the newest earlier period's in the output folder. */
  compare?: string;
  /** How long to wait for another run writing to the same folder (default 60 s). */
  lockWaitMs?: number;
  /** Told of each stage as it finishes, and of waits and findings. */
  log?: Log;
  /** Chart worker threads (default: by the number of charts). */
  workers?: number;
  /**
   * What to write: the PDF, the web page (one self-contained HTML file of the same pack, beside
   * the PDF with `.html` for `.pdf`), or both; default `['pdf']`.
   */
  formats?: readonly OutputFormat[];
}

export type OutputFormat = 'pdf' | 'html';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['pdf', 'html'];

/** The web page of the pack, when it was built. */
export interface HtmlOutput {
  /** Where it was written, or would have been (`write: false`). */
  path: string;
  bytes: Uint8Array;
  sha256: string;
}

export interface BuildResult {
  /**
   * Where the pack was written, or would have been (`write: false`): the PDF, or the web page when
   * only it was built. `bytes`, `sha256` and `pages` are that file's (a page has 0 pages).
   */
  path: string;
  /** Where its manifest was written, or would have been. */
  manifestPath: string;
  written: boolean;
  bytes: Uint8Array;
  sha256: string;
  manifest: Manifest;
  /** Every finding about the data and the build: errors never, since they stop it. */
  findings: Issue[];
  pages: number;
  /** The formats built, in the order asked for. */
  formats: OutputFormat[];
  /** The web page, when `formats` has `html`; null otherwise. */
  html: HtmlOutput | null;
  charts: number;
  /** Milliseconds per stage, in the order they ran. */
  timings: Record<string, number>;
  report: Report;
  analysis: Analysis;
}

/** Waiting this long for another run in the same output folder, by default. */
const LOCK_WAIT_MS = 60_000;

/**
 * Builds one committee pack: read, assess, word, chart, lay out, write. A function of its inputs,
 * so the CLI, a scheduler and a queue worker all call the same thing. Data errors stop it before
 * anything is written; the PDF and its manifest are written whole, together, or not at all.
 */
export async function buildPack(input: ReportInput, options: BuildOptions = {}): Promise<BuildResult> {
  // A chart worker starts once the workbook is read, if there are charts enough to be worth one,
  // so its start-up overlaps assessing and wording.
  const pool = ChartPool.lazy(options.workers);
  try {
    return await build(input, options.fx ?? nodeEffects, options, pool);
  } finally {
    await pool.close();
  }
}

async function build(input: ReportInput, fx: Effects, options: BuildOptions, pool: ChartPool): Promise<BuildResult> {
  const log = options.log ?? silent;
  const write = options.write ?? true;
  const timings: Record<string, number> = {};
  let mark = performance.now();
  /** The time since the last mark, recorded under `name`. */
  const time = (name: string) => {
    const now = performance.now();
    const ms = Math.round((now - mark) * 10) / 10;
    timings[name] = ms;
    mark = now;
    return ms;
  };
  const stage = (name: string, message: string) => log({ level: 'info', stage: name, message, ms: time(name) });
  const tell = (issues: readonly Issue[]) => {
    for (const i of issues) log(issueEvent(i, 'findings'));
  };
  // Settings are checked before any work, so a mistake in them costs nothing.
  const generated = generationDate(fx);
  const asked = options.compare === undefined ? null : { path: resolve(options.compare), pack: await readManifest(resolve(options.compare), fx) };
  // The files the report is read from, hashed as they are read: the manifest's inputs.
  const { fx: reading, read } = recordingReads(fx);
  const report = await loadReport(input, reading, options);
  const { scorecard } = report;
  stage(
    'read',
    `${plural(scorecard.indicators.length, 'indicator')} in ${plural(scorecard.sections.filter((s) => s.parent === null).length, 'section')}; reporting period ${report.period.label}`,
  );
  if (asked) checkComparable(asked, report, log);
  pool.expect(scorecard.indicators.length + 1);
  const analysis = await analyseReport(report, fx);
  stage('assess and word', formatCounts(analysis.issues));
  tell(analysis.issues);
  refuseDataErrors(analysis.issues, 'no pack was written', 'build again');
  // Too many warnings in the data is known now; a chart that cannot be drawn only after the render.
  refuseIfTooManyWarnings(analysis.issues, options.maxWarnings);
  // The output folder is checked, and held, before the expensive part.
  const formats = checkFormats(options.formats ?? ['pdf']);
  const pdfPath = options.out ? withExtension(resolve(options.out), '.pdf') : outputPath(report);
  const htmlPath = withExtension(pdfPath, '.html');
  const path = formats.includes('pdf') ? pdfPath : htmlPath;
  if (write) {
    try {
      await fx.prepareWrite(path);
    } catch (e) {
      throw e instanceof BoardpackError ? e : writeError(path, e);
    }
  }
  const lock = write ? await holdFolder(path, fx, options.lockWaitMs ?? LOCK_WAIT_MS, log) : null;
  try {
    const previous = asked ?? (await previousIn(dirname(path), report, fx, log));

    const { pack } = analysis;
    const indicators = manifestIndicators(report, analysis);
    const changes = previous ? changesSince(previous.pack, indicators) : null;
    const shown = changes !== null && pack.spec.blocks.includes('changes');
    if (changes && !shown)
      log({
        level: 'warn',
        stage: 'compare',
        message: `the template pack's blocks leave out "changes", so the pack has no "Changes since the last pack" page; add changes to blocks: in ${pack.dir}/pack.yaml to have it`,
      });
    const layout = layoutPack(report, analysis, { generated, changes, charts: packCharts(analysis) });
    stage('layout', `${plural(layout.charts.length, 'chart')} to draw`);
    const charts = await pool.draw(layout.charts, { fontFile: pack.fontFiles.regular, family: FONT, fallbackFiles: pack.fallbackFonts });
    time('charts started');
    const before = analysis.issues.length;
    let pdf: { bytes: Uint8Array; pages: number } | null = null;
    if (formats.includes('pdf')) {
      const { bytes, pages, cut } = await renderPdf(layout.doc, pack, (i) => charts.get(i));
      stage('pdf', `${plural(pages, 'page')}, ${plural(layout.charts.length, 'chart')}, ${Math.round(bytes.byteLength / 1024)} KB`);
      refuseIfIncomplete(layout.unplaced(cut));
      pdf = { bytes, pages };
    }
    let html: HtmlOutput | null = null;
    if (formats.includes('html')) {
      // The same tree and the same drawings as the PDF. A chart that could not be drawn is
      // reported once: by the PDF's render when there is one, else here.
      const report = (layout.doc as { onChartFailure?: (index: number, reason: string) => void }).onChartFailure;
      const page = renderHtml(layout.blocks, pack, { chartAt: (i) => charts.get(i), ...(pdf || !report ? {} : { onChartFailure: report }) });
      const data = new TextEncoder().encode(page);
      html = { path: htmlPath, bytes: data, sha256: sha256(data) };
      stage('html', `${plural(layout.charts.length, 'chart')}, ${Math.round(data.byteLength / 1024)} KB`);
    }
    tell(analysis.issues.slice(before));
    const bytes = pdf?.bytes ?? html!.bytes;
    const pages = pdf?.pages ?? 0;
    // On a worker, beside the render; for a small pack drawn here, already counted in 'charts started'.
    timings['charts drawn (in parallel)'] = charts.drawingMs();
    const findings = analysis.issues;
    refuseIfTooManyWarnings(findings, options.maxWarnings);

    const manifestFile = manifestPathFor(path);
    const manifest = await makeManifest({
      report,
      analysis,
      indicators,
      files: read,
      generated,
      path,
      pages,
      bytes,
      timings,
      previous: shown ? previous : null,
      html,
      fx,
    });
    if (write) {
      const lost = lock?.lost();
      if (lost) throw lockLost(path, lost);
      manifest.deliveries = await deliveriesKept(manifestFile, manifest, fx);
      const text = `${JSON.stringify(manifest, null, 2)}\n`;
      try {
        await fx.writeFilesAtomic([
          ...(pdf ? [{ path, data: pdf.bytes }] : []),
          ...(html ? [{ path: html.path, data: html.bytes }] : []),
          { path: manifestFile, data: text },
        ]);
      } catch (e) {
        throw writeError(path, e);
      }
      stage(
        'write',
        `${[pdf ? path : null, html?.path]
          .filter((p) => p !== null && p !== undefined)
          .map((p) => shownPath(p))
          .join(' and ')} and its manifest`,
      );
    }
    return {
      path,
      manifestPath: manifestFile,
      written: write,
      bytes,
      sha256: manifest.output.sha256,
      manifest,
      findings,
      pages,
      formats,
      html,
      charts: layout.charts.length,
      timings,
      report,
      analysis,
    };
  } finally {
    await lock?.release();
  }
}

/** The pack's chart builders, in its palette, font and number of periods. */
export function packCharts(analysis: Analysis): LayoutOptions['charts'] {
  const { spec } = analysis.pack;
  const style = { palette: spec.palette, fontFamily: FONT, fontSize: spec.fonts.size };
  return {
    trend: (a, size) => trendChart(a, style, { ...size, periods: spec.details.chartPeriods }),
    summary: (width) => ragSummaryChart(analysis.assessment.sections, style, width),
  };
}

/** The effects, with every file read recorded: its bytes and hash, as it was read. */
function recordingReads(fx: Effects): { fx: Effects; read: Map<string, Omit<ManifestFile, 'path'>> } {
  const read = new Map<string, Omit<ManifestFile, 'path'>>();
  const note = (path: string, data: Uint8Array) => void read.set(resolve(path), { bytes: data.byteLength, sha256: sha256(data) });
  return {
    read,
    fx: {
      ...fx,
      async readFile(path, options) {
        const data = await fx.readFile(path, options);
        note(path, data);
        return data;
      },
      // Read as bytes, so the hash is of the file as it is, then decoded as readText decodes it.
      async readText(path, options) {
        const data = await fx.readFile(path, { maxBytes: options?.maxBytes ?? MAX_TEXT_FILE_BYTES });
        note(path, data);
        return Buffer.from(data).toString('utf8');
      },
    },
  };
}

// withSeparators, not toLocaleString: the first call to that starts ICU, some milliseconds.
const plural = (n: number, word: string) => `${withSeparators(String(n))} ${word}${n === 1 ? '' : 's'}`;

/** `pack.pdf` → `pack.manifest.json`, beside it. */
export const manifestPathFor = (pdf: string): string => join(dirname(pdf), `${basename(pdf, extname(pdf))}${MANIFEST_SUFFIX}`);

/**
 * Holds the output folder's lock (`.boardpack.lock` in it) for the run, so two runs never write
 * there at once (a scheduled tick and a person's build, say). Another run's lock is waited for,
 * up to `waitMs`.
 */
async function holdFolder(path: string, fx: Effects, waitMs: number, log: Log): Promise<HeldLock> {
  const lock = lockPath(path);
  const quick = await fx.lock(lock, 0);
  if (quick) return quick;
  log({
    level: 'info',
    stage: 'lock',
    message: `another boardpack run is writing to ${shownPath(dirname(path))}; waiting up to ${Math.round(waitMs / 1000)} s for it to finish`,
  });
  const held = await fx.lock(lock, waitMs);
  if (held) return held;
  throw new BoardpackError(
    'output-busy',
    `Another boardpack run is still writing to ${dirname(path)} after ${Math.round(waitMs / 1000)} s, so this one stopped without writing anything.`,
    {
      at: lock,
      busy: true,
      hint: `Let the other run finish (or check it has not hung), then run again; --wait <seconds> waits longer. A lock left by a run that died is taken over ${LOCK_STALE_MS / 60_000} minutes after it was last refreshed.`,
    },
  );
}

function lockLost(path: string, why: string): BoardpackError {
  return new BoardpackError(
    'output-busy',
    `This run lost its hold on ${dirname(path)} before writing (${why}): another run took it over, so this one stopped without writing anything.`,
    {
      at: lockPath(path),
      busy: true,
      hint: `Run again once the other has finished. A very large pack can keep its run from refreshing the lock for ${LOCK_STALE_MS / 60_000} minutes; then avoid starting another run into the same folder meanwhile.`,
    },
  );
}

/** The earlier pack in the output folder to compare with, with any manifest passed over said in the log. */
async function previousIn(dir: string, report: Report, fx: Effects, log: Log): Promise<{ path: string; pack: Comparable } | null> {
  const { found, passedOver } = await previousPack(dir, report.config.title, report.period.order, fx);
  for (const p of passedOver) log({ level: 'warn', stage: 'compare', message: `${shownPath(p.path)} was passed over: ${p.problem}` });
  if (found) log({ level: 'info', stage: 'compare', message: `compared with the ${found.pack.period.label} pack (${shownPath(found.path)})` });
  return found;
}

/** A pack given by --compare must be of an earlier period; of another report, it is compared with all the same, and said so. */
function checkComparable(asked: { path: string; pack: Comparable }, report: Report, log: Log): void {
  if (asked.pack.period.order >= report.period.order) {
    throw new BoardpackError(
      'compare-not-earlier',
      `--compare ${asked.path} is the ${asked.pack.period.label} pack, not one before ${report.period.label}, so there is nothing to say changed since it.`,
      { at: '--compare', hint: "Give the manifest of an earlier period's pack, or leave --compare out to use the newest earlier one in the output folder." },
    );
  }
  if (asked.pack.title !== report.config.title)
    log({
      level: 'warn',
      stage: 'compare',
      message: `--compare ${shownPath(asked.path)} is a pack of "${asked.pack.title}", not "${report.config.title}"; compared all the same`,
    });
}

function refuseIfTooManyWarnings(findings: readonly Issue[], max: number | undefined): void {
  if (max === undefined) return;
  const warnings = findings.filter((i) => i.severity === 'warning');
  if (warnings.length <= max) return;
  throw new BoardpackError(
    'too-many-warnings',
    `The pack has ${plural(warnings.length, 'warning')}, more than the ${max} --max-warnings allows, so no pack was written.`,
    { hint: 'Fix the warnings below in the workbook, or raise --max-warnings.', issues: warnings },
  );
}

async function makeManifest(run: {
  report: Report;
  analysis: Analysis;
  indicators: ManifestIndicator[];
  /** The files the report was read from (report.yaml among them), as they were read. */
  files: ReadonlyMap<string, Omit<ManifestFile, 'path'>>;
  generated: Date;
  path: string;
  pages: number;
  bytes: Uint8Array;
  timings: Record<string, number>;
  previous: { path: string; pack: Comparable } | null;
  html: HtmlOutput | null;
  fx: Effects;
}): Promise<Manifest> {
  const { report, analysis, fx } = run;
  const { config } = report;
  const here = dirname(run.path);
  const pack = analysis.pack;
  const summary = analysis.assessment.summary;
  const previous = run.previous;
  const settings = /\.ya?ml$/i.test(config.origin) ? run.files.get(resolve(config.origin)) : undefined;
  const manifest: Manifest = {
    manifest: 1,
    boardpack: VERSION,
    title: config.title,
    builtAt: fx.now().toISOString(),
    generated: run.generated.toISOString().slice(0, 10),
    report: settings ? { path: manifestPath(here, config.origin), ...settings } : null,
    templatePack: {
      name: pack.spec.name,
      path: config.template === 'default' ? 'default' : manifestPath(here, pack.dir),
      sha256: await hashFolder(pack.dir, fx),
    },
    inputs: [...run.files].filter(([file]) => file !== config.origin).map(([file, f]) => ({ path: manifestPath(here, file), ...f })),
    period: { id: report.period.id, label: report.period.label, order: report.period.order, reason: report.periodReason },
    counts: { indicators: report.scorecard.indicators.length, rag: { ...summary.rag }, direction: { ...summary.direction } },
    findings: {
      counts: countBySeverity(analysis.issues),
      items: analysis.issues.map((i) => ({ severity: i.severity, code: i.code, at: i.at ?? null, message: i.message })),
    },
    timings: run.timings,
    output: { path: manifestPath(here, run.path), bytes: run.bytes.byteLength, sha256: sha256(run.bytes), pages: run.pages },
    html: run.html ? { path: manifestPath(here, run.html.path), bytes: run.html.bytes.byteLength, sha256: run.html.sha256 } : null,
    comparedWith: previous
      ? { path: manifestPath(here, previous.path), title: previous.pack.title, period: previous.pack.period, indicators: previous.pack.indicators }
      : null,
    indicators: run.indicators,
    deliveryKey: '',
    deliveries: [],
  };
  manifest.deliveryKey = deliveryKey(manifest, settingsHash(config));
  return manifest;
}

/** report.yaml's settings as read, but for where the pack is delivered and where the files are. */
function settingsHash(config: Report['config']): string {
  const settings: Record<string, unknown> = { ...config, sources: config.sources.map((s) => ({ ...s, path: undefined })) };
  for (const key of ['distribute', 'baseDir', 'origin']) delete settings[key];
  return sha256(JSON.stringify(settings));
}

/**
 * The deliveries recorded in the manifest this one replaces, when it is of the same pack built from
 * the same inputs (a repeated run): what was sent is not sent again. Otherwise none.
 */
async function deliveriesKept(path: string, manifest: Manifest, fx: Effects): Promise<Manifest['deliveries']> {
  if ((await fx.kind(path)) !== 'file') return [];
  try {
    const earlier = await readManifest(path, fx);
    return earlier.deliveryKey === manifest.deliveryKey ? earlier.deliveries : [];
  } catch {
    return [];
  }
}

function writeError(path: string, e: unknown): BoardpackError {
  return new BoardpackError('output-write', `The pack could not be written to ${path} (${e instanceof Error ? e.message : String(e)}).`, {
    at: path,
    hint: 'Point output.dir in report.yaml (or --out) at a folder you can write to; close the PDF if it is open in a viewer.',
    cause: e,
  });
}

/** The formats asked for, each once, in order; an unknown one is refused before any work. */
function checkFormats(formats: readonly string[]): OutputFormat[] {
  const out: OutputFormat[] = [];
  for (const f of formats) {
    if (!(OUTPUT_FORMATS as readonly string[]).includes(f)) {
      throw new BoardpackError('usage', `"${f}" is not a format boardpack writes: it writes ${OUTPUT_FORMATS.join(' and ')}.`, {
        at: '--format',
        hint: 'Give pdf, html, or both: --format pdf,html.',
      });
    }
    if (!out.includes(f as OutputFormat)) out.push(f as OutputFormat);
  }
  if (out.length === 0)
    throw new BoardpackError('usage', 'No format was given to build.', { at: '--format', hint: 'Give pdf, html, or both: --format pdf,html.' });
  return out;
}

/** `pack.pdf` → `pack.html` (or the other way), in the same folder. */
const withExtension = (file: string, ext: string): string => (/\.(pdf|html?)$/i.test(file) ? file.replace(/\.(pdf|html?)$/i, ext) : `${file}${ext}`);

/** `output/<slug>-<period>.pdf` by report.yaml's pattern, relative to report.yaml's folder. */
export function outputPath(report: Report): string {
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
export function generationDate(fx: Effects): Date {
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
