import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { nodeEffects } from '../../src/effects.js';
import { loadReport } from '../../src/pipeline.js';
import { row } from '../helpers/examples.js';
import { tempDir, writeConfig, writeWorkbook } from '../helpers/workbooks.js';

describe('an indicator over several rows (a Type column)', () => {
  it('takes the Target and RAG rows under an Actual row, by blank title or the same one', async () => {
    const path = writeWorkbook({
      S: [
        ['Performance report 2024/25'],
        ['Ref', 'Measure', 'Type', 'Q1', 'Q2'],
        ['H1', 'Households in temporary accommodation', 'Actual', 120, 130],
        [null, null, 'Target', 110, 110],
        [null, null, 'RAG', 'Amber', 'Red'],
        ['H2', 'Homelessness preventions', 'Actual', 50, 60],
        ['H2', 'Homelessness preventions', 'Target', 40, 40],
      ],
    });
    const r = await loadReport(path, nodeEffects);
    const [h1, h2] = r.scorecard.indicators;
    // Dated by the year in the title above the table; the labels stay as written.
    expect(row(h1!)).toEqual({ Q1: 120, Q2: 130 });
    expect(h1!.values.map((v) => v.period.id)).toEqual(['FY2024-25-Q1', 'FY2024-25-Q2']);
    expect(h1!.periodTargets.map((t) => [t.period.id, t.target.raw])).toEqual([
      ['FY2024-25-Q1', '110'],
      ['FY2024-25-Q2', '110'],
    ]);
    expect(h1!.published).toMatchObject({ rag: 'Red', rating: 'red' });
    // The sheet's own ratings, above the target and not met, say lower is better.
    expect([h1!.polarity, h1!.polaritySource]).toEqual(['lower', 'status']);
    expect(h2!.periodTargets).toHaveLength(2);
    expect(r.scorecard.tables[0]!.columns.find((c) => c.col === 'C')).toMatchObject({ role: 'row-part', by: 'cells' });
  });
});

describe('headerRow given in report.yaml', () => {
  it('is taken even when boardpack would not have taken it, and an empty one is an error naming the row', async () => {
    const dir = tempDir();
    writeWorkbook({ S: [['Notes'], [], ['Ref', 'What', 'Q1 2024/25'], ['A', 'Thing one', 5]] }, 'k.xlsx', dir);
    const r = await loadReport(writeConfig(dir, 'sources:\n  - file: k.xlsx\n    headerRow: 3\n    columns: { title: B }\n'), nodeEffects);
    expect(r.scorecard.indicators.map((i) => [i.id, i.title])).toEqual([['A', 'Thing one']]);
    const empty = await loadReport(writeConfig(dir, 'sources:\n  - file: k.xlsx\n    headerRow: 2\n'), nodeEffects).catch((e: unknown) => e);
    expect(empty).toMatchObject({ code: 'header-row-empty', at: 'k.xlsx › S › row 2' });
  });
});

describe('hidden columns', () => {
  function book(dir: string) {
    const ws = XLSX.utils.aoa_to_sheet([
      ['ID', 'Measure', 'Apr-24', 'May-24', 'Working'],
      ['A', 'Thing', 1, 2, 'scratch'],
    ]);
    ws['!cols'] = [{}, {}, {}, {}, { hidden: true }];
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'S');
    writeFileSync(join(dir, 'k.xlsx'), XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', cellStyles: true }));
  }

  it('are skipped with a note naming them, or read with includeHidden: true', async () => {
    const dir = tempDir();
    book(dir);
    const r = await loadReport(join(dir, 'k.xlsx'), nodeEffects);
    expect(r.scorecard.issues.find((i) => i.code === 'hidden-columns')).toMatchObject({ at: 'k.xlsx › S › E1', message: expect.stringContaining(': E.') });
    expect(r.scorecard.indicators[0]!.attributes).toEqual({});
    const all = await loadReport(writeConfig(dir, 'sources:\n  - file: k.xlsx\n    includeHidden: true\n'), nodeEffects);
    expect(all.scorecard.indicators[0]!.attributes).toEqual({ Working: 'scratch' });
  });
});

describe('the tidy layout refuses what it cannot read, naming it', () => {
  it('a Values sheet with no Period column, and a sheet that is not one of its three', async () => {
    const path = writeWorkbook({
      Indicators: [
        ['ID', 'Title'],
        ['A', 'Thing'],
      ],
      Values: [
        ['ID', 'Value'],
        ['A', 5],
      ],
      Extra: [['Anything']],
    });
    const failure = await loadReport(path, nodeEffects).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'column-missing', message: 'Sheet "Values" has no period column.' });
    expect((failure as { issues: Array<{ code: string }> }).issues.map((i) => i.code)).toContain('sheet-not-read');
  });
});

describe('a council corporate report, as an officer keeps it', () => {
  it('takes "Key Performance Indicator" as the measure heading, not a section, and a footnote row under the table as no heading', async () => {
    const path = writeWorkbook({
      'Q3 Report': [
        ['Corporate Performance Report – Quarter 3 2024-25'],
        [],
        ['Ref.', 'Key Performance Indicator', 'Good is', 'Q1\n2024/25', 'Q2\n2024/25', 'Q3 Target', 'Status'],
        ['CS01', 'Calls answered within 60 seconds', 'High', 78, 84, 80, 'On Track'],
        ['CS02', 'Complaints responded to within 10 working days', 'High', 90, 86, 95, 'Off Track'],
        [],
        ['* Q2 figures are provisional until the national return is submitted.'],
      ],
    });
    const r = await loadReport(path, nodeEffects);
    expect(r.scorecard.indicators.map((i) => [i.id, i.title, i.polarity])).toEqual([
      ['CS01', 'Calls answered within 60 seconds', 'higher'],
      ['CS02', 'Complaints responded to within 10 working days', 'higher'],
    ]);
    expect(r.scorecard.sections).toEqual([]);
    expect(r.scorecard.issues.map((i) => i.code)).not.toContain('heading-without-indicators');
    expect(r.scorecard.issues.find((i) => i.code === 'footnote-not-used')).toMatchObject({ at: 'book.xlsx › Q3 Report › A7' });
    expect(r.scorecard.indicators[1]!.published).toMatchObject({ rag: 'Off Track', rating: 'red' });
  });
});
