import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeEffects } from '../../src/effects.js';
import { loadReport } from '../../src/pipeline.js';
import { repoDir } from '../helpers/examples.js';
import { packMisses } from '../helpers/invariant.js';
import { readPdf } from '../helpers/pdf.js';
import { tempDir } from '../helpers/workbooks.js';
import { LAYOUTS, writeLayout } from './layouts.js';
import { allIndicators, scorecardArb } from './scorecard.js';

/**
 * One seeded scorecard per layout, built into a pack by the real command line in its own process,
 * with no report.yaml: what a performance officer does with the workbook they have.
 */

const BIN = join(repoDir, 'bin/boardpack.js');
const SEED = 20_250_331;

/** The bin runs the compiled dist/; compile it when src/ has changed since (as `npm install` would). */
function ensureBuilt(): void {
  const built = join(repoDir, 'dist/cli/main.js');
  const newest = (dir: string): number =>
    Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));
  if (existsSync(built) && statSync(built).mtimeMs >= newest(join(repoDir, 'src'))) return;
  try {
    execFileSync(process.execPath, [join(repoDir, 'node_modules/typescript/bin/tsc'), '-p', join(repoDir, 'tsconfig.build.json')], {
      cwd: repoDir,
      stdio: 'pipe',
    });
  } catch {
    // tsc still writes JavaScript when types are off somewhere; whether the CLI runs is the test's question.
  }
}

function build(path: string, out: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, 'build', path, '--out', out],
      { cwd: repoDir, env: { ...process.env, SOURCE_DATE_EPOCH: '1767225600' } },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

const squash = (s: string) => s.replace(/\s+/g, '');

describe('a pack from each layout, built by the command line', () => {
  beforeAll(ensureBuilt, 300_000);

  for (const layout of LAYOUTS) {
    it(layout.name, async () => {
      const [sc] = fc.sample(scorecardArb(layout.options), { seed: SEED, numRuns: 1 });
      const dir = tempDir();
      const { path } = writeLayout(layout, sc!, dir);
      const out = join(dir, 'pack.pdf');
      const run = await build(path, out);
      expect(run.code, `boardpack build ${layout.name} exited ${run.code}\n${run.stderr}${run.stdout}`).toBe(0);
      expect(existsSync(out)).toBe(true);
      const pdf = await readPdf(out);
      const text = squash(pdf.text);
      const missing = allIndicators(sc!)
        .map((i) => i.title)
        .filter((t) => !text.includes(squash(t)));
      expect(missing, `titles not in the ${layout.name} pack`).toEqual([]);
      // And each indicator the workbook reads as has its scorecard row, detail panel and bookmark.
      const { scorecard } = await loadReport(path, nodeEffects);
      expect(packMisses(pdf, scorecard.indicators), `indicators missing from the ${layout.name} pack`).toEqual([]);
    }, 90_000);
  }
});
