import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPack } from '../../src/build.js';
import { readPdf } from '../helpers/pdf.js';
import { run } from '../helpers/cli.js';
import { tempDir } from '../helpers/workbooks.js';

const squash = (s: string) => s.replace(/\s+/g, ' ');
const MONTHS = ['Jan-25', 'Feb-25', 'Mar-25', 'Apr-25'];

/** A tidy CSV folder: one indicator per series, values by month ('' for none). */
function workbook(series: Record<string, { unit: string; target?: string; values: string[] }>): string {
  const dir = tempDir();
  let indicators = 'ID,Title,Section,Unit,Polarity,Target\n';
  let values = 'ID,Period,Value\n';
  for (const [id, s] of Object.entries(series)) {
    indicators += `${id},Measure ${id},Extremes,${s.unit},High is good,${s.target ?? ''}\n`;
    s.values.forEach((v, i) => {
      if (v !== '') values += `${id},${MONTHS[i]},${v}\n`;
    });
  }
  writeFileSync(join(dir, 'Indicators.csv'), indicators);
  writeFileSync(join(dir, 'Values.csv'), values);
  return dir;
}

describe('series no chart can draw, or barely', () => {
  it('builds the pack anyway: the chart that fails is a labelled box with its description, reported; the rest are drawn', async () => {
    const dir = workbook({
      X1: { unit: 'number', target: '5', values: ['1e308', '-1e308', '5e-324', '1e308'] },
      X2: { unit: 'number', target: '5', values: ['999999999999999999999', '1', '2', '3'] },
      X3: { unit: '%', values: ['50%', '50%', '50%', '50%'] },
      X4: { unit: '%', values: ['0.0000001%', '0.0000002%', '0.0000001%', '0.0000002%'] },
      X5: { unit: '%', values: ['0.0000001%', '0.0000001%', '0.0000001%', '0.0000001%'] },
      X6: { unit: 'number', values: ['0', '0', '0', '0'] },
      X7: { unit: '%', values: ['', '', '', '42.5%'] },
      X8: { unit: 'number', values: ['NaN', 'Infinity', '-', 'n/a'] },
      X9: { unit: 'number', values: ['1e-30', '2e-30', '3e-30', '1e-30'] },
    });
    const out = join(dir, 'pack.pdf');
    const result = await buildPack(dir, { out });
    expect(result.charts).toBe(10);
    const failed = result.findings.filter((i) => i.code === 'chart-not-drawn');
    expect(failed.map((i) => i.message)).toEqual([
      expect.stringMatching(/^The chart of X1 Measure X1 could not be drawn: the values are too large, too small or too far apart to plot/),
    ]);
    expect(failed[0]).toMatchObject({ severity: 'warning', at: expect.stringContaining('Indicators.csv') });
    const pdf = await readPdf(out);
    const text = squash(pdf.text);
    // In its place: the pack's label and the chart's own description.
    expect(text.match(/Chart not available/g)).toHaveLength(1);
    expect(text).toContain('Chart not available Line chart: was unchanged from 1e+308 in Jan-25');
    // The other charts are drawn: their axes and figures rows are there.
    expect(text).toContain('0.00000005 0.00000010 0.00000015 0.00000020 0.00000025');
    expect(text).toContain('46 48 50 52 54');
    for (const id of ['X2', 'X3', 'X4', 'X5', 'X6', 'X7', 'X8', 'X9']) expect(text).toContain(`${id} Measure ${id}`);
  });

  it('says so on the command line, and exits 0', async () => {
    const dir = workbook({
      X1: { unit: 'number', values: ['1e308', '-1e308', '1e308', '-1e308'] },
      X2: { unit: '%', values: ['0.0000001%', '0.0000001%', '0.0000001%', '0.0000001%'] },
    });
    const r = await run('build', dir, '--out', join(dir, 'pack.pdf'), '--quiet');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Wrote .*pack\.pdf \(\d+ pages, \d+ KB, 3 charts\)/);
    // The chart is named where the build says so (validate draws no charts); the four 1e308 cells are the data's.
    expect(r.stdout).toContain('warning chart-not-drawn');
    expect(r.stdout).toContain('4 warnings about the data');
  });
});
