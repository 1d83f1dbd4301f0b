import { relative } from 'node:path';
import { Command, CommanderError } from 'commander';
import { type Effects, fileError, nodeEffects } from '../effects.js';

export { removePartialFiles } from '../effects.js';
import { type BoardpackError, isBoardpackError } from '../errors.js';
import { analyseReport, loadReport } from '../pipeline.js';
import { reportJson } from './assessJson.js';
import { formatAssessment, formatCounts, formatIssues, formatSummary } from './output.js';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  fx: Effects;
}

const defaultIo: Io = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  fx: nodeEffects,
};

/** Exit codes: 0 success, 1 the data has errors, 2 bad usage or config, 70 a bug in boardpack. */
export const EXIT = { ok: 0, dataErrors: 1, usage: 2, internal: 70 } as const;

/** Runs one command line and returns its exit code; only the bin calls process.exit. */
export async function main(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  let code: number = EXIT.ok;
  const json = argv.includes('--json');
  const program = new Command('boardpack')
    .description('Turns council performance spreadsheets into the committee scorecard pack.')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run boardpack --help for the commands)');

  program
    .command('validate')
    .description('read the workbooks and print the data-quality report (exit 1 when there are errors)')
    .argument('<input>', 'report.yaml, or a workbook / CSV to read with default settings')
    .option('--period <period>', 'reporting period (id like 2025-03, or label like Mar-25); default: latest')
    .option('--quiet', 'print only errors and warnings, not notes')
    .option('--json', 'print the issues as JSON')
    .action(async (input: string, opts: { period?: string; quiet?: boolean; json?: boolean }) => {
      const report = await loadReport(input, io.fx, opts);
      const { issues } = await analyseReport(report, io.fx);
      if (opts.json)
        io.stdout(`${JSON.stringify({ period: report.period.id, periodReason: report.periodReason, tables: report.scorecard.tables, issues }, null, 2)}\n`);
      else {
        io.stdout(`${formatSummary(report)}\n\n${formatCounts(issues)}\n`);
        const body = formatIssues(issues, { notes: !opts.quiet });
        if (body) io.stdout(`\n${body}\n`);
      }
      code = issues.some((i) => i.severity === 'error') ? EXIT.dataErrors : EXIT.ok;
    });

  program
    .command('assess')
    .description("print each indicator's RAG and direction of travel (exit 0 whatever the RAGs)")
    .argument('<input>', 'report.yaml, or a workbook / CSV to read with default settings')
    .option('--period <period>', 'reporting period; default: latest')
    .option('--json', 'print JSON')
    .action(async (input: string, opts: { period?: string; json?: boolean }) => {
      const report = await loadReport(input, io.fx, opts);
      const analysis = await analyseReport(report, io.fx);
      if (opts.json) io.stdout(`${JSON.stringify(reportJson(report, analysis), null, 2)}\n`);
      else io.stdout(`${formatSummary(report)}\n\n${formatAssessment(analysis)}\n\n${formatCounts(analysis.issues)} (run validate for details)\n`);
    });

  program
    .command('build')
    .description('build the committee pack PDF (exit 1 when the data has errors; nothing is written then)')
    .argument('<input>', 'report.yaml, or a workbook / CSV to read with default settings')
    .option('--period <period>', 'reporting period; default: latest')
    .option('--out <file>', 'write the PDF here instead of output.dir/output.file')
    .option('--timings', 'print the time each stage took (JSON, on stderr)')
    .action(async (input: string, opts: { period?: string; out?: string; timings?: boolean }) => {
      const started = performance.now();
      const { buildPack } = await import('../build.js');
      const result = await buildPack(input, io.fx, opts);
      const warnings = result.issues.filter((i) => i.severity === 'warning').length;
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      const shown = relative(process.cwd(), result.path);
      io.stdout(
        `Wrote ${shown === '' || shown.startsWith('..') ? result.path : shown} (${result.pages} pages, ${Math.round(result.bytes / 1024)} KB, ${result.charts} charts) in ${seconds} s\nReporting period ${result.report.period.label}: ${result.report.periodReason}.\n`,
      );
      // What only a build finds (a chart that could not be drawn) is said here; validate lists the rest.
      const drawing = result.issues.filter((i) => i.code === 'chart-not-drawn');
      if (drawing.length > 0) io.stdout(`\n${formatIssues(drawing, { notes: false })}\n\n`);
      const data = warnings - drawing.length;
      if (data > 0) io.stdout(`${data} warning${data === 1 ? '' : 's'} about the data: run boardpack validate ${input} to see them.\n`);
      if (opts.timings) {
        const startup = Math.round(started);
        io.stderr(
          `${JSON.stringify({ startup, ...result.timings, total: Math.round(performance.now()), pages: result.pages, bytes: result.bytes, chartCount: result.charts, indicators: result.report.scorecard.indicators.length, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
        );
      }
    });

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
    if (known) return report(known, io, json);
    const err = e instanceof Error ? e : new Error(String(e));
    io.stderr(
      `boardpack hit an internal error: ${err.message}\nThis is a bug in boardpack, not in your data. Please report it with this trace:\n${err.stack ?? ''}\n`,
    );
    return EXIT.internal;
  }
}

function report(e: BoardpackError, io: Io, json: boolean): number {
  io.stderr(`error ${e.code}${e.at ? `  ${e.at}` : ''}\n${indent(e.message)}\n${e.hint ? `${indent(`fix: ${e.hint}`)}\n` : ''}`);
  if (e.issues.length > 0) io.stderr(`\nAlso found:\n\n${formatIssues(e.issues, { notes: true })}\n`);
  // Scripts that asked for JSON get the failure as JSON too.
  if (json && e.data)
    io.stdout(`${JSON.stringify({ error: { code: e.code, message: e.message, at: e.at ?? null, hint: e.hint ?? null }, issues: e.issues }, null, 2)}\n`);
  return e.data ? EXIT.dataErrors : EXIT.usage;
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
