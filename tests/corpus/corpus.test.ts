import fc from 'fast-check';
import { describe, it } from 'vitest';
import { LAYOUTS } from './layouts.js';
import { describeFailure, roundTrip } from './read.js';
import { scorecardArb } from './scorecard.js';

/**
 * The proof that reading is general: one abstract scorecard written in every layout and read back
 * whole — every indicator, title, value with its period, target, stated polarity, section,
 * published status and commentary — with every cell the reader did not use named by a finding.
 *
 * CORPUS_RUNS changes the number of scorecards per layout (200 by default), CORPUS_SEED replaces
 * each layout's fixed seed, and CORPUS_SHRINK_MS bounds the search for a smaller counterexample.
 * To replay a reported failure: CORPUS_SEED=<seed> CORPUS_PATH=<path> npx vitest run tests/corpus/corpus.test.ts -t <layout>
 */
const RUNS = Number(process.env.CORPUS_RUNS ?? 200);
const SHRINK_MS = Number(process.env.CORPUS_SHRINK_MS ?? 2000);
const REPLAY = process.env.CORPUS_PATH ? { path: process.env.CORPUS_PATH, endOnFailure: true } : {};

/** A fixed seed per layout (FNV-1a of its name), so a failure replays exactly from the seed printed. */
function seedOf(name: string): number {
  if (process.env.CORPUS_SEED) return Number(process.env.CORPUS_SEED);
  let h = 0x811c9dc5;
  for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return h | 0;
}

describe('the layout corpus: one scorecard, many layouts, read back whole', () => {
  for (const layout of LAYOUTS) {
    it(layout.name, async () => {
      let failedAt: number | null = null;
      const property = fc.asyncProperty(scorecardArb(layout.options), async (sc) => {
        // After the first failure only shrinking runs; once its time is up the remaining candidates
        // pass unexamined, so the report shows the smallest counterexample found by then.
        if (failedAt !== null && Date.now() - failedAt > SHRINK_MS) return;
        const output = layout.write(sc);
        const { problems, scorecard } = await roundTrip(output);
        if (problems.length === 0) return;
        failedAt ??= Date.now();
        throw new Error(describeFailure(layout.name, output.book, problems, scorecard));
      });
      await fc.assert(property, { numRuns: RUNS, seed: seedOf(layout.name), ...REPLAY });
    }, 180_000);
  }
});
