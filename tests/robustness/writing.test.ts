import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeEffects, removePartialFiles } from '../../src/effects.js';
import { repoDir } from '../helpers/examples.js';
import { tempDir } from '../helpers/workbooks.js';
import { cli, copyTidyCsv, ensureBuilt, expectNoStack, expectRefused } from './helpers.js';

/**
 * Issue 11: faults in writing. The output folder is checked before the expensive render; a killed
 * build's temporary file is cleared by the next build; a failed or interrupted run leaves the
 * previous pack as it was, and no partial file.
 */

/** Above the largest pid_max Linux allows (2^22), so no process has it. */
const DEAD_PID = 4_194_305;
const OLD_PACK = '%PDF-1.7 the previous pack\n%%EOF\n';
const temporaries = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.tmp'));

describe('writing the pack (the command line)', () => {
  beforeAll(ensureBuilt, 300_000);

  it('fails fast, naming the folder, when the output folder cannot be made or written', async () => {
    const dir = tempDir();
    copyTidyCsv(dir);
    writeFileSync(join(dir, 'taken'), 'a file where the folder should be');
    const r = await cli(['build', dir, '--out', join(dir, 'taken/pack.pdf')]);
    expectRefused(r, 2, `output-write  ${join(dir, 'taken')}`, `The pack cannot be written to the folder ${join(dir, 'taken')}`);
    mkdirSync(join(dir, 'folder.pdf'));
    expectRefused(await cli(['build', dir, '--out', join(dir, 'folder.pdf')]), 2, 'output-write', /folder\.pdf, but that is a folder/);
  });

  it("removes a killed build's temporary file, and only that", async () => {
    const dir = tempDir();
    copyTidyCsv(dir);
    const out = join(dir, 'pack.pdf');
    const stale = `${out}.${DEAD_PID}.tmp`;
    const live = `${out}.${process.pid}.tmp`;
    const probe = `${out}.${DEAD_PID}.probe.tmp`;
    const other = join(dir, `other.pdf.${DEAD_PID}.tmp`);
    for (const f of [stale, probe, live, other]) writeFileSync(f, 'half a pack');
    const r = await cli(['build', dir, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(probe)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(other)).toBe(true);
    expect(readFileSync(out, 'latin1')).toMatch(/^%PDF-[\s\S]*%%EOF\s*$/);
  });

  it('leaves the previous pack untouched when the data has errors', async () => {
    const dir = tempDir();
    copyTidyCsv(dir);
    // A second row for indicator 1 is a duplicate ID: a data error.
    const indicators = readFileSync(join(dir, 'Indicators.csv'), 'utf8');
    writeFileSync(join(dir, 'Indicators.csv'), `${indicators.trimEnd()}\n${indicators.trimEnd().split('\n')[1]}\n`);
    const out = join(dir, 'pack.pdf');
    writeFileSync(out, OLD_PACK);
    const r = await cli(['build', dir, '--out', out]);
    expect(r.code, r.stderr).toBe(1);
    expectNoStack(r);
    expect(readFileSync(out, 'utf8')).toBe(OLD_PACK);
    expect(temporaries(dir)).toEqual([]);
  });

  it('leaves the previous pack whole, and no partial file, whenever a build is stopped', async () => {
    const dir = tempDir();
    copyTidyCsv(dir);
    const out = join(dir, 'pack.pdf');
    for (const delay of [150, 400, 700]) {
      writeFileSync(out, OLD_PACK);
      const child = spawn(process.execPath, [join(repoDir, 'bin/boardpack.js'), 'build', dir, '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => void (stderr += d));
      const timer = setTimeout(() => child.kill('SIGTERM'), delay);
      const [code, signal] = await new Promise<[number | null, string | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
      clearTimeout(timer);
      expect(stderr).not.toMatch(/\n\s+at /);
      // Stopped by boardpack's handler (143): the old pack as it was. Finished first (0): a whole new
      // one. Killed by the signal itself (Node restores the default action while it exits, after the
      // work): either, never part of one.
      const now = readFileSync(out, 'latin1');
      if (code === 0) expect(now).toMatch(/^%PDF-[\s\S]*%%EOF\s*$/);
      else if (code === 143) expect(now).toBe(OLD_PACK);
      else {
        expect(signal, `exit ${code} ${signal}`).toBe('SIGTERM');
        if (now !== OLD_PACK) expect(now).toMatch(/^%PDF-[\s\S]*%%EOF\s*$/);
      }
      expect(temporaries(dir)).toEqual([]);
    }
  });
});

describe('nodeEffects.writeFileAtomic', () => {
  it('never replaces the target with part of a file: the partial file removed on a signal leaves the old one', async () => {
    const dir = tempDir();
    const out = join(dir, 'pack.pdf');
    writeFileSync(out, OLD_PACK);
    const writing = nodeEffects.writeFileAtomic(out, Buffer.alloc(128 * 1024 * 1024, 0x20));
    const settled = writing.then(
      () => 'written',
      () => 'failed',
    );
    // What the bin does on SIGINT or SIGTERM, as soon as the temporary file is there.
    let state: string | undefined;
    void settled.then((s) => (state = s));
    while (state === undefined && temporaries(dir).length === 0) await new Promise((r) => setImmediate(r));
    removePartialFiles();
    expect(await settled).toBe(state ?? 'failed');
    if ((await settled) === 'failed') expect(readFileSync(out, 'utf8')).toBe(OLD_PACK);
    expect(temporaries(dir)).toEqual([]);
  });

  it('prepareWrite creates the folder and leaves no probe behind', async () => {
    const dir = join(tempDir(), 'a/b');
    await nodeEffects.prepareWrite(join(dir, 'pack.pdf'));
    expect(readdirSync(dir)).toEqual([]);
  });
});
