import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repoDir } from '../helpers/examples.js';

// Each load is a process of its own, as each run of the bin is: within one process V8 compiles a
// script it has seen from memory, whatever cache it is given. The loader is the compiled one the
// bin requires. It keeps its cache under os.tmpdir(), which follows TMPDIR: each test has its own.
let dir: string;
let bundle: string;
const LOADER = join(repoDir, 'dist/cli/compileCache.cjs');
const load = (command: string, env: Record<string, string> = {}) =>
  JSON.parse(
    execFileSync(
      process.execPath,
      [
        '-e',
        `const l = require(${JSON.stringify(LOADER)}).loadCli(${JSON.stringify(bundle)}, ${JSON.stringify(command)}); l.saveCache(); console.log(JSON.stringify({ answer: l.cli.answer(), name: l.cli.name, cached: l.cached }));`,
      ],
      { encoding: 'utf8', env: { ...process.env, TMPDIR: join(dir, 'tmp'), NODE_DISABLE_COMPILE_CACHE: '', ...env } },
    ),
  ) as { answer: number; name: string; cached: boolean };
const cacheFolder = () => join(dir, 'tmp', `boardpack-compile-cache-${process.getuid?.() ?? process.env.USERNAME ?? 'user'}`);
const cacheFiles = () => {
  try {
    return readdirSync(cacheFolder()).sort();
  } catch {
    return [];
  }
};
const source = (answer: number) =>
  `const { basename } = require('node:path');\nfunction answer() { return ${answer}; }\nmodule.exports = { answer, name: basename(__filename) };\n`;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bp-cache-'));
  bundle = join(dir, 'main.cjs');
  writeFileSync(bundle, source(42));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('loadCli: the bundle compiled from a code cache', () => {
  it('runs the bundle as a CommonJS module, writes a cache after the first run and compiles from it after that', () => {
    expect(load('build')).toEqual({ answer: 42, name: 'main.cjs', cached: false });
    expect(cacheFiles()).toEqual([expect.stringMatching(/^build-[0-9a-f]{32}\.cache$/)]);
    expect(load('build')).toEqual({ answer: 42, name: 'main.cjs', cached: true });
  });

  it('keeps a cache per command, and one only: a changed bundle replaces its command’s old cache', () => {
    load('build');
    load('validate');
    expect(cacheFiles().map((f) => f.split('-')[0])).toEqual(['build', 'validate']);
    const before = cacheFiles()[0];
    writeFileSync(bundle, source(43));
    expect(load('build')).toMatchObject({ answer: 43, cached: false });
    expect(cacheFiles().map((f) => f.split('-')[0])).toEqual(['build', 'validate']);
    expect(cacheFiles()).not.toContain(before);
    expect(load('build')).toMatchObject({ answer: 43, cached: true });
  });

  it('passes over a cache V8 refuses (damaged, or from another V8) and makes it again', () => {
    load('build');
    const [file] = cacheFiles();
    writeFileSync(join(cacheFolder(), file!), 'not a code cache');
    expect(load('build')).toMatchObject({ answer: 42, cached: false });
    expect(load('build')).toMatchObject({ answer: 42, cached: true });
  });

  it('writes nothing with NODE_DISABLE_COMPILE_CACHE set, as Node’s own cache does not', () => {
    expect(load('build', { NODE_DISABLE_COMPILE_CACHE: '1' })).toMatchObject({ answer: 42, cached: false });
    expect(cacheFiles()).toEqual([]);
  });

  it('names an unknown command "other", so what the user typed never becomes a file name', () => {
    load('../../etc');
    expect(cacheFiles()).toEqual([expect.stringMatching(/^other-[0-9a-f]{32}\.cache$/)]);
  });

  it('loads the bundle when the cache folder cannot be written', () => {
    writeFileSync(join(dir, 'tmp'), 'a file where the folder would go');
    expect(load('build')).toMatchObject({ answer: 42, cached: false });
  });

  it.runIf(process.platform !== 'win32')('uses no folder others could have written to: one writable by others, or a link to one', () => {
    mkdirSync(cacheFolder(), { recursive: true });
    chmodSync(cacheFolder(), 0o777);
    expect(load('build')).toMatchObject({ answer: 42, cached: false });
    expect(cacheFiles()).toEqual([]);
    rmSync(cacheFolder(), { recursive: true });
    const elsewhere = join(dir, 'elsewhere');
    mkdirSync(elsewhere, { mode: 0o700 });
    symlinkSync(elsewhere, cacheFolder());
    expect(load('build')).toMatchObject({ answer: 42, cached: false });
    expect(readdirSync(elsewhere)).toEqual([]);
  });
});
