import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeEffects } from '../../src/effects.js';
import { expandIdList, splitHeading } from '../../src/ingest/wide.js';
import { loadReport } from '../../src/pipeline.js';
import { indicator, row } from '../helpers/examples.js';
import { pct, tempDir, writeConfig, writeWorkbook } from '../helpers/workbooks.js';

describe('long tables (one row per indicator and period)', () => {
  it('reads rows in any order: values in period order, the newest rating, one target or one per period, a repeated period refused', async () => {
    const path = writeWorkbook({
      Data: [
        ['ID', 'Measure', 'Period', 'Value', 'Target', 'RAG'],
        ['K1', 'Children seen within a week', 'Mar-25', '72.5', '80', 'R'],
        ['K1', 'Children seen within a week', 'Jan-25', '70', '80', ''],
        ['K1', 'Children seen within a week', 'Feb-25', '71.25', '80', 'A'],
        ['K1', 'Children seen within a week', 'Feb-25', '99', '80', ''],
        ['K2', 'Families helped', 'Feb-25', 5, 10, 'G'],
        ['K2', 'Families helped', 'Jan-25', 4, 12, ''],
      ],
    });
    const r = await loadReport(path, nodeEffects);
    const k1 = indicator(r, 'K1');
    expect(row(k1)).toEqual({ 'Jan-25': 70, 'Feb-25': 71.25, 'Mar-25': 72.5 });
    expect(k1.decimals).toBe(2);
    expect([k1.published.rag, k1.published.ragAt]).toEqual(['R', 'book.xlsx › Data › F2']);
    expect(k1.target.raw).toBe('80');
    const k2 = indicator(r, 'K2');
    expect(row(k2)).toEqual({ 'Jan-25': 4, 'Feb-25': 5 });
    expect([k2.target.raw, k2.periodTargets.map((t) => `${t.period.label} ${t.target.raw}`)]).toEqual([null, ['Feb-25 10', 'Jan-25 12']]);
    expect(k2.published.rag).toBe('G');
    expect(r.scorecard.issues.filter((i) => i.code === 'duplicate-value').map((i) => i.at)).toEqual(['book.xlsx › Data › D5']);
  });
});

describe('wide layout', () => {
  it('takes IDs typed at the start of the title, and polarity from Increase / Reduce titles', async () => {
    const path = writeWorkbook({
      Sheet1: [
        ['Performance indicators 2024/25'],
        [],
        ['Indicator', 'Target', '2024/25 Q1', '2024/25 Q2'],
        ['1 % of case audits graded good or better', pct(80, '0%'), pct(72), pct(75)],
        ['2 Increase the number of foster carers', 240, 228, 231],
        ['3 Reduce the number of children missing education', '<60', 64, 61],
      ],
    });
    const r = await loadReport(path, nodeEffects);
    expect(r.scorecard.indicators.map((i) => [i.id, i.title, i.polarity, i.polaritySource])).toEqual([
      ['1', '% of case audits graded good or better', null, null],
      ['2', 'Increase the number of foster carers', 'higher', 'title'],
      ['3', 'Reduce the number of children missing education', 'lower', 'title'],
    ]);
    expect(row(indicator(r, '1'))).toEqual({ '2024/25 Q1': 72, '2024/25 Q2': 75 });
    expect(r.period.id).toBe('FY2024-25-Q2');
  });

  it('reads several tables across several sheets, skipping repeated headers', async () => {
    const header = ['Ref', 'Measure', 'Polarity', 'Mar-25', 'Apr-25', 'RAG'];
    const path = writeWorkbook({
      Children: [header, ['C1', 'Children seen', 'High is good', 5, 6, 'G'], [], header, ['C2', 'Children helped', 'Low', 7, 8, 'R']],
      Adults: [['Notes only'], [], header, ['A1', 'Adults seen', 'Bigger', 1, 2, 'A']],
      Blank: [['Nothing to see']],
    });
    const r = await loadReport(path, nodeEffects);
    expect(r.scorecard.indicators.map((i) => `${i.id}:${i.polarity}:${i.published.rag}`)).toEqual(['C1:higher:G', 'C2:lower:R', 'A1:higher:A']);
    expect(r.scorecard.issues.find((i) => i.code === 'sheet-without-table')?.at).toBe('book.xlsx › Blank');
  });

  it('dates bare months from financialYear in report.yaml, and otherwise asks for it, naming the row', async () => {
    const dir = tempDir();
    writeWorkbook(
      {
        S: [
          ['ID', 'Measure', 'Jan', 'Feb', 'Mar'],
          ['X', 'Thing', 1, 2, 3],
        ],
      },
      'k.xlsx',
      dir,
    );
    const failure = await loadReport(join(dir, 'k.xlsx'), nodeEffects).catch((e: unknown) => e);
    // The root cause comes first, naming the row; what else was found follows it.
    expect(failure).toMatchObject({ code: 'month-without-year', at: 'k.xlsx › S › row 1' });
    expect((failure as { message: string }).message).toContain('Jan, Feb, Mar');
    const r = await loadReport(writeConfig(dir, 'sources:\n  - file: k.xlsx\n    financialYear: 2024/25\n'), nodeEffects);
    expect(r.scorecard.periods.map((p) => p.id)).toEqual(['2025-01', '2025-02', '2025-03']);
  });

  it('applies column overrides and headerRow from report.yaml', async () => {
    const dir = tempDir();
    writeWorkbook(
      {
        S: [
          ['Code', 'What we measure', 'Aim', 'Goal', 'Mar-25', 'Neighbours', 'Junk'],
          ['Q1', 'Quality of plans', 'High', '80%', pct(70), pct(75), 'x'],
        ],
      },
      'k.xlsx',
      dir,
    );
    const r = await loadReport(
      writeConfig(
        dir,
        [
          'sources:',
          '  - file: k.xlsx',
          '    headerRow: 1',
          '    columns: { id: A, title: What we measure, target: D, benchmarks: { Statistical neighbours: F }, ignore: [G] }',
        ].join('\n'),
      ),
      nodeEffects,
    );
    expect(r.scorecard.indicators[0]).toMatchObject({ id: 'Q1', title: 'Quality of plans', polarity: 'higher', target: { raw: '80%' } });
    expect(r.scorecard.indicators[0]!.benchmarks).toMatchObject([{ name: 'Statistical neighbours', value: 75 }]);
    expect(r.scorecard.indicators[0]!.attributes).toEqual({});
  });

  it('names the cell of each problem in a broken scorecard', async () => {
    const path = writeWorkbook({
      Scorecard: [
        ['ID', 'Measure', 'Polarity', 'Apr-24', 'May-24', 'Target'],
        ['1', 'Good thing', 'Upwards', { t: 'e', v: 7, w: '#DIV/0!' }, 'lots', '90%'],
        ['1', 'Same ID again', 'High', 5, 5, '10'],
        [null, 'No ID here', 'High', 4, 140, '10'],
        [null, null, 'stray', 'cells', null, null],
        ['2', 'Percentage of things (%)', 'High', pct(72), pct(140), '90%'],
      ],
    });
    const r = await loadReport(path, nodeEffects);
    const found = r.scorecard.issues.map((i) => `${i.severity} ${i.code} ${i.at}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'warning polarity-not-understood book.xlsx › Scorecard › C2',
        'warning excel-error book.xlsx › Scorecard › D2',
        'warning cell-not-understood book.xlsx › Scorecard › E2',
        'error duplicate-id book.xlsx › Scorecard › A3',
        'info id-derived book.xlsx › Scorecard › A4',
        'warning row-not-understood book.xlsx › Scorecard › row 5',
        'warning percent-out-of-range book.xlsx › Scorecard › E6',
      ]),
    );
  });

  it('reads a target column per year, and assesses each year against its own', async () => {
    const path = writeWorkbook({
      S: [
        ['ID', 'Measure', 'Polarity', 'Mar-25', 'Apr-25', 'Target 2024/25', '2025/26 Target'],
        ['T1', 'Timeliness', 'High', pct(80), pct(82), pct(75, '0%'), pct(90, '0%')],
      ],
    });
    const r = await loadReport(path, nodeEffects);
    expect(r.scorecard.indicators[0]!.periodTargets.map((t) => [t.period.id, t.target.raw])).toEqual([
      ['FY2024-25', '75%'],
      ['FY2025-26', '90%'],
    ]);
    const { assessReport } = await import('../../src/assess/index.js');
    expect(assessReport({ ...r, period: r.scorecard.periods[0]! }).indicators[0]!.rag).toBe('green');
    expect(assessReport(r).indicators[0]!.rag).toBe('amber');
  });

  it('expands the ID lists narratives start with', () => {
    const ids = ['3', '8a', '8b', '19a', '19b', '19c', '29', '30', '40', '47a', '69', '70', '71', '72', '73'];
    expect(expandIdList('3', ids)).toEqual(['3']);
    expect(expandIdList('19a - c', ids)).toEqual(['19a', '19b', '19c']);
    expect(expandIdList('29 & 30', ids)).toEqual(['29', '30']);
    expect(expandIdList('69-72', ids)).toEqual(['69', '70', '71', '72']);
    expect(expandIdList('8', ids)).toEqual(['8a', '8b']);
    expect(expandIdList('99', ids)).toEqual([]);
  });

  it('splits a heading into a name and a note', () => {
    expect(splitHeading('Virtual School - NB attendance is by academic year')).toEqual({ title: 'Virtual School', note: 'NB attendance is by academic year' });
    expect(splitHeading('Education and 14-19 Skills')).toEqual({ title: 'Education and 14-19 Skills', note: null });
  });
});
