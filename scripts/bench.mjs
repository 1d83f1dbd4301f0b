// npm run bench: builds invented packs of 60, 250 and 1,000 indicators × 12 months as a user would
// (the CLI, a fresh process each time) and prints medians of several runs. Figures, not a test: the
// machines are shared and noisy, so read medians and compare like with like.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateWorkbook, writeWorkbook } from './generate.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = join(root, '.bench');
const sizes = (process.env.BENCH_SIZES ?? '60,250,1000').split(',').map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const BUDGET = { 60: { wallMs: 1500 }, 1000: { wallMs: 15000, rssMB: 600 } };

mkdirSync(dir, { recursive: true });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
for (const n of sizes) {
  writeWorkbook(generateWorkbook({ count: n, seed: 2025 }), join(dir, `kpis-${n}.xlsx`));
  const config = join(dir, `report-${n}.yaml`);
  writeFileSync(
    config,
    `title: Benchmark ${n}\norganisation: Northbridge Borough Council\ncommittee: Children and Families Committee\nsources: [{ file: kpis-${n}.xlsx, layout: tidy }]\noutput: { dir: out, file: "bench-${n}.pdf" }\n`,
  );
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [join(root, 'bin/boardpack.js'), 'build', config, '--timings'], {
      encoding: 'utf8',
      env: { ...process.env, SOURCE_DATE_EPOCH: '1774000000' },
    });
    const wall = Number(process.hrtime.bigint() - started) / 1e6;
    if (r.status !== 0) {
      console.error(r.stdout, r.stderr);
      process.exit(1);
    }
    const timings = JSON.parse(
      r.stderr
        .trim()
        .split('\n')
        .find((l) => l.startsWith('{')),
    );
    samples.push({ wall, ...timings });
    process.stderr.write(`  ${n} indicators, run ${i + 1}/${runs}: ${Math.round(wall)} ms\n`);
  }
  rows.push({ n, samples });
}

const stages = ['startup', 'read', 'assess and word', 'layout', 'pdf', 'charts drawn (in parallel)', 'write'];
const pad = (s, w) => String(s).padStart(w);
console.log(`\nboardpack build, ${runs} runs each, medians (node ${process.version}, ${(await import('node:os')).availableParallelism()} cores)\n`);
console.log(
  `${pad('indicators', 10)} ${pad('pages', 6)} ${pad('wall ms', 8)} ${pad('ms/ind', 7)} ${pad('peak RSS MB', 12)} ${pad('PDF KB', 8)}   ${stages.map((s) => `${s} ms`).join(' | ')}`,
);
const perIndicator = {};
for (const { n, samples } of rows) {
  const wall = median(samples.map((s) => s.wall));
  perIndicator[n] = wall / n;
  const stageText = stages.map((s) => Math.round(median(samples.map((x) => x[s] ?? 0)))).join(' | ');
  console.log(
    `${pad(n, 10)} ${pad(samples[0].pages, 6)} ${pad(Math.round(wall), 8)} ${pad((wall / n).toFixed(1), 7)} ${pad(median(samples.map((s) => s.maxRssMB)), 12)} ${pad(Math.round(samples[0].bytes / 1024), 8)}   ${stageText}`,
  );
}
console.log('\nBudget on the 2-core reference machine:');
for (const { n, samples } of rows) {
  const b = BUDGET[n];
  if (!b) continue;
  const wall = median(samples.map((s) => s.wall));
  const rss = median(samples.map((s) => s.maxRssMB));
  const checks = [`wall ${Math.round(wall)} ms ≤ ${b.wallMs}: ${wall <= b.wallMs ? 'yes' : 'NO'}`];
  if (b.rssMB) checks.push(`peak RSS ${rss} MB ≤ ${b.rssMB}: ${rss <= b.rssMB ? 'yes' : 'NO'}`);
  console.log(`  ${n} indicators: ${checks.join('; ')}`);
}
if (perIndicator[1000] && perIndicator[250]) {
  const ratio = perIndicator[1000] / perIndicator[250];
  console.log(`  ms per indicator at 1,000 vs 250: ${ratio.toFixed(2)}× ≤ 1.2×: ${ratio <= 1.2 ? 'yes' : 'NO'}`);
}
