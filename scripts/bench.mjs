// npm run bench: builds invented packs of 60, 250 and 1,000 indicators × 12 months as a user would
// (the CLI, a fresh process each time) and typesets the same packs with Typst
// (scripts/bench-typst.mjs, also a fresh process each time), run by run in turn (boardpack run 1,
// Typst run 1, boardpack run 2, …) so the noise of a shared machine hits both alike, and prints
// medians and their ratio. Figures, not a test: read medians and compare like with like.
//
// BENCH_SIZES=60,250,1000 (add 10000 for the memory check), BENCH_RUNS=3, BENCH_TYPST=0 to skip Typst.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateWorkbook, writeWorkbook } from './generate.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = join(root, '.bench');
const sizes = (process.env.BENCH_SIZES ?? '60,250,1000').split(',').map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const withTypst = process.env.BENCH_TYPST !== '0';
// The budget, as ratios to Typst measured in the same run: boardpack's speed at least this share of
// Typst's; peak RSS and PDF bytes no more than Typst's; ms per indicator at 1,000 no more than at 250.
const SPEED = { 60: 0.33, 250: 0.5, 1000: 0.5 };
const BIG = { n: 10000, rssMB: 2048 };
const organisation = 'Northbridge Borough Council';
const committee = 'Children and Families Committee';

let typstVersion = null;
if (withTypst) {
  try {
    const require = createRequire(import.meta.url);
    typstVersion = JSON.parse(readFileSync(require.resolve('@myriaddreamin/typst-ts-node-compiler/package.json'), 'utf8')).version;
  } catch {
    console.error(
      'The Typst comparison needs the dev dependency @myriaddreamin/typst-ts-node-compiler, which is not installed: run npm install (or set BENCH_TYPST=0 to bench boardpack alone).',
    );
    process.exit(1);
  }
}

mkdirSync(join(dir, 'out'), { recursive: true });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs a command in a fresh process and times it from spawn to exit. */
function timed(args, env = process.env) {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env, maxBuffer: 1 << 30 });
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) {
    console.error(`${args.join(' ')} exited ${r.status}\n${r.stdout}${r.stderr}`);
    process.exit(1);
  }
  return { wall, r };
}
const lastJson = (text) =>
  JSON.parse(
    text
      .trim()
      .split('\n')
      .findLast((l) => l.startsWith('{')),
  );

const rows = [];
for (const n of sizes) {
  writeWorkbook(generateWorkbook({ count: n, seed: 2025 }), join(dir, `kpis-${n}.xlsx`));
  const config = join(dir, `report-${n}.yaml`);
  const title = `Benchmark ${n}`;
  writeFileSync(
    config,
    // A folder per size: a build reads the manifests in its folder (for "changes since the last
    // pack"), and another size's, of 10,000 indicators, would be timed as this one's.
    `title: ${title}\norganisation: ${organisation}\ncommittee: ${committee}\nsources: [{ file: kpis-${n}.xlsx, layout: tidy }]\noutput: { dir: out/${n}, file: "bench-${n}.pdf" }\n`,
  );
  // Typst is given what boardpack has once it has read and assessed the workbook, made once here and
  // not timed: its runs are charged only for turning that data into a document.
  const assessed = join(dir, `assessed-${n}.json`);
  if (withTypst) {
    const { r } = timed([join(root, 'bin/boardpack.js'), 'assess', config, '--json', '--quiet']);
    writeFileSync(assessed, r.stdout);
  }
  const samples = [];
  const typst = [];
  for (let i = 0; i < runs; i++) {
    const bp = timed([join(root, 'bin/boardpack.js'), 'build', config, '--timings'], { ...process.env, SOURCE_DATE_EPOCH: '1774000000' });
    samples.push({ wall: bp.wall, ...lastJson(bp.r.stderr) });
    let line = `  ${n} indicators, run ${i + 1}/${runs}: boardpack ${Math.round(bp.wall)} ms`;
    if (withTypst) {
      const ty = timed([
        join(root, 'scripts/bench-typst.mjs'),
        assessed,
        join(dir, 'out', `typst-${n}.pdf`),
        '--title',
        title,
        '--organisation',
        organisation,
        '--committee',
        committee,
      ]);
      typst.push({ wall: ty.wall, ...lastJson(ty.r.stdout) });
      line += `, Typst ${Math.round(ty.wall)} ms (boardpack at ${(ty.wall / bp.wall).toFixed(2)}× Typst's speed)`;
    }
    process.stderr.write(`${line}\n`);
  }
  rows.push({ n, samples, typst });
}

const pad = (s, w) => String(s).padStart(w);
const table = (head, lines) => {
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => String(l[i]).length)));
  console.log(head.map((h, i) => pad(h, widths[i])).join('  '));
  for (const l of lines) console.log(l.map((c, i) => pad(c, widths[i])).join('  '));
};
const med = (xs, key) => median(xs.map((x) => x[key] ?? 0));
const cpu = cpus()[0]?.model?.trim() ?? 'unknown CPU';
console.log(
  `\n${runs} runs each${withTypst ? ', interleaved' : ''}, medians; whole processes, spawn to exit. ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${availableParallelism()} cores (${cpu})${withTypst ? `, @myriaddreamin/typst-ts-node-compiler ${typstVersion}` : ''}\n`,
);
if (withTypst)
  console.log(
    "Typst reads boardpack's assessed report (`boardpack assess --json`, made once per size, not timed), so it is not charged for reading the workbook or for assessing and wording it.\n",
  );
const stats = rows.map(({ n, samples, typst }) => ({
  n,
  pages: samples[0].pages,
  wall: med(samples, 'wall'),
  rss: med(samples, 'maxRssMB'),
  bytes: samples[0].bytes,
  ty: typst.length ? { pages: typst[0].pages, wall: med(typst, 'wall'), rss: med(typst, 'maxRssMB'), bytes: typst[0].bytes } : null,
}));
const kb = (b) => Math.round(b / 1024);
if (withTypst) {
  table(
    [
      'indicators',
      'pages bp',
      'pages Typst',
      'bp wall ms',
      'Typst wall ms',
      'bp speed ÷ Typst',
      'bp ms/ind',
      'bp peak RSS MB',
      'Typst peak RSS MB',
      'bp PDF KB',
      'Typst PDF KB',
    ],
    stats.map((s) => [
      s.n,
      s.pages,
      s.ty.pages,
      Math.round(s.wall),
      Math.round(s.ty.wall),
      `${(s.ty.wall / s.wall).toFixed(2)}×`,
      (s.wall / s.n).toFixed(1),
      s.rss,
      s.ty.rss,
      kb(s.bytes),
      kb(s.ty.bytes),
    ]),
  );
  console.log();
}
const stages = ['startup', 'read', 'assess and word', 'layout', 'pdf', 'charts drawn (in parallel)', 'write'];
console.log('boardpack build, stages (ms):');
table(
  ['indicators', 'pages', 'wall ms', 'ms/ind', 'peak RSS MB', 'PDF KB', ...stages],
  rows.map(({ n, samples }, i) => [
    n,
    stats[i].pages,
    Math.round(stats[i].wall),
    (stats[i].wall / n).toFixed(1),
    stats[i].rss,
    kb(stats[i].bytes),
    ...stages.map((s) => Math.round(med(samples, s))),
  ]),
);
if (withTypst) {
  const tyStages = ['startup', 'load typst', 'read', 'markup', 'compile (layout)', 'pdf', 'write'];
  console.log('\nTypst, stages (ms):');
  table(
    ['indicators', ...tyStages, 'markup KB'],
    rows.map(({ n, typst }) => [n, ...tyStages.map((s) => Math.round(med(typst, s))), typst[0].sourceKB]),
  );
}

const yes = (ok) => (ok ? 'yes' : 'NO');
console.log('\nBudget (ratios measured in this run):');
for (const s of stats) {
  const checks = [];
  if (s.ty) {
    const ratio = s.ty.wall / s.wall;
    if (SPEED[s.n]) checks.push(`speed ${ratio.toFixed(2)}× Typst's ≥ ${SPEED[s.n]}×: ${yes(ratio >= SPEED[s.n])}`);
    checks.push(`peak RSS ${s.rss} ≤ ${s.ty.rss} MB: ${yes(s.rss <= s.ty.rss)}`);
    checks.push(`PDF ${kb(s.bytes)} ≤ ${kb(s.ty.bytes)} KB: ${yes(s.bytes <= s.ty.bytes)}`);
  }
  if (s.n === BIG.n) checks.push(`peak RSS ${s.rss} MB < ${BIG.rssMB} MB: ${yes(s.rss < BIG.rssMB)}`);
  if (checks.length) console.log(`  ${s.n} indicators: ${checks.join('; ')}`);
}
const at = (n) => stats.find((s) => s.n === n);
if (at(1000) && at(250)) {
  const a = at(1000).wall / 1000;
  const b = at(250).wall / 250;
  console.log(`  ms per indicator at 1,000 (${a.toFixed(1)}) ≤ at 250 (${b.toFixed(1)}): ${yes(a <= b)}`);
}
if (!withTypst) console.log('  (Typst skipped with BENCH_TYPST=0: no ratios)');
