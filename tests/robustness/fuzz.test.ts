import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import fc from 'fast-check';
import * as XLSX from 'xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import { assessReport } from '../../src/assess/index.js';
import { nodeEffects } from '../../src/effects.js';
import { isBoardpackError } from '../../src/errors.js';
import { type TemplatePack, loadPack, narrate } from '../../src/narrate/index.js';
import type { Indicator } from '../../src/model/scorecard.js';
import { loadReport } from '../../src/pipeline.js';
import { buildPack } from '../../src/build.js';
import { accountFor } from '../corpus/account.js';
import type { GridCell } from '../corpus/book.js';
import { run } from '../helpers/cli.js';
import { packMisses } from '../helpers/invariant.js';
import { readPdf } from '../helpers/pdf.js';
import { tempDir } from '../helpers/workbooks.js';

/**
 * Hostile cells in small workbooks: any Unicode, numbers at the edges of IEEE 754, dates, Excel
 * errors, formulas and formula injection, absurd number formats, merges. Whatever the sheet holds,
 * reading, assessing and wording it ends in a result or in boardpack's own error — never anything
 * else — and the command line exits 0, 1 or 2 with its own message, never 70.
 *
 * FUZZ_RUNS sets the number of workbooks (10,000 by default), FUZZ_SEED replays a failure.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261127);

type Cell = XLSX.CellObject | string | number | null;

const HEADINGS = [
  'ID',
  'Measure',
  'Indicator',
  'Target',
  'Polarity',
  'RAG',
  'Status',
  'Apr-24',
  'May-24',
  'Q1',
  '2024/25',
  'YTD',
  'Actual',
  'Comments',
  'Section',
  'SN av',
  'Target 2024/25',
];
const cell: fc.Arbitrary<Cell> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HEADINGS) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 3, arbitrary: fc.double() },
  { weight: 2, arbitrary: fc.constantFrom(5e-324, -5e-324, 1e308, -1e308, Number.MAX_SAFE_INTEGER, -0, 0.1 + 0.2, 1e21, 123456789.12345679) },
  { weight: 2, arbitrary: fc.integer() },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '18.1%',
      '1,036',
      '100.8r',
      '67% (4)',
      '↑ 83%',
      '97%-99%',
      'NYC',
      '-',
      'N/A',
      '<20%',
      '80%+',
      '105-135',
      '6 per month',
      'Monitor',
      '08:31',
      '15.8*',
      '<5',
      'TBC',
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.double({ min: 0, max: 80000, noNaN: true }), fc.constantFrom('mmm-yy', 'dd/mm/yyyy', 'mmmm yyyy', 'mm:ss', '[h]:mm:ss'))
      .map(([v, z]): Cell => ({ t: 'n', v, z })),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.double(), fc.integer({ min: 0, max: 150 })).map(([v, d]): Cell => ({ t: 'n', v, z: d === 0 ? '0%' : `0.${'0'.repeat(d)}%` })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Cell>(
      { t: 'e', v: 7, w: '#DIV/0!' },
      { t: 'e', v: 42, w: '#N/A' },
      { t: 'b', v: true },
      { t: 'n', v: 3, f: 'SUM(A1:A2)' },
      "=cmd|' /C calc'!A0",
      '@SUM(1+1)',
    ),
  },
  { weight: 2, arbitrary: fc.constant(null) },
);

const sheet = fc.record({
  rows: fc.array(fc.array(cell, { maxLength: 8 }), { minLength: 1, maxLength: 7 }),
  merges: fc.array(fc.tuple(fc.nat(6), fc.nat(7), fc.nat(2), fc.nat(3)), { maxLength: 2 }),
  hidden: fc.array(fc.nat(6), { maxLength: 2 }),
});
const workbook = fc.array(sheet, { minLength: 1, maxLength: 2 });

/** A scorecard's shape with fuzzed contents: most of these read as indicators and build into a pack. */
const scorecardBook = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constant(null), fc.stringMatching(/^[A-Z]{1,3}\d{1,3}$/)),
      fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 60 })),
      fc.array(cell, { minLength: 4, maxLength: 4 }),
      fc.oneof(fc.constant(null), fc.string({ unit: 'grapheme', maxLength: 200 })),
    ),
    { minLength: 1, maxLength: 12 },
  )
  .map((rows) => [
    {
      rows: [
        ['ID', 'Measure', 'Apr-24', 'May-24', 'Jun-24', 'Target', 'Comments'],
        ...rows.map(([id, title, values, comment]): Cell[] => [id, title, ...values, comment]),
      ],
      merges: [],
      hidden: [],
    },
  ]);

function write(sheets: Array<{ rows: Cell[][]; merges: [number, number, number, number][]; hidden: number[] }>, dir: string, n: number): string {
  const wb = XLSX.utils.book_new();
  sheets.forEach((s, i) => {
    const ws: XLSX.WorkSheet = {};
    s.rows.forEach((row, r) => {
      row.forEach((c, col) => {
        if (c === null) return;
        ws[XLSX.utils.encode_cell({ r, c: col })] = typeof c === 'object' ? { ...c } : typeof c === 'number' ? { t: 'n', v: c } : { t: 's', v: c };
      });
    });
    ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: Math.max(s.rows.length - 1, 0), c: Math.max(1, ...s.rows.map((r) => r.length)) - 1 } });
    ws['!merges'] = s.merges.map(([r, c, h, w]) => ({ s: { r, c }, e: { r: r + h, c: c + w } }));
    const rows: XLSX.RowInfo[] = [];
    for (const r of s.hidden) rows[r] = { hidden: true };
    ws['!rows'] = rows;
    XLSX.utils.book_append_sheet(wb, ws, `S${i + 1}`);
  });
  const path = join(dir, `fuzz-${n}.xlsx`);
  writeFileSync(path, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', cellStyles: true }));
  return path;
}

/** The cells a person sees in the written workbook (a merge shows once, in its first cell). */
function cellsShown(path: string): GridCell[] {
  const wb = XLSX.read(readFileSync(path), { cellStyles: true });
  const file = basename(path);
  return wb.SheetNames.flatMap((name, i) => {
    const ws = wb.Sheets[name]!;
    const hidden = new Set((ws['!rows'] ?? []).flatMap((r, n) => (r?.hidden ? [n] : [])));
    const sheetHidden = (wb.Workbook?.Sheets?.[i]?.Hidden ?? 0) !== 0;
    return Object.keys(ws)
      .filter((k) => !k.startsWith('!'))
      .flatMap((ref) => {
        const c = ws[ref] as XLSX.CellObject;
        const text = String(c.w ?? c.v ?? '')
          .replace(/\u00a0/g, ' ')
          .trim();
        if (text === '') return [];
        const { r, c: col } = XLSX.utils.decode_cell(ref);
        return [{ file, sheet: name, row: r + 1, col, ref, text, hidden: sheetHidden || hidden.has(r) }];
      });
  });
}

describe('fuzzed workbooks', () => {
  const dir = tempDir();
  let pack: TemplatePack;
  beforeAll(async () => {
    pack = await loadPack((await loadReport(join(import.meta.dirname, '../../inputs/report.yaml'), nodeEffects)).config, nodeEffects);
  });

  it(`read, assess and word ${RUNS} of them into a result or boardpack's own error`, async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(workbook, async (sheets) => {
        const path = write(sheets, dir, n++);
        try {
          const report = await loadReport(path, nodeEffects);
          narrate(report, assessReport(report), pack);
          // Nothing lost silently: every cell that shows reached the model or is named by a finding.
          const lost = accountFor(cellsShown(path), report.scorecard);
          expect(lost.map((c) => `${c.sheet}!${c.ref} "${c.text}"`)).toEqual([]);
        } catch (e) {
          if (!isBoardpackError(e)) throw e;
          // A refusal names its cause; what it found comes with it.
          expect(e.message).not.toMatch(/undefined|\[object Object\]|NaN/);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 600_000);

  it('exit 0, 1 or 2 on the command line, with no stack trace', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(workbook, async (sheets) => {
        const r = await run('validate', write(sheets, dir, 100_000 + n++));
        expect([0, 1, 2]).toContain(r.code);
        expect(r.stderr).not.toMatch(/internal error|\n\s+at .+:\d+:\d+/);
      }),
      { numRuns: Math.min(RUNS, 300), seed: SEED + 1 },
    );
  }, 300_000);

  it('every indicator of those that build reaches the pack: its row, its panel and its bookmark', async () => {
    let n = 0;
    let built = 0;
    await fc.assert(
      fc.asyncProperty(scorecardBook, async (sheets) => {
        const path = write(sheets, dir, 200_000 + n);
        const out = join(dir, `fuzz-${200_000 + n++}.pdf`);
        try {
          const { report, findings: issues } = await buildPack(path, { out });
          built++;
          // A title with a character no font has is named by a finding, and its bookmark still holds it.
          const unshowable = (ind: Indicator) => issues.some((i) => i.code === 'glyph-missing' && i.at === ind.at && i.message.startsWith('The title'));
          expect(packMisses(await readPdf(out), report.scorecard.indicators, { unshowable })).toEqual([]);
        } catch (e) {
          if (!isBoardpackError(e)) throw e;
        }
      }),
      { numRuns: Math.min(RUNS, 60), seed: SEED + 2 },
    );
    // Enough of them are scorecards for the property to mean something.
    expect(built).toBeGreaterThan(10);
  }, 300_000);
});
