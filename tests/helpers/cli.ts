import { type Io, main } from '../../src/cli/main.js';
import { nodeEffects } from '../../src/effects.js';

/** Runs the command line in-process, as the bin would, capturing what it prints. */
export async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), fx: nodeEffects };
  return { code: await main(argv, io), stdout, stderr };
}
