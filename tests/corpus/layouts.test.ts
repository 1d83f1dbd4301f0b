import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import type { Scorecard } from '../../src/model/scorecard.js';
import { accountFor } from './account.js';
import { type GridCell, bookBytes, cellsOf } from './book.js';
import { LAYOUTS } from './layouts.js';
import { allIndicators, judge, scorecardArb } from './scorecard.js';

/** The corpus is only a proof if its writers write what they claim: checked here with SheetJS alone. */

const sample = (name: string, seed = 42) => {
  const layout = LAYOUTS.find((l) => l.name === name)!;
  const [sc] = fc.sample(scorecardArb(layout.options), { seed, numRuns: 1 });
  return { sc: sc!, ...layout.write(sc!) };
};

const readXlsx = (bytes: Uint8Array) => XLSX.read(bytes, { type: 'buffer', cellStyles: true, cellNF: true });

describe('the layout writers', () => {
  it('cover at least the fifteen layouts the issue asks for, each named once', () => {
    const names = LAYOUTS.map((l) => l.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThanOrEqual(15);
  });

  it.each(LAYOUTS.map((l) => l.name))('%s writes every indicator of the scorecard, and expects each once', (name) => {
    for (const seed of [1, 2, 3]) {
      const { sc, book, expected } = sample(name, seed);
      const text = cellsOf(book)
        .map((c) => c.text)
        .join('\n');
      expect(expected.indicators.map((e) => e.title)).toEqual(allIndicators(sc).map((i) => i.title));
      for (const e of expected.indicators) {
        expect(text).toContain(e.title);
        if (e.id !== null) expect(text).toContain(e.id);
      }
    }
  });

  it('keeps hidden rows and the hidden sheet in the bytes', () => {
    const { book, expected } = sample('hidden-rows-and-sheet');
    const wb = readXlsx(bookBytes(book));
    const draft = wb.Workbook!.Sheets!.find((s) => s.name === 'Draft');
    expect(draft?.Hidden).toBe(1);
    const rows = wb.Sheets.Scorecard!['!rows'] ?? [];
    expect(expected.hiddenRows.length).toBe(1);
    for (const { row } of expected.hiddenRows) expect(rows[row - 1]?.hidden).toBe(true);
  });

  it.each([
    ['date-headings-mmm-yy', /^[A-Z][a-z]{2}-\d{2}$/],
    ['date-headings-mmmm-yyyy', /^[A-Z][a-z]+ \d{4}$/],
    ['date-headings-dd-mm-yyyy', /^01\/\d{2}\/\d{4}$/],
    ['date-headings-month-end', /^(\d{2}\/\d{2}\/\d{4}|[A-Z][a-z]{2}-\d{2}|[A-Z][a-z]+ \d{4})$/],
  ])('%s heads its periods with real date cells', (name, shown) => {
    const { sc, book } = sample(name);
    const ws = readXlsx(bookBytes(book)).Sheets[book.sheets[0]!.name]!;
    const dates = Object.entries(ws).filter(([k, c]) => !k.startsWith('!') && (c as XLSX.CellObject).t === 'n' && /y/.test(String((c as XLSX.CellObject).z)));
    expect(dates.length).toBe(sc.periods.length);
    for (const [, c] of dates) expect((c as XLSX.CellObject).w).toMatch(shown);
  });

  it('merges year and period headings over their columns', () => {
    for (const name of ['year-over-months', 'period-groups']) {
      const { book } = sample(name);
      const ws = readXlsx(bookBytes(book)).Sheets.Scorecard!;
      expect(ws['!merges']?.some((m) => m.e.c - m.s.c >= 1 && m.s.r === m.e.r)).toBe(true);
    }
  });

  it('writes Windows-1252 bytes, and semicolons with decimal commas', () => {
    const cp1252 = bookBytes(sample('csv-windows-1252').book);
    expect([0xa3, 0x92, 0x96].some((b) => cp1252.includes(b))).toBe(true);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(cp1252)).toThrow();
    const eu = new TextDecoder().decode(bookBytes(sample('csv-semicolon-decimal-comma', 5).book));
    expect(eu).toContain(';');
    expect(eu).toMatch(/\d,\d+%?(;|\r?\n)/);
  });

  it('publishes the rating a figure earns against its target', () => {
    expect(judge(91, '90%', 'higher')).toBe('green');
    expect(judge(85, '90%', 'higher')).toBe('amber');
    expect(judge(60, '90%', 'higher')).toBe('red');
    expect(judge(25, '<20%', 'lower')).toBe('red');
    expect(judge(120, '105-135', null)).toBe('green');
    expect(judge(12, 'Monitor', null)).toBeNull();
    expect(judge(12, '40', null)).toBeNull();
  });
});

describe('accountFor', () => {
  const cell = (sheet: string, ref: string, text = 'x', hidden = false): GridCell => {
    const { r, c } = XLSX.utils.decode_cell(ref);
    return { file: 'k.xlsx', sheet, row: r + 1, col: c, ref, text, hidden };
  };
  const scorecard = (over: Partial<Scorecard>): Scorecard => ({ periods: [], tables: [], sections: [], indicators: [], commentary: [], issues: [], ...over });
  const table = {
    file: 'k.xlsx',
    sheet: 'S',
    headerRows: [3, 4],
    markerRows: [],
    indicators: 1,
    columns: [
      { col: 'A', heading: 'ID', role: 'id', by: 'heading' as const },
      { col: 'B', heading: 'Measure', role: 'title', by: 'heading' as const },
      { col: 'D', heading: 'Junk', role: 'unknown', by: 'heading' as const },
    ],
  };
  const indicator = {
    at: 'k.xlsx › S › A6',
    target: { at: null },
    published: { ragAt: null, directionAt: null, byPeriod: {} },
    values: [{ at: 'k.xlsx › S › C9' }],
    benchmarks: [],
    periodTargets: [],
  };
  const note = (at: string) => ({ code: 'n', severity: 'info' as const, message: '', at, hint: null });

  it('takes header rows, and mapped columns of the rows an indicator was read from', () => {
    const sc = scorecard({ tables: [table], indicators: [indicator as unknown as Scorecard['indicators'][number]] });
    const left = accountFor(
      [cell('S', 'C3'), cell('S', 'Z4'), cell('S', 'A6'), cell('S', 'B6'), cell('S', 'D6'), cell('S', 'C6'), cell('S', 'B9'), cell('S', 'A7')],
      sc,
    );
    expect(left.map((c) => c.ref)).toEqual(['D6', 'C6', 'A7']);
  });

  it('takes whatever a finding, commentary or section names: cell, range, row, rows or sheet', () => {
    const sc = scorecard({
      issues: [
        note('k.xlsx › S › B2'),
        note('k.xlsx › S › C5:D6'),
        note('k.xlsx › S › row 8'),
        note('k.xlsx › S › rows 10–11'),
        note('k.xlsx › Notes'),
        note('k.xlsx'),
      ],
      commentary: [{ subject: { kind: 'indicator', id: '1' }, period: null, text: 't', author: null, at: 'k.xlsx › S › A20' }],
      sections: [{ id: 's', title: 'S', note: null, parent: null, at: 'k.xlsx › S › A21' }],
    });
    const cells = [
      cell('S', 'B2'),
      cell('S', 'C2'),
      cell('S', 'D6'),
      cell('S', 'E6'),
      cell('S', 'Q8'),
      cell('S', 'A11'),
      cell('S', 'A12'),
      cell('Notes', 'A1'),
      cell('S', 'A20'),
      cell('S', 'A21'),
    ];
    expect(accountFor(cells, sc).map((c) => c.ref)).toEqual(['C2', 'E6', 'A12']);
  });

  it('lets only a finding account for a hidden cell, never reading it', () => {
    const sc = scorecard({
      tables: [table],
      indicators: [indicator as unknown as Scorecard['indicators'][number]],
      commentary: [{ subject: { kind: 'section', id: 's' }, period: null, text: '', author: null, at: 'k.xlsx › S › A6' }],
    });
    expect(accountFor([cell('S', 'A6', 'x', true)], sc)).toHaveLength(1);
    expect(accountFor([cell('S', 'A6', 'x', true)], { ...sc, issues: [note('k.xlsx › S › row 6')] })).toHaveLength(0);
  });

  it("reads a text export's references with or without its sheet", () => {
    const csv = (ref: string): GridCell => ({ ...cell('kpis', ref), file: 'kpis.csv' });
    const sc = scorecard({ issues: [note('kpis.csv › A1'), note('kpis.csv › kpis › B2'), note('kpis.csv › kpis')] });
    expect(accountFor([csv('A1'), csv('B2'), csv('C3')], sc).map((c) => c.ref)).toEqual(['C3']);
  });
});
