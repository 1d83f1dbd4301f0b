import { dirname, extname, relative, resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import type { BuildOptions, BuildResult, OutputFormat } from '../build.js';
import type { LoadPng } from '../chart/png.js';
import type { DistributeResult } from '../deliver/index.js';
import type { ReportConfig } from '../model/config.js';
import { type Effects, fileError, nodeEffects } from '../effects.js';
import { type Log, issueEvent, shownPath } from '../log.js';
import { VERSION } from '../version.js';
import { invocation, quoteArg } from './invocation.js';
import { type LogFormat, colourWanted, cliLogger, jsonLine } from './logger.js';
import { BoardpackError, isBoardpackError } from '../errors.js';
import { analyseReport, loadReport } from '../pipeline.js';
import { reportJson } from './assessJson.js';
import { formatAssessment, formatCounts, formatIssues, formatSummary } from './output.js';
import { schedule } from './schedule.js';

// What the bin needs besides main(): cleaning up and stopping on a signal.
export { removePartialFiles, writesDone } from '../effects.js';
export { scheduleRunning, stopSchedule } from './schedule.js';
export { jsonLine } from './logger.js';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  fx: Effects;
  /** The PDF on stdout (`build --out -`). */
  stdoutBytes?(data: Uint8Array): void;
  /** Whether stdout and stderr are terminals (default: neither). */
  tty?: { stdout: boolean; stderr: boolean };
  env?: NodeJS.ProcessEnv;
  /** How `charts --format png` loads chartjs-node-canvas (tests make it fail); default: by name, from node_modules. */
  loadPng?: LoadPng;
}

const defaultIo: Io = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  stdoutBytes: (b) => process.stdout.write(b),
  fx: nodeEffects,
  tty: { stdout: process.stdout.isTTY === true, stderr: process.stderr.isTTY === true },
  env: process.env,
};

/**
 * Exit codes: 0 success, 1 the data has errors (or more warnings than --max-warnings), 2 bad usage
 * or config, 69 the pack was built but a delivery failed (sysexits' EX_UNAVAILABLE), 70 a bug in
 * boardpack, 75 another run is writing to the same output folder.
 */
export const EXIT = { ok: 0, dataErrors: 1, usage: 2, undelivered: 69, internal: 70, busy: 75 } as const;

const EXIT_HELP = `
Exit codes:
  0   done
  1   the data has errors (nothing written), or more warnings than --max-warnings
  2   bad usage, a missing file, an invalid report.yaml or template pack
  69  the pack was built, but could not all be delivered (distribute:): what was and was not is said
  70  an internal error (a bug in boardpack: please report it with the trace)
  75  another boardpack run is writing to the same output folder (try again later)`;

/** `charts` has no --max-warnings and takes no lock. */
const chartsExits = EXIT_HELP.split('\n')
  .filter((l) => !/^ {2}75 /.test(l))
  .map((l) => (/^ {2}1 /.test(l) ? '  1   the data has errors (nothing written)' : l))
  .join('\n');

interface Common {
  quiet?: boolean;
  verbose?: boolean;
  logFormat?: LogFormat;
}

/** Runs one command line and returns its exit code; only the bin calls process.exit. */
export async function main(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  let code: number = EXIT.ok;
  const json = argv.includes('--json');
  const jsonLog = logFormatOf(argv) === 'json';
  const env = io.env ?? {};
  const tty = io.tty ?? { stdout: false, stderr: false };
  const run = invocation(env);
  const errLine = (level: 'error', stage: string, message: string) => io.stderr(`${JSON.stringify(jsonLine({ level, stage, message }, new Date()))}\n`);
  const logFor = (opts: Common): Log =>
    cliLogger(io.stderr, {
      format: opts.logFormat ?? 'text',
      tty: tty.stderr,
      colour: colourWanted(tty.stderr, env),
      quiet: opts.quiet === true,
      verbose: opts.verbose === true,
    });
  const program = new Command('boardpack')
    .description('Turns council performance spreadsheets into the committee scorecard pack.')
    .version(VERSION, '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({
      writeOut: io.stdout,
      // With --log-format json every line on stderr is JSON, commander's own complaints too.
      writeErr: (t) => (jsonLog ? t.trim() && errLine('error', 'usage', t.trim()) : io.stderr(t)),
    })
    .showHelpAfterError(`(run ${run} --help for the commands)`)
    .addHelpText('after', `\nRun ${run} <command> --help for a command's options and examples.\n${EXIT_HELP}\n`);

  const command = (name: string, description: string, examples: string[], exits = EXIT_HELP) =>
    program
      .command(name)
      .description(description)
      .option('-q, --quiet', 'print only results, errors and warnings')
      .option('-v, --verbose', 'also log the details (each finding, each wait)')
      .addOption(new Option('--log-format <format>', 'how the log on stderr is written').choices(['text', 'json']).default('text'))
      .addHelpText('after', `\nExamples:\n${examples.map((e) => `  $ ${run} ${e}`).join('\n')}\n${exits}\n`);

  command('validate', 'read the workbooks and print the data-quality report (exit 1 when there are errors)', [
    'validate report.yaml',
    'validate kpis.xlsx --quiet',
    'validate report.yaml --json > findings.json',
  ])
    .argument('<input>', 'report.yaml, or a workbook / CSV to read with default settings')
    .option('--period <period>', "reporting period (id like 2025-03, or label like Mar-25, or latest); default: report.yaml's period:, else latest")
    .option('--json', 'print the issues as JSON')
    .action(async (input: string, opts: Common & { period?: string; json?: boolean }) => {
      const report = await loadReport(input, io.fx, opts);
      const { issues } = await analyseReport(report, io.fx);
      if (opts.json)
        io.stdout(`${JSON.stringify({ period: report.period.id, periodReason: report.periodReason, tables: report.scorecard.tables, issues }, null, 2)}\n`);
      else {
        io.stdout(`${formatSummary(report)}\n\n${formatCounts(issues)}\n`);
        const body = formatIssues(issues, { notes: !opts.quiet, colour: colourWanted(tty.stdout, env) });
        if (body) io.stdout(`\n${body}\n`);
      }
      code = issues.some((i) => i.severity === 'error') ? EXIT.dataErrors : EXIT.ok;
    });

  command('assess', "print each indicator's RAG and direction of travel (exit 0 whatever the RAGs)", [
    'assess report.yaml',
    'assess kpis.xlsx --period Mar-25',
    'assess report.yaml --json | jq ".indicators[] | select(.rag == \\"red\\")"',
  ])
    .argument('<input>', 'report.yaml, or a workbook / CSV to read with default settings')
    .option('--period <period>', "reporting period (Mar-25, 2025-03, latest); default: report.yaml's period:, else latest")
    .option('--json', 'print JSON')
    .action(async (input: string, opts: Common & { period?: string; json?: boolean }) => {
      const report = await loadReport(input, io.fx, opts);
      const analysis = await analyseReport(report, io.fx);
      if (opts.json) io.stdout(`${JSON.stringify(reportJson(report, analysis), null, 2)}\n`);
      else
        io.stdout(
          `${formatSummary(report)}\n\n${formatAssessment(analysis)}\n\n${formatCounts(analysis.issues)} (${run} validate ${quoteArg(input)}${opts.period === undefined ? '' : ` --period ${quoteArg(opts.period)}`} lists them)\n`,
        );
    });

  command('build', 'build the committee pack PDF and its run manifest (exit 1 when the data has errors; nothing is written then)', [
    'build report.yaml',
    'build report.yaml --period Mar-25 --out packs/march.pdf',
    'build report.yaml --max-warnings 0 --json',
    'build kpis.xlsx --out - > pack.pdf',
    'build report.yaml --format pdf,html      # the PDF and the same pack as one web page',
    'build report.yaml --max-warnings 20 --distribute   # then email it and copy it as distribute: says',
  ])
    .argument('<input>', 'report.yaml, or a workbook / CSV to read with default settings')
    .option('--period <period>', "reporting period (Mar-25, 2025-03, latest); default: report.yaml's period:, else latest")
    .option('--out <file>', 'write the PDF here instead of output.dir/output.file (a .pdf file, or - for stdout); the web page goes beside it as .html')
    .option('--format <formats>', 'what to write: pdf, html (one self-contained, accessible web page of the same pack), or both: pdf,html', 'pdf')
    .option('--json', 'print the result as one JSON object')
    .option('--max-warnings <n>', 'fail (exit 1, nothing written) when there are more warnings than this')
    .option('--compare <manifest>', "compare with this earlier pack's manifest (default: the newest earlier one in the output folder)")
    .option('--wait <seconds>', 'how long to wait for another run writing to the same folder', '60')
    .option('--timings', 'print the time each stage took (JSON, on stderr)')
    .option('--distribute', "once built, deliver the pack as report.yaml's distribute: says (email, folder)")
    .option('--resend', 'with --distribute: email the pack again to those it was already sent to')
    .action(async (input: string, opts: BuildCliOptions) => {
      const started = performance.now();
      const options = buildOptions(opts);
      const log = logFor(opts);
      if (opts.resend && !opts.distribute)
        throw new BoardpackError('usage', '--resend only means something with --distribute.', { at: '--resend', hint: 'Add --distribute, or drop --resend.' });
      if (opts.distribute && opts.out === '-')
        throw new BoardpackError('usage', '--distribute delivers the pack written to a file, and --out - writes it to stdout.', {
          at: '--distribute',
          hint: 'Drop --out -, or drop --distribute.',
        });
      // A run that cannot deliver stops before the work: no pack is built that would not be sent.
      const config = opts.distribute ? await distributeConfig(input, '--distribute') : null;
      const { buildPack } = await import('../build.js');
      const result = await buildPack(input, { ...options, fx: io.fx, log });
      let delivered: DistributeResult | null = null;
      try {
        delivered = config ? await deliver(result.manifestPath, config, opts, log) : null;
      } catch (e) {
        // The pack is built: say so, above what was not delivered.
        if (!opts.json && opts.out !== '-') io.stdout(buildSummary(result, (performance.now() - started) / 1000, input, run, opts.period));
        throw e;
      }
      const seconds = (performance.now() - started) / 1000;
      if (opts.out === '-') {
        (io.stdoutBytes ?? ((b: Uint8Array) => io.stdout(Buffer.from(b).toString('latin1'))))(result.bytes);
        if (opts.logFormat === 'json')
          log({ level: 'info', stage: 'done', message: `built the pack for ${result.report.period.label} to stdout (${result.pages} pages)` });
        else if (!opts.quiet) io.stderr(buildSummary(result, seconds, input, run, opts.period));
      } else if (opts.json) io.stdout(`${JSON.stringify({ ...buildJson(result), ...(delivered ? { deliveries: delivered.deliveries } : {}) }, null, 2)}\n`);
      else io.stdout(`${buildSummary(result, seconds, input, run, opts.period)}${delivered ? deliverySummary(delivered) : ''}`);
      if (opts.timings) {
        const startup = Math.round(started);
        io.stderr(
          `${JSON.stringify({ startup, ...result.timings, total: Math.round(performance.now()), pages: result.pages, bytes: result.bytes.byteLength, chartCount: result.charts, indicators: result.report.scorecard.indicators.length, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
        );
      }
    });

  command(
    'charts',
    "write each indicator's trend chart and the summary chart as a file of its own (SVG or PNG), with charts.json giving each one's title and alt text",
    ['charts report.yaml --format svg', 'charts report.yaml --format png --scale 3 --out briefing/charts', 'charts kpis.xlsx --format svg --period Mar-25'],
    `${chartsExits}\n\n--format png needs chartjs-node-canvas and canvas, optional packages boardpack does not install by default;\nwithout them it says what to install and exits 2.`,
  )
    .argument('<input>', 'report.yaml, or a workbook / CSV to read with default settings')
    .addOption(
      new Option('--format <format>', 'svg (vector, text as text) or png (drawn by chartjs-node-canvas)').choices(['svg', 'png']).makeOptionMandatory(),
    )
    .option('--out <dir>', 'the folder to write into (default: beside the pack, named after it with -charts)')
    .option('--scale <n>', `PNG pixels per point (Chart.js's devicePixelRatio), above 0 and at most 8 (default 2)`)
    .option('--period <period>', "reporting period (Mar-25, 2025-03, latest); default: report.yaml's period:, else latest")
    .option('--json', 'print the index (charts.json) on stdout')
    .action(async (input: string, opts: Common & { format: 'svg' | 'png'; out?: string; scale?: string; period?: string; json?: boolean }) => {
      if (opts.scale !== undefined && opts.format !== 'png') {
        throw new BoardpackError('usage', '--scale sets the pixels of a PNG; an SVG is drawn at any size.', {
          at: '--scale',
          hint: 'Drop --scale, or use it with --format png.',
        });
      }
      const scale = opts.scale === undefined ? undefined : Number(opts.scale.trim());
      if (scale !== undefined && (opts.scale!.trim() === '' || !Number.isFinite(scale))) {
        throw new BoardpackError('usage', `--scale ${opts.scale} is not a number.`, { at: '--scale', hint: 'Give a number such as 1, 2 or 3.' });
      }
      const log = logFor(opts);
      const { exportCharts } = await import('../exportCharts.js');
      const result = await exportCharts(input, {
        format: opts.format,
        ...(opts.out === undefined ? {} : { out: opts.out }),
        ...(scale === undefined ? {} : { scale }),
        ...(opts.period === undefined ? {} : { period: opts.period }),
        fx: io.fx,
        log,
        ...(io.loadPng ? { loadPng: io.loadPng } : {}),
      });
      const drawn = result.charts.filter((c) => c.notDrawn === undefined).length;
      if (opts.json)
        io.stdout(
          `${JSON.stringify({ dir: result.dir, index: result.index, period: result.period, format: result.format, scale: result.scale, charts: result.charts }, null, 2)}\n`,
        );
      else {
        const failed = result.charts.length - drawn;
        io.stdout(
          `Wrote ${result.charts.length} ${result.format.toUpperCase()} chart${result.charts.length === 1 ? '' : 's'} for ${result.period.label} and their index to ${shownPath(result.dir)}${result.scale === null ? '' : ` (at ${result.scale}× scale)`}${failed > 0 ? `; ${failed} could not be drawn${result.format === 'svg' ? ' (each shows its description)' : ' (no file; see charts.json)'}` : ''}.\n`,
        );
        if (result.findings.length > 0) io.stdout(`\n${formatIssues(result.findings, { notes: false })}\n`);
      }
    });

  command(
    'init',
    'make a report folder that builds at once: report.yaml, a sample workbook, the template pack, next steps',
    ['init my-report', 'init             # in the current folder'],
    EXIT_HELP.split('\n')
      .filter((l) => !/^ {2}(1|75) /.test(l))
      .join('\n'),
  )
    .argument('[dir]', 'the folder to make (or an empty one to fill)', '.')
    .action(async (dir: string, opts: Common) => {
      const { initReport } = await import('../init.js');
      const made = await initReport(dir, io.fx);
      const shown = relative(process.cwd(), made.dir) || '.';
      const into = shown === '.' ? '' : `cd ${quoteArg(shown)} && `;
      io.stdout(
        `Made ${shown === '.' ? 'this folder' : shown} into a report folder:\n${made.files.map((f) => `  ${f}`).join('\n')}\n${
          opts.quiet
            ? ''
            : `\nNext: ${into}${invocation(env, made.dir)} build report.yaml\nThen point sources: in report.yaml at your own workbook (README.md there says how).\n`
        }`,
      );
    });

  command('schedule', 'stay running and build the latest period at each tick of a cron expression', [
    'schedule report.yaml --cron "0 7 2 * *"          # 07:00 on the 2nd of every month',
    'schedule report.yaml --cron "0 7 * * 1" --tz Europe/London',
    'schedule report.yaml --cron "0 7 2 * *" --once   # one build now, exit with its code',
  ])
    .argument('<input>', 'report.yaml, or a workbook / CSV to read with default settings')
    .requiredOption('--cron <expression>', 'when to build: minute hour day-of-month month day-of-week (5 fields; 6 with seconds first)')
    .option('--tz <zone>', "the time zone the expression is in (default: the machine's), e.g. Europe/London")
    .option('--once', "build once now and exit with that build's exit code")
    .option('--max-warnings <n>', 'a tick fails (nothing written) when there are more warnings than this')
    .option('--wait <seconds>', 'how long a tick waits for another run writing to the same folder', '60')
    .addHelpText('before', 'Each tick also delivers the pack when report.yaml has distribute: (an email not sent again for the same inputs).\n')
    .action(async (input: string, opts: ScheduleCliOptions) => {
      // Each tick reports on the newest period there is data for, whatever report.yaml's period: says.
      const options = buildOptions({ ...opts, period: 'latest' });
      const log = logFor(opts);
      // Checked once now, so a schedule that could never deliver does not start; and at each tick,
      // so a change to report.yaml between ticks is followed.
      // (A report.yaml that cannot be read now is a failed tick, said at each tick, as without distribute:.)
      const delivers = await loadSettings(input).then(
        (c) => c.distribute !== undefined,
        () => false,
      );
      if (delivers) await distributeConfig(input, 'distribute: in report.yaml');
      code = await schedule(input, opts, {
        log,
        build: () => import('../build.js').then(({ buildPack }) => buildPack(input, { ...options, fx: io.fx, log })),
        ...(delivers
          ? {
              deliver: async (result: BuildResult) =>
                void (await deliver(result.manifestPath, await distributeConfig(input, 'distribute: in report.yaml'), opts, log)),
            }
          : {}),
        exitCodeOf,
      });
    });

  command('distribute', "deliver a pack already built (email, folder) as its report.yaml's distribute: says", [
    'distribute output/scorecard-2026-03.manifest.json',
    'distribute output/scorecard-2026-03.manifest.json --resend   # email it again',
  ])
    .argument('<manifest>', 'the .manifest.json written beside the pack')
    .option('--resend', 'email the pack again to those it was already sent to')
    .option('--max-warnings <n>', 'refuse (exit 1, nothing delivered) a pack with more warnings than this')
    .option('--wait <seconds>', 'how long to wait for another run writing to the same folder', '60')
    .option('--json', 'print what was delivered as JSON')
    .action(async (manifestFile: string, opts: DistributeCliOptions) => {
      const log = logFor(opts);
      const { readManifest } = await import('../manifest.js');
      const manifest = await readManifest(manifestFile, io.fx, 'delivered');
      if (!manifest.report) {
        throw new BoardpackError(
          'distribute-not-set',
          `${manifestFile} is of a pack built from a workbook without a report.yaml, so it has no distribute: settings.`,
          {
            at: manifestFile,
            hint: 'Build the pack from a report.yaml with a distribute: section, then deliver it.',
          },
        );
      }
      const settings = resolve(dirname(manifestFile), manifest.report.path);
      const config = await distributeConfig(settings, `distribute ${manifestFile}`);
      const delivered = await deliver(manifestFile, config, opts, log, opts.maxWarnings === undefined ? undefined : count(opts.maxWarnings, '--max-warnings'));
      io.stdout(opts.json ? `${JSON.stringify(delivered, null, 2)}\n` : deliverySummary(delivered) || 'Nothing to deliver.\n');
    });

  /** report.yaml's settings (a workbook given in its place has none of its own). */
  async function loadSettings(input: string) {
    const { loadConfig } = await import('../model/loadConfig.js');
    return loadConfig(input, io.fx);
  }
  /** report.yaml, when its distribute: can be carried out: the mail server's settings are checked too. */
  async function distributeConfig(input: string, asked: string) {
    const config = await loadSettings(input);
    const { checkDistribute } = await import('../deliver/index.js');
    await checkDistribute(config, env, io.fx, asked);
    return config;
  }
  async function deliver(manifestFile: string, config: ReportConfig, opts: { resend?: boolean; wait?: string }, log: Log, maxWarnings?: number) {
    const { distributePack } = await import('../deliver/index.js');
    return distributePack(manifestFile, {
      config,
      fx: io.fx,
      log,
      env,
      resend: opts.resend === true,
      lockWaitMs: Math.min(count(opts.wait ?? '60', '--wait'), 86_400) * 1000,
      ...(maxWarnings === undefined ? {} : { maxWarnings }),
    });
  }

  try {
    await program.parseAsync([...argv], { from: 'user' });
    if (argv.length === 0) {
      io.stdout(program.helpInformation());
      return EXIT.usage;
    }
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    // The operating system refusing a file (permissions, a full disk) is not a bug: say so plainly.
    const known = isBoardpackError(e) ? e : systemError(e);
    if (known) return report(known, io, json, jsonLog);
    const err = e instanceof Error ? e : new Error(String(e));
    const text = internalErrorText(err);
    if (jsonLog) errLine('error', 'internal', text);
    else io.stderr(`${text}\n`);
    return EXIT.internal;
  }
}

interface BuildCliOptions extends Common {
  period?: string;
  out?: string;
  format?: string;
  json?: boolean;
  maxWarnings?: string;
  compare?: string;
  wait?: string;
  timings?: boolean;
  distribute?: boolean;
  resend?: boolean;
}
interface DistributeCliOptions extends Common {
  resend?: boolean;
  maxWarnings?: string;
  wait?: string;
  json?: boolean;
}
interface ScheduleCliOptions extends Common {
  cron: string;
  tz?: string;
  once?: boolean;
  maxWarnings?: string;
  wait?: string;
}

/** The formats `build --format` takes (build.ts's, named here so the CLI loads build.ts only to build). */
const FORMATS: readonly OutputFormat[] = ['pdf', 'html'];

/** The command line's build options, checked: a mistake in them is refused before any work. */
function buildOptions(opts: BuildCliOptions): BuildOptions {
  const formats = (opts.format ?? 'pdf')
    .split(',')
    .map((f) => f.trim().toLowerCase())
    .filter((f) => f !== '');
  for (const f of formats) {
    if (!(FORMATS as readonly string[]).includes(f)) {
      throw new BoardpackError('usage', `--format ${opts.format}: "${f}" is not a format boardpack writes (pdf, html).`, {
        at: '--format',
        hint: 'Give pdf, html, or both: --format pdf,html.',
      });
    }
  }
  if (formats.length === 0)
    throw new BoardpackError('usage', '--format was given no format.', { at: '--format', hint: 'Give pdf, html, or both: --format pdf,html.' });
  const pdf = formats.includes('pdf');
  // Only the web page: --out may name it (.html); with the PDF, --out names the PDF and the page goes beside it.
  const ext = opts.out === undefined || opts.out === '-' ? '' : extname(opts.out).toLowerCase();
  if (opts.out !== undefined && opts.out !== '-' && ext !== '.pdf' && (pdf || ext !== '.html')) {
    throw new BoardpackError(
      'out-extension',
      `--out ${opts.out} does not end in ${pdf ? '.pdf' : '.html'}, and boardpack writes ${pdf ? 'a PDF' : 'a web page'} there.`,
      {
        at: '--out',
        hint: pdf
          ? 'Give a file name ending in .pdf (the web page, if asked for, goes beside it as .html), or - to write the PDF to stdout.'
          : 'Give a file name ending in .html.',
      },
    );
  }
  if (opts.out === '-' && (!pdf || formats.length > 1)) {
    throw new BoardpackError('usage', '--out - writes the PDF to stdout, and only the PDF.', {
      at: '--out',
      hint: 'Drop --format, or write the files with --out pack.pdf.',
    });
  }
  if (opts.out === '-' && opts.json) {
    throw new BoardpackError('usage', '--out - writes the PDF to stdout, so the --json result has nowhere to go.', {
      at: '--json',
      hint: 'Drop --json, or write the PDF to a file with --out pack.pdf.',
    });
  }
  return {
    ...(opts.period === undefined ? {} : { period: opts.period }),
    ...(opts.out === undefined || opts.out === '-' ? {} : { out: opts.out }),
    write: opts.out !== '-',
    formats: formats as OutputFormat[],
    ...(opts.maxWarnings === undefined ? {} : { maxWarnings: count(opts.maxWarnings, '--max-warnings') }),
    ...(opts.compare === undefined ? {} : { compare: opts.compare }),
    lockWaitMs: Math.min(count(opts.wait ?? '60', '--wait'), 86_400) * 1000,
  };
}

function count(text: string, option: string): number {
  const n = /^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isInteger(n)) {
    throw new BoardpackError('usage', `${option} ${text} is not a whole number.`, { at: option, hint: `Give ${option} a whole number, 0 or more.` });
  }
  return n;
}

/** What a person reads after a build: where the pack is, what it covers, what to look at next. */
function buildSummary(result: BuildResult, seconds: number, input: string, run: string, period: string | undefined): string {
  const pdf = result.formats.includes('pdf');
  const page = result.html ? `${result.written ? shownPath(result.html.path) : 'the web page'} (${Math.round(result.html.bytes.byteLength / 1024)} KB)` : '';
  const wrote = pdf
    ? `${result.written ? shownPath(result.path) : 'the pack'} (${result.pages} pages, ${Math.round(result.bytes.byteLength / 1024)} KB, ${result.charts} charts)${page ? ` and ${page}` : ''}`
    : `${page.replace(')', `, ${result.charts} charts)`)}`;
  const lines = [
    `${result.written ? 'Wrote' : 'Built'} ${wrote} in ${seconds.toFixed(2)} s`,
    `Reporting period ${result.report.period.label}: ${result.report.periodReason}.`,
  ];
  if (result.manifest.comparedWith) lines.push(`Changes since the ${result.manifest.comparedWith.period.label} pack are listed in it.`);
  // What only a build finds (a chart that could not be drawn) is said here; validate lists the rest.
  const drawing = result.findings.filter((i) => i.code === 'chart-not-drawn');
  const warnings = result.findings.filter((i) => i.severity === 'warning').length;
  let text = `${lines.join('\n')}\n`;
  if (drawing.length > 0) text += `\n${formatIssues(drawing, { notes: false })}\n\n`;
  const data = warnings - drawing.length;
  const again = `${run} validate ${quoteArg(input)}${period === undefined ? '' : ` --period ${quoteArg(period)}`}`;
  if (data > 0) text += `${data} warning${data === 1 ? '' : 's'} about the data: ${again} lists them.\n`;
  return text;
}

/** What was delivered, one line each, and what was not sent again. */
function deliverySummary(r: DistributeResult): string {
  const lines = r.deliveries.map((d) =>
    d.kind === 'email'
      ? `Emailed it to ${[...d.to, ...d.cc, ...d.bcc].join(', ')} (message ${d.messageId ?? 'without an id'}).`
      : d.result === 'already-there'
        ? `It is already in ${d.folder}.`
        : `Copied it into ${d.folder}.`,
  );
  for (const s of r.skipped) lines.push(`${s.charAt(0).toUpperCase()}${s.slice(1)}.`);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** `build --json`: one object a script can act on. */
function buildJson(r: BuildResult): Record<string, unknown> {
  return {
    path: r.path,
    manifest: r.manifestPath,
    period: { id: r.report.period.id, label: r.report.period.label, reason: r.report.periodReason },
    pages: r.pages,
    bytes: r.bytes.byteLength,
    sha256: r.sha256,
    formats: r.formats,
    html: r.html ? { path: r.html.path, bytes: r.html.bytes.byteLength, sha256: r.html.sha256 } : null,
    counts: r.manifest.counts,
    findings: r.manifest.findings.counts,
    comparedWith: r.manifest.comparedWith,
    timings: r.timings,
  };
}

/** What a bug in boardpack says, with the trace to report. */
export function internalErrorText(e: unknown): string {
  return `boardpack hit an internal error: ${e instanceof Error ? e.message : String(e)}\nThis is a bug in boardpack, not in your data. Please report it with this trace:\n${e instanceof Error ? (e.stack ?? '') : ''}`;
}

/** The --log-format a command line asks for, read before commander does (for failures before it runs). */
export function logFormatOf(argv: readonly string[]): LogFormat {
  const i = argv.findIndex((a) => a === '--log-format' || a.startsWith('--log-format='));
  if (i < 0) return 'text';
  const value = argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  return value === 'json' ? 'json' : 'text';
}

/** The exit code a failure means (see EXIT). */
export function exitCodeOf(e: unknown): number {
  const known = isBoardpackError(e) ? e : systemError(e);
  if (!known) return EXIT.internal;
  if (known.undelivered) return EXIT.undelivered;
  return known.busy ? EXIT.busy : known.data ? EXIT.dataErrors : EXIT.usage;
}

function report(e: BoardpackError, io: Io, json: boolean, jsonLog: boolean): number {
  if (jsonLog) {
    const time = new Date();
    io.stderr(
      `${JSON.stringify({ ...jsonLine({ level: 'error', stage: 'failed', message: e.message, code: e.code, at: e.at ?? null }, time), hint: e.hint ?? null })}\n`,
    );
    for (const i of e.issues) io.stderr(`${JSON.stringify(jsonLine(issueEvent(i, 'findings'), time))}\n`);
  } else {
    io.stderr(`error ${e.code}${e.at ? `  ${e.at}` : ''}\n${indent(e.message)}\n${e.hint ? `${indent(`fix: ${e.hint}`)}\n` : ''}`);
    if (e.issues.length > 0) io.stderr(`\n${e.code === 'too-many-warnings' ? 'The warnings' : 'Also found'}:\n\n${formatIssues(e.issues, { notes: true })}\n`);
  }
  // Scripts that asked for JSON get the failure as JSON too, whatever it was.
  if (json)
    io.stdout(`${JSON.stringify({ error: { code: e.code, message: e.message, at: e.at ?? null, hint: e.hint ?? null }, issues: e.issues }, null, 2)}\n`);
  return exitCodeOf(e);
}

/** An operating-system error on a file (it has an errno code and a path) as our own error. */
function systemError(e: unknown): BoardpackError | null {
  const path = (e as { path?: unknown } | null)?.path;
  if (typeof path !== 'string') return null;
  const known = fileError(e, path);
  return isBoardpackError(known) ? known : null;
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((l) => `        ${l}`)
    .join('\n');
