import { accessSync, constants, realpathSync } from 'node:fs';
import { delimiter, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { within } from '../effects.js';

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'boardpack.js');

/**
 * How the person running boardpack would run it again, for messages that suggest a command:
 * `boardpack` when that name on the PATH is this boardpack, `npx boardpack` inside the clone
 * (after the quick start it is not on the PATH), and `node <path>/bin/boardpack.js` anywhere else.
 */
export function invocation(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  const bin = real(BIN);
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const name of process.platform === 'win32' ? ['boardpack.cmd', 'boardpack.exe'] : ['boardpack']) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
      } catch {
        continue;
      }
      // npm link and npm install -g put a symlink to this very bin on the PATH.
      if (real(candidate) === bin || process.platform === 'win32') return 'boardpack';
    }
  }
  const root = dirname(dirname(bin));
  if (within(cwd, root)) return 'npx boardpack';
  return `node ${quoteArg(relative(cwd, bin) || bin)}`;
}

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** A path or word as a shell reads it back: quoted only when it must be. */
export const quoteArg = (arg: string): string => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`);
