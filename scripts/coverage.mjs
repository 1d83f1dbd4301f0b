// Statement coverage per src/ folder, from the summary the last `npm test` wrote.
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const summary = JSON.parse(readFileSync(resolve(root, '.vitest/coverage/coverage-summary.json'), 'utf8'));
const folders = new Map();
for (const [file, data] of Object.entries(summary)) {
  if (file === 'total') continue;
  const parts = relative(resolve(root, 'src'), file).split('/');
  const folder = parts.length > 1 ? parts[0] : '(top level)';
  const f = folders.get(folder) ?? { covered: 0, total: 0 };
  f.covered += data.statements.covered;
  f.total += data.statements.total;
  folders.set(folder, f);
}
const pct = (f) => (f.total === 0 ? 100 : (100 * f.covered) / f.total).toFixed(1);
console.log('statement coverage by folder');
for (const [folder, f] of [...folders].sort(([a], [b]) => a.localeCompare(b)))
  console.log(`  ${folder.padEnd(12)} ${pct(f).padStart(5)}%  (${f.covered}/${f.total})`);
const t = summary.total.statements;
console.log(`  ${'total'.padEnd(12)} ${t.pct.toFixed(1).padStart(5)}%  (${t.covered}/${t.total})`);
