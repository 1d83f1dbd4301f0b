import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessReport } from '../../src/assess/index.js';
import { parseBand } from '../../src/model/bands.js';
import { type RatedTarget, judge } from '../../src/assess/rag.js';
import { makeIndicator, makeReport, target } from '../helpers/build.js';

const RANK = { green: 0, amber: 1, red: 2 } as const;
const value = fc.double({ min: -1e6, max: 1e6, noNaN: true });
const tolerance = fc.oneof(
  fc.integer({ min: 0, max: 50 }).map((n) => `${n}%`),
  fc.integer({ min: 0, max: 20 }).map((n) => `${n} points`),
);
const floorTarget = fc.record({ value, inclusive: fc.boolean() }).map((t): RatedTarget => ({ kind: 'min', raw: '', ...t }));
const ceilingTarget = fc.record({ value, inclusive: fc.boolean() }).map((t): RatedTarget => ({ kind: 'max', raw: '', ...t }));
const rangeTarget = fc.tuple(value, value).map(([a, b]): RatedTarget => ({ kind: 'range', min: Math.min(a, b), max: Math.max(a, b), raw: '' }));

describe('RAG properties', () => {
  it('raising the value never worsens the RAG of a higher-is-better indicator', () => {
    fc.assert(
      fc.property(fc.oneof(floorTarget, rangeTarget), tolerance, value, value, (t, tol, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const band = parseBand(tol)!;
        expect(RANK[judge(hi, t, band, {}, 'higher').rag]).toBeLessThanOrEqual(RANK[judge(lo, t, band, {}, 'higher').rag]);
      }),
      { numRuns: 3000 },
    );
  });

  it('lowering the value never worsens the RAG of a lower-is-better indicator', () => {
    fc.assert(
      fc.property(fc.oneof(ceilingTarget, rangeTarget), tolerance, value, value, (t, tol, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const band = parseBand(tol)!;
        expect(RANK[judge(lo, t, band, {}, 'lower').rag]).toBeLessThanOrEqual(RANK[judge(hi, t, band, {}, 'lower').rag]);
      }),
      { numRuns: 3000 },
    );
  });

  it('a tolerance of zero gives no amber', () => {
    fc.assert(
      fc.property(fc.oneof(floorTarget, ceilingTarget, rangeTarget), value, fc.constantFrom('0%', '0 points'), (t, v, tol) => {
        expect(judge(v, t, parseBand(tol)!).rag).not.toBe('amber');
      }),
      { numRuns: 3000 },
    );
  });

  it('a wider tolerance never makes a RAG worse', () => {
    fc.assert(
      fc.property(fc.oneof(floorTarget, ceilingTarget, rangeTarget), value, fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }), (t, v, a, b) => {
        const [narrow, wide] = a <= b ? [a, b] : [b, a];
        expect(RANK[judge(v, t, parseBand(`${wide}%`)!).rag]).toBeLessThanOrEqual(RANK[judge(v, t, parseBand(`${narrow}%`)!).rag]);
      }),
      { numRuns: 3000 },
    );
  });

  it('never computes a RAG or direction from a suppressed or missing value', () => {
    const marker = fc.constantFrom('suppressed', 'Supressed', 'NYC', '-', '', 'N/A', 'Not reported', 'Data currently unavailable');
    const figure = fc.integer({ min: 0, max: 100 }).map((n) => `${n}%`);
    fc.assert(
      fc.property(
        fc.array(fc.oneof(figure, marker), { minLength: 12, maxLength: 12 }),
        marker,
        fc.constantFrom('90%', 'below 10%', '40-60%'),
        (cells, last, raw) => {
          const labels = ['Apr-24', 'May-24', 'Jun-24', 'Jul-24', 'Aug-24', 'Sep-24', 'Oct-24', 'Nov-24', 'Dec-24', 'Jan-25', 'Feb-25', 'Mar-25'];
          const series = Object.fromEntries(labels.map((l, i) => [l, i === 11 ? last : cells[i]!]));
          const r = assessReport(makeReport([makeIndicator({ id: 'P', series, unit: '%', polarity: 'higher', target: target(raw) })], '', 'Mar-25'));
          expect(r.indicators[0]!.rag).toBe('no-data');
          expect(r.indicators[0]!.current).toBeNull();
          expect(r.indicators[0]!.direction).toBe('not-comparable');
        },
      ),
      { numRuns: 500 },
    );
  });
});
