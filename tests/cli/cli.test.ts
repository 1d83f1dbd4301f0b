import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';
import { EXAMPLES, repoDir } from '../helpers/examples.js';
import { tempDir, writeWorkbook } from '../helpers/workbooks.js';

describe('boardpack validate', () => {
  it('prints the summary and exits 0 for the sample', async () => {
    const r = await run('validate', join(repoDir, 'inputs/report.yaml'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('60 indicators in 6 sections');
    expect(r.stdout).toContain('reporting period: Mar-26');
    expect(r.stdout).toMatch(/0 errors, \d+ warnings?, \d+ notes/);
    expect(r.stdout).toContain('red-without-commentary');
  });

  it('takes a workbook in place of a config', async () => {
    const r = await run('validate', EXAMPLES.monthly, '--quiet');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('96 indicators in 6 sections');
    expect(r.stdout).not.toContain('rows-before-table');
  });

  it('names the cell and exits 1 for a broken workbook', async () => {
    const path = writeWorkbook(
      {
        Scorecard: [
          ['ID', 'Measure', 'Apr-24', 'May-24'],
          ['1', 'Thing', 5, 'lots'],
          ['1', 'Other thing', 3, 4],
        ],
      },
      'broken.xlsx',
    );
    const r = await run('validate', path);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('error   duplicate-id  broken.xlsx › Scorecard › A3');
    expect(r.stdout).toContain('warning cell-not-understood  broken.xlsx › Scorecard › D2');
    expect(r.stdout).toContain('fix: ');
  });

  it('explains a missing file, a non-workbook and a corrupt workbook without a stack trace', async () => {
    const dir = tempDir();
    const missing = await run('validate', join(dir, 'nope.xlsx'));
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.stderr).toContain('error config-not-found');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'corrupt.xlsx'), 'this is not a zip file at all');
    const corrupt = await run('validate', join(dir, 'corrupt.xlsx'));
    expect(corrupt.code).toBe(2);
    expect(corrupt.stderr).toMatch(/error workbook-unreadable {2}corrupt\.xlsx/);
    expect(corrupt.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints usage help and exits 2 for an unknown command', async () => {
    const r = await run('frobnicate');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command');
  });
});

describe('boardpack assess --json', () => {
  it('prints the model in the documented shape', async () => {
    const r = await run('assess', EXAMPLES.monthly, '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.period).toEqual({ id: '2025-03', label: 'Mar-25' });
    expect(json.indicators).toHaveLength(96);
    const i = json.indicators.find((x: { id: string }) => x.id === '19a');
    expect(i).toMatchObject({
      id: '19a',
      title: 'Percentage of single assessments completed within 45 working days (in month)',
      section: 'Robust and effective social work practice',
      unit: '%',
      polarity: 'higher',
      polaritySource: 'wording',
      target: { raw: '90.0%' },
      latest: { period: { id: '2025-03', label: 'Mar-25' }, value: 72.2, raw: '72.2%', status: 'ok' },
      previous: { period: { id: '2025-02', label: 'Feb-25' }, value: 76, raw: '76.0%', status: 'ok' },
      published: { rag: null, direction: '▼' },
    });
    expect(i.values[0]).toEqual({
      period: { id: '2024-04', label: 'Apr-24' },
      value: 83.1,
      raw: '83.1%',
      status: 'ok',
      at: 'monthly-scorecard-2024-25.xlsx › Scorecard › C43',
    });
    expect(json.issues[0]).toEqual({
      code: expect.any(String),
      severity: expect.any(String),
      message: expect.any(String),
      at: expect.any(String),
      hint: expect.anything(),
    });
  });

  it('takes --period to report on an earlier month', async () => {
    const r = await run('assess', EXAMPLES.monthly, '--json', '--period', 'Jan-25');
    const i = JSON.parse(r.stdout).indicators.find((x: { id: string }) => x.id === '2');
    expect(i.latest.period.label).toBe('Jan-25');
    const bad = await run('assess', EXAMPLES.monthly, '--period', 'Mar-29');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Periods found: Apr-24, May-24');
  });
});

describe('input files', () => {
  it('reads tab-separated text exports like their workbooks, and refuses other files plainly', async () => {
    const { examplesDir } = await import('../helpers/examples.js');
    const txt = await run('validate', `${examplesDir}monthly-scorecard-2024-25.txt`, '--quiet');
    expect(txt.code).toBe(0);
    expect(txt.stdout).toContain('96 indicators in 6 sections');
    const { writeFileSync } = await import('node:fs');
    const dir = tempDir();
    writeFileSync(`${dir}/notes.md`, '# notes');
    const md = await run('validate', `${dir}/notes.md`);
    expect(md).toMatchObject({ code: 2 });
    expect(md.stderr).toContain('error input-type');
  });

  it('says plainly when the pack cannot be written', async () => {
    const { copyFileSync, writeFileSync } = await import('node:fs');
    const dir = tempDir();
    copyFileSync(`${repoDir}tests/fixtures/tidy-csv/Indicators.csv`, `${dir}/Indicators.csv`);
    copyFileSync(`${repoDir}tests/fixtures/tidy-csv/Values.csv`, `${dir}/Values.csv`);
    writeFileSync(`${dir}/report.yaml`, 'sources: [{ file: . }]\noutput: { dir: Values.csv }\n');
    const r = await run('build', `${dir}/report.yaml`);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error output-write');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('many findings of one kind', () => {
  it('prints ten and counts the rest', async () => {
    const { formatIssues } = await import('../../src/cli/output.js');
    const issues = Array.from({ length: 25 }, (_, i) => ({
      code: 'cell-not-understood',
      severity: 'warning' as const,
      message: `cell ${i}`,
      at: `k.xlsx › S › C${i + 2}`,
      hint: null,
    }));
    const text = formatIssues(issues, { notes: true });
    expect(text.match(/^warning/gm)).toHaveLength(10);
    expect(text).toContain('… and 15 more cell-not-understood like these (the same command with --json lists every one).');
  });
});
