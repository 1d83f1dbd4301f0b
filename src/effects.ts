import { renameSync, rmSync } from 'node:fs';
import { constants, type FileHandle, mkdir, open, readdir, realpath, rm, stat, writeFile } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { BoardpackError } from './errors.js';

/** What is at a path: a regular file, a folder, or something else (a named pipe, a device, a socket). */
export type FileKind = 'file' | 'dir' | 'other';

export interface FileInfo {
  kind: FileKind;
  /** Bytes, for a regular file. */
  size: number;
  /** What it is in words, for a message: "a folder", "a named pipe (FIFO)", "a device". */
  what: string;
}

export interface ReadOptions {
  /** Refuse a file larger than this, before reading it. */
  maxBytes?: number;
}

/** report.yaml, pack.yaml and the templates are a few kilobytes; anything near this is not one. */
export const MAX_TEXT_FILE_BYTES = 1024 * 1024;
/** The most any file is read whole (the workbook limit). */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

/** Everything boardpack does to the outside world, passed in so the pipeline stays testable. */
export interface Effects {
  /**
   * The bytes of a regular file. A folder, a named pipe or a device is refused without waiting on
   * it, and a file larger than `maxBytes` (default MAX_FILE_BYTES) before it is read.
   */
  readFile(path: string, options?: ReadOptions): Promise<Uint8Array>;
  /** A regular file as UTF-8 text; as readFile, with `maxBytes` MAX_TEXT_FILE_BYTES by default. */
  readText(path: string, options?: ReadOptions): Promise<string>;
  readdir(path: string): Promise<string[]>;
  /** 'file', 'dir', 'other' (a pipe, device or socket), or null when nothing is there. Follows symlinks. */
  kind(path: string): Promise<FileKind | null>;
  /** What is at a path and its size, or null when nothing is there. Follows symlinks. */
  stat(path: string): Promise<FileInfo | null>;
  /** The path with every symlink and `..` resolved, or null when nothing is there. */
  realpath(path: string): Promise<string | null>;
  /**
   * Makes sure `path` can be written before any expensive work: creates its folder, and writes
   * and removes a probe file there. (Temporary files a killed run left are removed when the files
   * are written, under the folder's lock: see writeFilesAtomic.)
   */
  prepareWrite(path: string): Promise<void>;
  /** Writes through a temporary file and a rename, so a failed run never leaves half a file. */
  writeFileAtomic(path: string, data: Uint8Array | string): Promise<void>;
  /**
   * Writes several files as one: every temporary file is written first, then each is renamed into
   * place, so a failed run leaves none of them (a pack and its manifest always match).
   */
  writeFilesAtomic(files: ReadonlyArray<{ path: string; data: Uint8Array | string }>): Promise<void>;
  /**
   * Holds the lock at `path` (a folder made atomically, refreshed while held, taken over when its
   * holder has not refreshed it for LOCK_STALE_MS), waiting up to `waitMs` for another holder; null
   * when another run still holds it after the wait.
   */
  lock(path: string, waitMs: number): Promise<HeldLock | null>;
  now(): Date;
}

export interface HeldLock {
  release(): Promise<void>;
  /** Why the lock was lost while held (another run took it over), or null while it is still ours. */
  lost(): string | null;
}

/**
 * A lock not refreshed for this long is a dead run's, and is taken over. A run refreshes its lock
 * every half of this while its event loop turns; laying out a very large pack blocks the loop for
 * longer than that only past ~5,000 indicators, and then the run finds it lost the lock and stops
 * before writing (output-busy), rather than write at the same time as another.
 */
export const LOCK_STALE_MS = 120_000;

export const nodeEffects: Effects = {
  readFile: (p, options) => readRegular(p, options?.maxBytes ?? MAX_FILE_BYTES),
  readText: async (p, options) => (await readRegular(p, options?.maxBytes ?? MAX_TEXT_FILE_BYTES)).toString('utf8'),
  async readdir(p) {
    try {
      return await readdir(p);
    } catch (e) {
      throw fileError(e, p);
    }
  },
  async kind(p) {
    return (await statOrNull(p))?.kind ?? null;
  },
  stat: statOrNull,
  async realpath(p) {
    try {
      return await realpath(p);
    } catch (e) {
      if (errno(e) === 'ENOENT' || errno(e) === 'ENOTDIR') return null;
      throw fileError(e, p);
    }
  },
  async prepareWrite(path) {
    const dir = dirname(path);
    try {
      await mkdir(dir, { recursive: true });
    } catch (e) {
      throw notWritable(dir, e);
    }
    const target = await statOrNull(path);
    if (target && target.kind !== 'file') {
      throw new BoardpackError('output-write', `The pack would be written to ${path}, but that is ${target.what}.`, {
        at: path,
        hint: 'Give --out (or output.file in report.yaml) the name of a PDF file, not a folder.',
      });
    }
    // Named like the write's own temporary file, so one left by a kill is cleared the same way.
    const probe = `${path}.${process.pid}.probe.tmp`;
    try {
      await writeFile(probe, '');
      await rm(probe, { force: true });
    } catch (e) {
      await rm(probe, { force: true }).catch(() => undefined);
      throw notWritable(dir, e);
    }
  },
  writeFileAtomic: (path, data) => writeTogether([{ path, data }]),
  writeFilesAtomic: writeTogether,
  async lock(path, waitMs) {
    const lockfile = await import('proper-lockfile');
    await mkdir(dirname(path), { recursive: true });
    const deadline = Date.now() + Math.max(0, waitMs);
    let lost: string | null = null;
    for (;;) {
      try {
        const release = await lockfile.lock(path, {
          lockfilePath: path,
          realpath: false,
          stale: LOCK_STALE_MS,
          retries: 0,
          onCompromised: (e: Error) => {
            lost = e.message;
          },
        });
        return { release: () => release().catch(() => undefined), lost: () => lost };
      } catch (e) {
        if (errno(e) !== 'ELOCKED') throw fileError(e, path);
        if (Date.now() >= deadline) return null;
        await new Promise((r) => setTimeout(r, Math.min(250, deadline - Date.now())));
      }
    }
  },
  now: () => new Date(),
};

/**
 * `path` resolved against `base`, when where it really leads (symlinks and `..` followed) is inside
 * `base`; null when nothing is there. A path that leads outside is refused, naming it, so a template
 * pack or a report's folder cannot reach other files by a symlink or a `../`. The path comes back as
 * written, not as the real one, so the names in messages stay the user's.
 */
export async function resolveInside(base: string, path: string, fx: Effects, options: { name?: string; hint?: string } = {}): Promise<string | null> {
  const full = resolve(base, path);
  const [realBase, real] = await Promise.all([fx.realpath(base), fx.realpath(full)]);
  if (real === null) return null;
  if (realBase === null || !within(real, realBase)) {
    const name = options.name ?? path;
    throw new BoardpackError('path-outside-folder', `${name} leads outside its folder ${base} (to ${real}), so boardpack will not read it.`, {
      at: name,
      hint:
        options.hint ??
        'Copy the file into the folder (a symlink or a ../ path that leaves it is not followed), or give its absolute path in report.yaml if it is a data source.',
    });
  }
  return full;
}

/**
 * `resolveInside` for a file that is about to be read: also refused when it is not a regular file
 * (a folder, a named pipe, a device) or is larger than `maxBytes`. Null when nothing is there.
 */
export async function fileInside(
  base: string,
  path: string,
  fx: Effects,
  options: { name?: string; hint?: string; maxBytes?: number } = {},
): Promise<string | null> {
  const full = await resolveInside(base, path, fx, options);
  if (full === null) return null;
  const info = await fx.stat(full);
  if (info === null) return null;
  checkRegular(full, info, options.maxBytes ?? MAX_FILE_BYTES, options.name ?? path);
  return full;
}

/** Throws the refusal for anything but a regular file no larger than `maxBytes`. */
export function checkRegular(path: string, info: FileInfo, maxBytes: number, name = path): void {
  if (info.kind !== 'file') {
    throw new BoardpackError('not-a-file', `${name} is ${info.what}, not a file, so boardpack will not read it.`, {
      at: name,
      hint: 'Point boardpack at the file itself: a saved workbook, CSV or YAML file, not a folder, pipe or device.',
    });
  }
  if (info.size > maxBytes) {
    throw new BoardpackError('file-too-large', `${name} is ${megabytes(info.size)}; boardpack reads files of this kind up to ${megabytes(maxBytes)}.`, {
      at: name,
      hint: 'Check it is the file you meant; a settings or template file is a few kilobytes.',
    });
  }
}

/** Temporary files of writes in progress, removed if the process is told to stop. */
const pending = new Set<string>();
let written = false;
/** Work under way after the pack is written that a signal would cut short (a delivery). */
let following = 0;

/**
 * Whether this process has put its files in place and has no write (or delivery) under way: a
 * signal that comes now finds the pack written, not stopped part-way (the bin exits 0 then).
 */
export const writesDone = (): boolean => written && pending.size === 0 && following === 0;

/**
 * Runs `work` (delivering a pack, say) as part of the run: a signal that comes meanwhile is not
 * taken for one that came after the run's work was done.
 */
export async function asPartOfRun<T>(work: () => Promise<T>): Promise<T> {
  following++;
  try {
    return await work();
  } finally {
    following--;
  }
}

/**
 * Every file to a temporary beside it, then each renamed into place in order: nothing is replaced
 * until all are written. Temporaries a killed run left beside them go first (the caller holds the
 * folder's lock, so none of them is another run's).
 */
async function writeTogether(files: ReadonlyArray<{ path: string; data: Uint8Array | string }>): Promise<void> {
  const temps = files.map((f) => temporaryName(f.path));
  for (const tmp of temps) pending.add(tmp);
  let renamed = 0;
  try {
    for (const [i, f] of files.entries()) {
      await mkdir(dirname(f.path), { recursive: true });
      await removeStaleTemporaries(f.path);
      await writeFile(temps[i]!, f.data);
    }
    // One after the other with nothing between, so a signal (handled between tasks) never lands
    // between them: the pack and its manifest are replaced together, or the run stops before.
    for (const [i, f] of files.entries()) {
      renameSync(temps[i]!, f.path);
      renamed++;
    }
    written = true;
  } catch (e) {
    for (const tmp of temps) await rm(tmp, { force: true });
    if (renamed === 0) throw e;
    // Rare (a file held open by another program): say what was replaced and what was not.
    const done = files.slice(0, renamed).map((f) => f.path);
    const left = files.slice(renamed).map((f) => f.path);
    throw Object.assign(e as Error, { message: `${(e as Error).message}; ${done.join(', ')} was replaced, ${left.join(', ')} was not` });
  } finally {
    for (const tmp of temps) pending.delete(tmp);
  }
}

/**
 * Removes the temporary files of writes in progress. The bin calls it on SIGINT or SIGTERM, so an
 * interrupted build leaves no partial file (the previous pack is untouched, as the rename never ran).
 */
export function removePartialFiles(): void {
  for (const tmp of pending) rmSync(tmp, { force: true });
  pending.clear();
}

const temporaryName = (path: string) => `${path}.${process.pid}.tmp`;

/** `pack.pdf.<pid>.tmp` (and `.probe.tmp`) files beside `path` whose process is gone: what a killed run leaves. */
async function removeStaleTemporaries(path: string): Promise<void> {
  const name = basename(path);
  let entries: string[];
  try {
    entries = await readdir(dirname(path));
  } catch {
    return;
  }
  for (const entry of entries) {
    const pid = Number((entry.startsWith(`${name}.`) && /^(\d{1,10})(\.probe)?\.tmp$/.exec(entry.slice(name.length + 1))?.[1]) || NaN);
    if (!(pid > 0) || pid === process.pid || running(pid)) continue;
    await rm(resolve(dirname(path), entry), { force: true }).catch(() => undefined);
  }
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it runs, as another user.
    return errno(e) !== 'ESRCH';
  }
}

async function statOrNull(path: string): Promise<FileInfo | null> {
  let s: Stats;
  try {
    s = await stat(path);
  } catch (e) {
    if (errno(e) === 'ENOENT' || errno(e) === 'ENOTDIR') return null;
    throw fileError(e, path);
  }
  return describe(s);
}

function describe(s: Stats): FileInfo {
  if (s.isFile()) return { kind: 'file', size: s.size, what: 'a file' };
  if (s.isDirectory()) return { kind: 'dir', size: 0, what: 'a folder' };
  const what = s.isFIFO() ? 'a named pipe (FIFO)' : s.isSocket() ? 'a socket' : s.isCharacterDevice() || s.isBlockDevice() ? 'a device' : 'not a regular file';
  return { kind: 'other', size: 0, what };
}

/**
 * Reads a regular file whole, refusing anything else before waiting on it. It is opened without
 * blocking (opening a named pipe otherwise waits for a writer forever) and checked on the open
 * handle, so what is checked is what is read; a file that grows past the limit as it is read (or a
 * /proc file, whose size says 0) is refused when it does.
 */
async function readRegular(path: string, maxBytes: number): Promise<Buffer> {
  // Checked before opening too, so a device is never opened at all.
  const before = await statOrNull(path);
  if (before !== null) checkRegular(path, before, maxBytes);
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw fileError(e, path);
  }
  try {
    const info = describe(await handle.stat());
    checkRegular(path, info, maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const want = Math.min(info.size > total ? info.size - total : 65536, maxBytes + 1 - total);
      const chunk = Buffer.allocUnsafe(want);
      const { bytesRead } = await handle.read(chunk, 0, want, null);
      if (bytesRead === 0) break;
      chunks.push(bytesRead === want ? chunk : chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) checkRegular(path, { ...info, size: total }, maxBytes);
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  } catch (e) {
    throw e instanceof BoardpackError ? e : fileError(e, path);
  } finally {
    await handle.close();
  }
}

const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | null)?.code;

/** An operating-system error on a path, as our own error naming the path; anything else as it was. */
export function fileError(e: unknown, path: string): unknown {
  const code = errno(e);
  if (typeof code !== 'string' || !/^E[A-Z0-9]+$/.test(code)) return e;
  const reasons: Record<string, [string, string, string]> = {
    ENOENT: ['file-not-found', `${path} does not exist.`, 'Check the path; relative paths are read from the folder report.yaml is in.'],
    ENOTDIR: ['file-not-found', `${path} does not exist (a part of the path is a file, not a folder).`, 'Check the path.'],
    EACCES: ['file-permission', `boardpack is not allowed to read ${path}.`, 'Check the file is readable by the user running boardpack.'],
    EPERM: ['file-permission', `boardpack is not allowed to read ${path}.`, 'Check the file is readable by the user running boardpack.'],
    EISDIR: ['not-a-file', `${path} is a folder, not a file.`, 'Point boardpack at the file itself.'],
    ELOOP: ['file-symlink-loop', `${path} is a symlink that leads round in a loop.`, 'Replace the symlink with the file it should point at.'],
    ENAMETOOLONG: ['file-name-too-long', `The path ${path} is too long for the file system.`, 'Move the files to a folder with a shorter path.'],
    EMFILE: [
      'too-many-open-files',
      `The system ran out of open files while reading ${path}.`,
      'Close other programs, or raise the open-file limit (ulimit -n).',
    ],
    ENFILE: [
      'too-many-open-files',
      `The system ran out of open files while reading ${path}.`,
      'Close other programs, or raise the open-file limit (ulimit -n).',
    ],
  };
  const [c, message, hint] = reasons[code] ?? [
    'file-unreadable',
    `${path} could not be read (${code}: ${(e as Error).message}).`,
    'Check the disk or network share holding it, then run again.',
  ];
  return new BoardpackError(c, message, { at: path, hint, cause: e });
}

/** Why a write failed, in words: `permission denied`, `the disk is full` … */
export function whyNotWritten(e: unknown): string {
  const code = errno(e);
  return code === 'EACCES' || code === 'EPERM'
    ? 'permission denied'
    : code === 'EROFS'
      ? 'the disk is read-only'
      : code === 'ENOSPC'
        ? 'the disk is full'
        : code === 'EEXIST' || code === 'ENOTDIR'
          ? 'a file of that name is in the way of the folder'
          : `${code ?? 'error'}: ${e instanceof Error ? e.message : String(e)}`;
}

function notWritable(dir: string, e: unknown): BoardpackError {
  const why = whyNotWritten(e);
  return new BoardpackError('output-write', `The pack cannot be written to the folder ${dir} (${why}).`, {
    at: dir,
    hint: 'Point output.dir in report.yaml (or --out) at a folder you can write to.',
    cause: e,
  });
}

/** An output folder's lock: `.boardpack.lock` beside the pack. Held while a pack is written, or delivered. */
export const lockPath = (pdf: string): string => join(dirname(pdf), '.boardpack.lock');

/** Every file under a folder (a CSV folder, a template pack), sorted, as absolute paths. */
export async function filesUnder(dir: string, fx: Effects): Promise<string[]> {
  const out: string[] = [];
  for (const name of (await fx.readdir(dir)).sort()) {
    const full = join(dir, name);
    const kind = await fx.kind(full);
    if (kind === 'dir') out.push(...(await filesUnder(full, fx)));
    else if (kind === 'file') out.push(full);
  }
  return out;
}

/** Whether `path` is `dir` or inside it (a name that merely starts with `..` is inside). */
export const within = (path: string, dir: string) => {
  const rel = relative(dir, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
};

const megabytes = (bytes: number) => (bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);
