import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** The command line, loaded; `saveCache` is called once its command has run. */
export interface LoadedCli<T> {
  cli: T;
  /** Whether it was compiled from a code cache. */
  cached: boolean;
  /** Writes the code cache if there was none to use: after the command, so that it holds every function the command ran. */
  saveCache(): void;
}

/**
 * Loads the command line's bundle (dist/cli/main.cjs, made by scripts/bundle.mjs) with V8's code
 * cache, as Node 22's module.enableCompileCache() does for modules: the first run of a command
 * compiles as usual and leaves the bytecode of what it ran in a cache file; later runs start from
 * it instead of parsing and compiling ~4 MB of JavaScript. The cache is keyed by the bundle's
 * content, Node's version and the command; V8 refuses one made by another V8 or with other flags,
 * and it is then made again (but not one that was tampered with: see cachePath). Anything that goes wrong with the cache only costs the time it would
 * have saved. NODE_DISABLE_COMPILE_CACHE=1 (Node's own switch) turns it off.
 */
export function loadCli<T>(file: string, command: string): LoadedCli<T> {
  const source = readFileSync(file, 'utf8');
  const cacheFile = cachePath(source, command);
  let cachedData: Buffer | undefined;
  if (cacheFile) {
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      // None yet.
    }
  }
  // CommonJS's own wrapper, on the first line so that line numbers in traces stay the bundle's.
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${source}\n})`;
  const script = new Script(wrapped, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const stale = cachedData === undefined || script.cachedDataRejected === true;
  const module = { exports: {} as T };
  const run = script.runInThisContext() as (exports: T, require: NodeJS.Require, module: { exports: T }, filename: string, dirname: string) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return {
    cli: module.exports,
    cached: !stale,
    saveCache() {
      if (!cacheFile || !stale) return;
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      try {
        mkdirSync(dirname(cacheFile), { recursive: true, mode: 0o700 });
        // Made by someone else meanwhile: not written to.
        if (!ownFolder(dirname(cacheFile))) return;
        writeFileSync(temporary, script.createCachedData());
        renameSync(temporary, cacheFile);
        // One file per command: the caches of earlier bundles (another boardpack, another Node) go.
        const dir = dirname(cacheFile);
        const prefix = `${basename(cacheFile).split('-')[0]}-`;
        for (const f of readdirSync(dir)) if (f.startsWith(prefix) && f.endsWith('.cache') && join(dir, f) !== cacheFile) rmSync(join(dir, f), { force: true });
      } catch {
        try {
          rmSync(temporary, { force: true });
        } catch {
          // Nothing was written.
        }
      }
    },
  };
}

/** A real folder (not a link), this user's, that no one else may write to. */
function ownFolder(dir: string): boolean {
  try {
    const stat = lstatSync(dir);
    return stat.isDirectory() && (!process.getuid || (stat.uid === process.getuid() && (stat.mode & 0o022) === 0));
  } catch {
    return false;
  }
}

/** Where the code cache for this bundle and command lives: a folder of the user's own under the system's temporary folder. */
function cachePath(source: string, command: string): string | null {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return null;
  const user = process.getuid?.() ?? process.env.USERNAME ?? 'user';
  const dir = join(tmpdir(), `boardpack-compile-cache-${user}`);
  // A cache file is code this user will run (V8 checks its version and flags, not who wrote it), so
  // the folder must be this user's own: a real folder (not a link someone planted), not writable by
  // others. Anything else is not used.
  if (existsSync(dir) && !ownFolder(dir)) return null;
  const name = /^[a-z]+$/.test(command) ? command : 'other';
  const key = createHash('sha256').update(`${process.version}\n${process.arch}\n`).update(source).digest('hex').slice(0, 32);
  return join(dir, `${name}-${key}.cache`);
}
