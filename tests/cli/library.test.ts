import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeEffects } from '../../src/effects.js';
import { initReport } from '../../src/init.js';
import { repoDir } from '../helpers/examples.js';
import { tempDir } from '../helpers/workbooks.js';
import { ensureBuilt } from '../robustness/helpers.js';

/** The README's library example, exactly as written there (the ```js example block). */
function readmeExample(): string {
  const readme = readFileSync(join(repoDir, 'README.md'), 'utf8');
  const found = /```js example\n([\s\S]*?)```/.exec(readme);
  if (!found) throw new Error('README.md has no ```js example block');
  return found[1]!;
}

describe("the README's library example", () => {
  beforeAll(ensureBuilt, 300_000);

  it('runs as written, from a folder made by init, with boardpack installed there', { timeout: 60_000 }, async () => {
    const dir = join(tempDir(), 'report');
    await initReport(dir, nodeEffects);
    // As `npm install boardpack` would leave it: the package under node_modules.
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(repoDir, join(dir, 'node_modules', 'boardpack'), 'dir');
    writeFileSync(join(dir, 'build.mjs'), readmeExample());
    const r = spawnSync(process.execPath, ['build.mjs'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 50_000,
      env: { ...process.env, SOURCE_DATE_EPOCH: '1767225600' },
    });
    expect(r.status, r.stderr).toBe(0);
    const [first, second] = r.stdout.trim().split('\n');
    expect(first).toMatch(/^Mar-26: 11 pages, 2 red, \d+ findings$/);
    expect(readFileSync(join(dir, 'committee-pack.pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const written = join(dir, 'output', 'corporate-scorecard-2026-03.pdf');
    expect(second).toMatch(new RegExp(`^${written.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} [0-9a-f]{64}$`));
    expect(existsSync(join(dir, 'output', 'corporate-scorecard-2026-03.manifest.json'))).toBe(true);
  });
});
