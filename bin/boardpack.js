#!/usr/bin/env node
// The only place that decides the exit code; everything else returns one.
let main;
try {
  ({ main } = await import('../dist/cli/main.js'));
} catch (e) {
  if (e && e.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes('dist')) {
    process.stderr.write('boardpack is not built yet: run `npm install` (or `npm run build`) in the boardpack folder first.\n');
    process.exit(70);
  }
  throw e;
}
// A reader that stops early (`boardpack assess x.xlsx --json | head`) has what it wanted.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}
// Not process.exit(): output to a pipe may still be queued, and would be cut off.
process.exitCode = await main(process.argv.slice(2));
