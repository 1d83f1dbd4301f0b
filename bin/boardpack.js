#!/usr/bin/env node
// The only place that exits; everything else returns an exit code.
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
const code = await main(process.argv.slice(2));
// Exit now rather than wait for a large heap and worker threads to wind down; output to files
// and pipes is already written (it is synchronous on POSIX), and a TTY's is flushed below.
if (process.stdout.isTTY || process.stderr.isTTY) {
  process.exitCode = code;
} else {
  process.exit(code);
}
