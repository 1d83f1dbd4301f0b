#!/usr/bin/env node
// The only place that decides the exit code; everything else returns one.
// CommonJS (see bin/package.json), like the bundle it loads: no ES module loader to start.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { setFlagsFromString } = require('node:v8');

// V8 optimises a function once it has run for a while; a build is short, and it spent as much CPU
// optimising code as it saved. Waiting about four times as long (measured with `npm run bench`:
// 60 indicators 1.37 → 1.16 s, 250 2.57 → 2.05 s, 1,000 5.74 → 5.16 s) optimises only the code
// that runs hot. Set before any of boardpack is loaded; it changes speed only, never results.
setFlagsFromString('--interrupt-budget=524288');

const bundle = join(__dirname, '..', 'dist', 'cli', 'main.cjs');
if (!existsSync(bundle)) {
  process.stderr.write('boardpack is not built yet: run `npm install` (or `npm run build`) in the boardpack folder first.\n');
  process.exit(70);
}
const { loadCli } = require('../dist/cli/compileCache.cjs');
const command = process.argv.slice(2).find((a) => !a.startsWith('-')) ?? '';
const loaded = loadCli(bundle, command);
const cli = loaded.cli;
// A reader that stops early (`boardpack assess x.xlsx --json | head`) has what it wanted.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}
// With --log-format json every line on stderr is a JSON record, these too.
const jsonLog = cli.logFormatOf(process.argv.slice(2)) === 'json';
const say = (level, stage, message) =>
  process.stderr.write(jsonLog ? `${JSON.stringify(cli.jsonLine({ level, stage, message }, new Date()))}\n` : `${message}\n`);
// Stopped by Ctrl-C or a scheduler: no half-written file is left (the previous pack stays as it was).
// A running `schedule` is asked to stop first (the build under way finishes); a second signal stops
// at once. It rides out SIGHUP (a closed terminal), as it would under nohup.
let asked = false;
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
]) {
  process.on(signal, () => {
    if (signal === 'SIGHUP' && cli.scheduleRunning()) {
      say('info', 'schedule', 'SIGHUP ignored: the schedule goes on (stop it with SIGTERM or Ctrl-C)');
      return;
    }
    if (!asked && cli.stopSchedule()) {
      asked = true;
      return;
    }
    // The pack and its manifest are already in place: stopped after the work, not during it.
    if (!cli.scheduleRunning() && cli.writesDone()) {
      say('info', 'stopped', `boardpack was stopped (${signal}) after it had written the pack, which is whole.`);
      process.exit(0);
    }
    cli.removePartialFiles();
    say('error', 'stopped', `boardpack was stopped (${signal}) before it finished; no partial file is left.`);
    process.exit(code);
  });
}
// main() returns an exit code for everything it can foresee; what escapes it is a bug (exit 70, with
// the trace to report), never Node's default exit 1, which would read as "the data has errors".
const internal = (e) => {
  cli.removePartialFiles();
  say('error', 'internal', cli.internalErrorText(e));
  process.exit(70);
};
process.on('uncaughtException', internal);
process.on('unhandledRejection', internal);
// Not process.exit(): output to a pipe may still be queued, and would be cut off.
cli.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  loaded.saveCache();
}, internal);
