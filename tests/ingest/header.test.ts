import { describe, expect, it } from 'vitest';
import { nodeEffects } from '../../src/effects.js';
import { readPublishedRating } from '../../src/model/published.js';
import { loadReport } from '../../src/pipeline.js';
import { row } from '../helpers/examples.js';
import { tempDir, writeConfig, writeWorkbook } from '../helpers/workbooks.js';

describe('headings are claims the cells bear out', () => {
  it('reads numbers under Aim as the target, and Year to date as a part-year period of its own', async () => {
    const path = writeWorkbook({
      S: [
        ['Ref', 'Performance Indicator', 'Aim', 'Q1 2024/25', 'Q2 2024/25', 'Year to date'],
        ['P1', 'Missed bin collections per 100,000', 80, 75, 85, 160],
        ['R1', 'Invoices paid within 30 days', 95, 96, 93, 95],
      ],
    });
    const r = await loadReport(path, nodeEffects);
    const p1 = r.scorecard.indicators[0]!;
    expect(p1.target.raw).toBe('80');
    expect(p1.polarity).toBe('lower');
    expect(row(p1)).toEqual({ 'Q1 2024/25': 75, 'Q2 2024/25': 85, 'Year to date': 160 });
    expect(p1.values.at(-1)!.period).toMatchObject({ id: 'FY2024-25-YTD', kind: 'part-year' });
    // The year to date is never the reporting period while quarters are reported.
    expect(r.period.id).toBe('FY2024-25-Q2');
  });

  it('takes IDs from an unlabelled column of codes, and a column mapping to it works too', async () => {
    const rows = [
      [null, 'Measure', 'Apr-24', 'May-24'],
      ['EH1', 'Early help assessments', 10, 12],
      ['EH2', 'Early help closures', 4, 5],
    ];
    const path = writeWorkbook({ S: rows });
    expect((await loadReport(path, nodeEffects)).scorecard.indicators.map((i) => [i.id, i.idDerived])).toEqual([
      ['EH1', false],
      ['EH2', false],
    ]);
    const dir = tempDir();
    writeWorkbook({ S: rows }, 'k.xlsx', dir);
    const mapped = await loadReport(writeConfig(dir, 'sources:\n  - file: k.xlsx\n    columns: { id: A }\n'), nodeEffects);
    expect(mapped.scorecard.indicators.map((i) => i.id)).toEqual(['EH1', 'EH2']);
  });

  it('takes sections from a Directorate column, or from columns.section', async () => {
    const dir = tempDir();
    writeWorkbook(
      {
        S: [
          ['ID', 'Measure', 'Team', 'Mar-25'],
          ['A', 'Thing one', 'Adults', 1],
          ['B', 'Thing two', 'Children', 2],
        ],
      },
      'k.xlsx',
      dir,
    );
    const r = await loadReport(writeConfig(dir, 'sources:\n  - file: k.xlsx\n    columns: { section: Team }\n'), nodeEffects);
    expect(r.scorecard.sections.map((s) => s.title)).toEqual(['Adults', 'Children']);
    expect(r.scorecard.tables[0]!.columns.find((c) => c.col === 'C')).toMatchObject({ role: 'section', by: 'config' });
  });

  it('refuses a column mapping the table does not have, naming the columns it has', async () => {
    const dir = tempDir();
    writeWorkbook(
      {
        S: [
          ['ID', 'Measure', 'Mar-25'],
          ['A', 'Thing', 1],
        ],
      },
      'k.xlsx',
      dir,
    );
    const r = await loadReport(writeConfig(dir, 'sources:\n  - file: k.xlsx\n    columns: { target: Goal, lead: ZZ }\n'), nodeEffects);
    expect(r.scorecard.issues.filter((i) => i.code === 'column-not-found')).toMatchObject([
      {
        severity: 'error',
        message: 'report.yaml maps target to "Goal", but the table headed at row 1 of sheet "S" has no such column heading.',
        hint: expect.stringContaining('A "ID", B "Measure", C "Mar-25"'),
      },
      { severity: 'error', message: 'report.yaml maps lead to "ZZ", but the table headed at row 1 of sheet "S" has no such column (it ends at column C).' },
    ]);
  });

  it('dates two-digit years that run across a century in order', async () => {
    const path = writeWorkbook({
      S: [
        ['ID', 'Measure', 'Nov-99', 'Dec-99', 'Jan-00'],
        ['A', 'Thing', 1, 2, 3],
      ],
    });
    const r = await loadReport(path, nodeEffects);
    expect(r.scorecard.periods.map((p) => p.id)).toEqual(['1999-11', '1999-12', '2000-01']);
    expect(r.period.id).toBe('2000-01');
  });
});

describe('published ratings', () => {
  it.each([
    ['Green', 'green'],
    ['G', 'green'],
    ['On target', 'green'],
    ['Above target', 'green'],
    ['Achieved', 'green'],
    ['●', 'green'],
    ['Amber', 'amber'],
    ['Close to target', 'amber'],
    ['▲', 'amber'],
    ['Red', 'red'],
    ['Off target', 'red'],
    ['Below target', 'red'],
    ['■', 'red'],
    ['Blue', 'blue'],
    ['★', 'blue'],
    ['For info only', 'none'],
    ['Monitor', 'none'],
    ['Purple', null],
    ['', null],
  ])('%s → %s', (text, rating) => {
    expect(readPublishedRating(text)).toBe(rating);
  });
});

describe('figures no axis can show', () => {
  it('are kept with a warning naming the cell', async () => {
    const path = writeWorkbook({
      S: [
        ['ID', 'Measure', 'Apr-24', 'May-24'],
        ['A', 'Thing', 1e308, 2],
      ],
    });
    const r = await loadReport(path, nodeEffects);
    expect(r.scorecard.indicators[0]!.values[0]!.value).toBe(1e308);
    expect(r.scorecard.issues.find((i) => i.code === 'value-implausible')).toMatchObject({ severity: 'warning', at: 'book.xlsx › S › C2' });
  });
});
