import { describe, expect, it } from 'vitest';
import { type Io, main } from '../../src/cli/main.js';
import { type Effects, nodeEffects } from '../../src/effects.js';
import { repoDir } from '../helpers/examples.js';

/**
 * Issue 11: an operating-system error on a file (permission denied, a disk gone) is our own message
 * with exit 2, wherever it surfaces; only a true bug is exit 70 with a trace.
 */

async function runWith(fx: Effects, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), fx };
  return { code: await main(argv, io), stdout, stderr };
}

const systemError = (code: string, path: string) =>
  Object.assign(new Error(`${code}: operation failed, open '${path}'`), { code, errno: -13, syscall: 'open', path });

describe('errors from the file system', () => {
  it('are our own message with exit 2, naming the file, never a trace', async () => {
    const input = `${repoDir}tests/fixtures/tidy-csv`;
    for (const [code, words] of [
      ['EACCES', 'is not allowed to read'],
      ['EIO', 'could not be read (EIO'],
      ['EMFILE', 'ran out of open files'],
    ] as const) {
      const fx: Effects = {
        ...nodeEffects,
        readFile: async (path) => {
          throw systemError(code, path);
        },
      };
      const r = await runWith(fx, 'validate', input);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain('tidy-csv/Commentary.csv');
      expect(r.stderr).toContain(words);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stderr).not.toContain('internal error');
    }
  });

  it('leaves a true bug as exit 70 with its trace', async () => {
    const fx: Effects = {
      ...nodeEffects,
      readFile: async () => {
        throw new TypeError('x is not a function');
      },
    };
    const r = await runWith(fx, 'validate', `${repoDir}tests/fixtures/tidy-csv`);
    expect(r.code).toBe(70);
    expect(r.stderr).toContain('internal error: x is not a function');
  });
});
