import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeEffects } from '../../src/effects.js';
import { loadReport } from '../../src/pipeline.js';
import { indicator, repoDir, row } from '../helpers/examples.js';
import { pct, tempDir, writeWorkbook } from '../helpers/workbooks.js';

const csvDir = join(repoDir, 'tests/fixtures/tidy-csv');

describe('tidy layout', () => {
  it('reads the sample workbook: 60 indicators, 6 sections, 12 months, commentary', async () => {
    const r = await loadReport(join(repoDir, 'inputs/report.yaml'), nodeEffects);
    expect(r.scorecard.indicators).toHaveLength(60);
    expect(r.scorecard.sections).toHaveLength(6);
    expect(r.scorecard.periods).toHaveLength(12);
    expect(r.period.label).toBe('Mar-26');
    expect(r.scorecard.issues.filter((i) => i.severity !== 'info')).toEqual([]);
    const ind = indicator(r, 'EH2');
    expect(ind).toMatchObject({ unit: '%', polarity: 'higher', decimals: 1, target: { raw: '90%' }, lead: expect.any(String) });
    expect(ind.benchmarks.map((b) => b.name)).toEqual(['Statistical neighbours', 'England']);
    const commented = new Set(r.scorecard.commentary.filter((c) => c.subject.kind === 'indicator').map((c) => (c.subject as { id: string }).id));
    expect(commented.size).toBe(20);
    expect(indicator(r, 'CIC2').cumulative).toBe(true);
  });

  it('reads a folder of CSVs exactly as it reads the same data in a workbook', async () => {
    const fromCsv = await loadReport(csvDir, nodeEffects);
    const dir = tempDir();
    const path = writeWorkbook(
      {
        Indicators: [
          ['ID', 'Title', 'Section', 'Unit', 'Decimals', 'Polarity', 'Target', 'Lead', 'Benchmark: England'],
          ['A1', 'Percentage of assessments completed within 45 working days', 'Assessment', '%', 1, 'High is good', pct(90, '0%'), 'Jo Bloggs', pct(84.2)],
          ['A2', 'Number of referrals, in month', 'Assessment', 'number', 0, null, 'Monitor', 'Jo Bloggs', null],
          ['B1', 'Reduce the number of children missing education', 'Education', 'number', 0, null, '<60', null, null],
        ],
        Values: [
          ['ID', 'Period', 'Value', 'Numerator', 'Denominator', 'Note'],
          ['A1', 'Jan-25', pct(81.5), 163, 200],
          ['A1', 'Feb-25', pct(83), 166, 200],
          ['A1', 'Mar-25', 'NYC'],
          ['A2', 'Jan-25', { t: 'n', v: 1036, z: '#,##0' }],
          ['A2', 'Feb-25', '998r', null, null, 'Revised after cleansing'],
          ['A2', 'Mar-25', 1012],
          ['B1', 'Jan-25', 64],
          ['B1', 'Feb-25', 61],
          ['B1', 'Mar-25', 59],
        ],
        Commentary: [
          ['ID', 'Period', 'Commentary', 'Author'],
          ['A1', 'Mar-25', 'Recording is late this month; the figure will follow. Note: *not* {{ escaped }}.', 'Jo Bloggs'],
          ['Assessment', 'Mar-25', 'Both assessment measures are stable.'],
        ],
      },
      'kpis.xlsx',
      dir,
    );
    const fromXlsx = await loadReport(path, nodeEffects);
    const view = (r: typeof fromCsv) =>
      r.scorecard.indicators.map((i) => ({
        id: i.id,
        unit: i.unit,
        polarity: i.polarity,
        target: i.target.value,
        values: row(i),
        nd: i.values.map((v) => [v.numerator, v.denominator]),
        b: i.benchmarks.map((b) => b.value),
      }));
    expect(view(fromXlsx)).toEqual(view(fromCsv));
    expect(fromCsv.scorecard.commentary.map((c) => c.text)).toEqual(fromXlsx.scorecard.commentary.map((c) => c.text));
    expect(indicator(fromCsv, 'B1')).toMatchObject({ polarity: 'lower', polaritySource: 'title' });
    expect(indicator(fromCsv, 'A2').values[1]).toMatchObject({ value: 998, revised: true, note: 'Revised after cleansing' });
    expect(fromCsv.scorecard.commentary[1]!.subject).toEqual({ kind: 'section', id: 'assessment' });
    expect(fromCsv.period.label).toBe('Mar-25');
  });

  it('reads a target per period from the Values sheet', async () => {
    const path = writeWorkbook({
      Indicators: [
        ['ID', 'Title', 'Polarity', 'Target'],
        ['A', 'Audits', 'High', 10],
      ],
      Values: [
        ['ID', 'Period', 'Value', 'Target'],
        ['A', 'Feb-25', 11, null],
        ['A', 'Mar-25', 13, 14],
      ],
    });
    const r = await loadReport(path, nodeEffects);
    expect(r.scorecard.indicators[0]!.periodTargets.map((t) => [t.period.id, t.target.raw])).toEqual([['2025-03', '14']]);
    const { assessReport } = await import('../../src/assess/index.js');
    const a = assessReport(r).indicators[0]!;
    expect(a).toMatchObject({ rag: 'amber', goal: { value: 14 } });
    expect(a.history.map((h) => h.rag)).toEqual(['green', 'amber']);
  });

  it('names the cell of every problem in the tidy sheets', async () => {
    const dir = tempDir();
    cpSync(csvDir, dir, { recursive: true });
    const path = writeWorkbook(
      {
        Indicators: [
          ['ID', 'Title', 'Polarity'],
          ['A1', 'Something', 'Upwards'],
          ['A1', 'Something again'],
          [null, 'No id'],
        ],
        Values: [
          ['ID', 'Period', 'Value'],
          ['A1', 'Mar-25', 5],
          ['A1', 'Mar-25', 6],
          ['Z9', 'Mar-25', 1],
          ['A1', 'Spring', 3],
          ['A1', 'Feb-25', '#DIV/0!'],
        ],
        Commentary: [
          ['ID', 'Commentary'],
          ['Nope', 'Hello'],
        ],
      },
      'bad.xlsx',
      dir,
    );
    const r = await loadReport(path, nodeEffects);
    const found = r.scorecard.issues.map((i) => `${i.severity} ${i.code} ${i.at}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'warning polarity-not-understood bad.xlsx › Indicators › C2',
        'error missing-id bad.xlsx › Indicators › A4',
        'error duplicate-value bad.xlsx › Values › C3',
        'warning unknown-indicator bad.xlsx › Values › A4',
        'error period-not-understood bad.xlsx › Values › B5',
        'warning excel-error bad.xlsx › Values › C6',
        'warning commentary-unknown-subject bad.xlsx › Commentary › A2',
        'error duplicate-id bad.xlsx › Indicators › A3',
      ]),
    );
  });
});
