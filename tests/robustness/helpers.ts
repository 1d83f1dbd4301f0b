import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, constants as zlibConstants, deflateRawSync } from 'node:zlib';
import * as XLSX from 'xlsx';
import { expect } from 'vitest';
import { repoDir } from '../helpers/examples.js';

const BIN = join(repoDir, 'bin/boardpack.js');

/**
 * The bin runs the compiled dist/; compile it when src/ has changed since. Test files run in
 * parallel, so one compiles while the others wait on a lock folder, then find dist/ fresh.
 */
export async function ensureBuilt(): Promise<void> {
  const built = join(repoDir, 'dist/cli/main.js');
  const newest = (dir: string): number =>
    Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));
  const fresh = () => existsSync(built) && statSync(built).mtimeMs >= newest(join(repoDir, 'src'));
  const lock = join(repoDir, '.vitest/build.lock');
  mkdirSync(join(repoDir, '.vitest'), { recursive: true });
  for (let waited = 0; !fresh(); waited += 200) {
    try {
      mkdirSync(lock);
    } catch {
      // Another test file is compiling; a lock older than two minutes is a killed run's.
      if (waited > 120_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    try {
      execFileSync(process.execPath, [join(repoDir, 'node_modules/typescript/bin/tsc'), '-p', join(repoDir, 'tsconfig.build.json')], {
        cwd: repoDir,
        stdio: 'pipe',
      });
    } catch {
      // tsc still writes JavaScript when types are off somewhere; whether the CLI runs is the test's question.
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
    return;
  }
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Runs the real command line in its own process. A run that outlives `timeoutMs` is killed and
 * comes back with signal SIGKILL, so a hang fails the test instead of stalling the suite.
 */
export function cli(args: string[], options: { env?: Record<string, string | undefined>; cwd?: string; timeoutMs?: number } = {}): Promise<CliRun> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? repoDir,
      env: { ...process.env, SOURCE_DATE_EPOCH: '1767225600', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => void (stdout += d));
    child.stderr.on('data', (d) => void (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 10_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** A refusal: the exit code, our error code and the name it gives, no stack trace, no internal error. */
export function expectRefused(r: CliRun, code: 1 | 2, error: string, names: string | RegExp): void {
  expect(r.signal, `killed: it hung\n${r.stderr}`).toBeNull();
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr).toContain(`error ${error}`);
  if (typeof names === 'string') expect(r.stderr).toContain(names);
  else expect(r.stderr).toMatch(names);
  expectNoStack(r);
}

export function expectNoStack(r: CliRun): void {
  for (const text of [r.stdout, r.stderr]) {
    expect(text).not.toMatch(/\n\s+at .+[:(]/);
    expect(text).not.toContain('internal error');
  }
}

/** The sample's tidy CSVs copied into `dir`: a small report that reads and builds. */
export function copyTidyCsv(dir: string): void {
  for (const name of ['Indicators.csv', 'Values.csv', 'Commentary.csv']) copyFileSync(join(repoDir, 'tests/fixtures/tidy-csv', name), join(dir, name));
}

// -------------------------------------------------------------------------------------------- zips

export interface ZipEntry {
  name: string;
  /** Stored as deflate; `size` and `crc` are what it unpacks to (a test may make them lie). */
  deflated: Uint8Array;
  size: number;
  crc: number;
}

export const entry = (name: string, data: Uint8Array): ZipEntry => ({ name, deflated: deflateRawSync(data), size: data.byteLength, crc: crc32(data) });

/** A plain zip of deflated entries, as Excel writes one (no ZIP64, no data descriptors). */
export function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.deflated.byteLength, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(e.crc >>> 0, 16);
    central.writeUInt32LE(e.deflated.byteLength, 20);
    central.writeUInt32LE(e.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, Buffer.from(e.deflated));
    centrals.push(central, name);
    offset += 30 + name.length + e.deflated.byteLength;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A small valid workbook's entries, as SheetJS writes them. */
export function workbookEntries(
  rows: unknown[][] = [
    ['ID', 'Measure', 'Apr-24', 'May-24'],
    ['1', 'Thing', 5, 6],
  ],
): Map<string, Uint8Array> {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'Scorecard');
  // SheetJS types its bundled zip reader as `any`; this is the part of it used here.
  const container = XLSX.CFB.read(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }), { type: 'buffer' }) as {
    FullPaths: string[];
    FileIndex: Array<{ type: number; content?: ArrayLike<number> }>;
  };
  const out = new Map<string, Uint8Array>();
  container.FileIndex.forEach((f, i) => {
    const path = container.FullPaths[i]!.replace(/^Root Entry\//, '');
    if (f.type === 2 && !path.includes('\u0001') && f.content) out.set(path, Uint8Array.from(f.content));
  });
  return out;
}

/**
 * `xml` with `padding` spaces after its first tag, deflated without ever holding the padding: the
 * same flushed block of spaces is repeated (a full flush resets the compressor, so each copy is the
 * same bytes). Hundreds of megabytes compress to a few hundred kilobytes in milliseconds.
 */
export function paddedXml(name: string, xml: Uint8Array, padding: number): ZipEntry {
  const text = Buffer.from(xml).toString('utf8');
  const cut = text.indexOf('>', text.indexOf('<worksheet')) + 1;
  const head = Buffer.from(text.slice(0, cut));
  const tail = Buffer.from(text.slice(cut));
  const block = 1 << 20;
  const spaces = Buffer.alloc(block, 0x20);
  const copies = Math.floor(padding / block);
  const flushed = (b: Buffer) => deflateRawSync(b, { finishFlush: zlibConstants.Z_FULL_FLUSH });
  const spaceBlock = flushed(spaces);
  const parts = [flushed(head), ...Array.from({ length: copies }, () => spaceBlock), deflateRawSync(tail)];
  let crc = crc32(head);
  for (let i = 0; i < copies; i++) crc = crc32(spaces, crc);
  crc = crc32(tail, crc);
  return { name, deflated: Buffer.concat(parts), size: head.length + copies * block + tail.length, crc };
}
