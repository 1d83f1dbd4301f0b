import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { buildPack } from '../../src/build.js';
import type { BoardpackError } from '../../src/errors.js';
import { packMisses } from '../helpers/invariant.js';
import { readPdf } from '../helpers/pdf.js';
import { tempDir, writeConfig, writeWorkbook } from '../helpers/workbooks.js';

describe('long commentary', () => {
  it('flows on past the page instead of taking its indicator out of the pack', async () => {
    const comment = Array.from({ length: 700 }, (_, i) => `word${i}`).join(' ');
    const path = writeWorkbook({
      S: [
        ['ID', 'Measure', 'Apr-24', 'May-24', 'Comments'],
        ['A', 'Thing one', 1, 2, comment],
        ['B', 'Thing two', 3, 4, 'Short.'],
      ],
    });
    const out = join(path, '..', 'pack.pdf');
    await buildPack(path, { out });
    const pdf = await readPdf(out);
    // The panel's title, its chart's figures and the whole comment are there, then the next panel.
    const details = pdf.text.slice(pdf.text.indexOf('word0 ') - 2000);
    expect(details).toContain('Thing one');
    expect(details).toContain('word699');
    expect(details.lastIndexOf('Thing two')).toBeGreaterThan(details.indexOf('word699'));
    expect(pdf.outline).toEqual(expect.arrayContaining(['A Thing one', 'B Thing two']));
    // Each page the comment runs on to says whose it is at its top, and no other page does.
    const onto = pdf.pages.filter((p) => p.includes('word699') || (p.includes('word') && !p.includes('word0 ')));
    expect(onto.length).toBeGreaterThan(0);
    for (const page of onto) expect(page).toContain('A Thing one (continued)');
    expect(pdf.pages.filter((p) => p.includes('(continued)'))).toHaveLength(onto.length);
  });

  it('breaks a word too long for its column (30,000 characters) instead of running it off the page', async () => {
    const path = writeWorkbook({
      S: [
        ['ID', 'Measure', 'Apr-24', 'May-24', 'Comments'],
        ['A', 'Thing', 1, 2, 'x'.repeat(30_000)],
      ],
    });
    const out = join(path, '..', 'pack.pdf');
    await buildPack(path, { out });
    const pdf = await readPdf(out);
    // Every character is drawn, on lines that fit: no line of the page's text holds more than a column's width.
    expect(pdf.text.match(/x/g)!.length).toBeGreaterThanOrEqual(30_000);
    expect(Math.max(...pdf.pages.flatMap((p) => p.split('\n')).map((l) => l.replace(/\u200b/g, '').length))).toBeLessThan(400);
  });
});

describe('a very long title', () => {
  it('is shortened in the pack with an ellipsis and a warning on its cell, and kept whole in the model', async () => {
    const title = `Percentage of ${'very '.repeat(6000)}long measures`;
    const path = writeWorkbook({
      S: [
        ['ID', 'Measure', 'Apr-24', 'May-24'],
        ['A', title, 1, 2],
      ],
    });
    const out = join(path, '..', 'pack.pdf');
    const result = await buildPack(path, { out });
    expect(result.report.scorecard.indicators[0]!.title).toBe(title);
    expect(result.findings.find((i) => i.code === 'text-too-long')).toMatchObject({ severity: 'warning', at: 'book.xlsx › S › A2' });
    const pdf = await readPdf(out);
    expect(pdf.text).toContain('very very…');
    expect(pdf.text).not.toContain('long measures');
  });
});

describe('long section names, lead officers, targets and units', () => {
  it('are shortened where the pack cannot break them, each named by a text-too-long warning; the model keeps them whole', async () => {
    const words = (w: string, n: number) => Array.from({ length: n }, (_, i) => `${w}${i}`).join(' ');
    const [section, lead, target] = [words('section', 2500), words('lead', 2500), words('target', 2500)];
    const path = writeWorkbook({
      S: [
        ['ID', 'Measure', 'Lead officer', 'Target', 'Apr-24', 'May-24', 'Comments'],
        [section, null, null, null, null, null, null],
        ['A', 'Thing one', lead, target, 1, 2, 'A comment.'],
        ['B', 'Thing two', 'Bob', '5', 3, 4, null],
      ],
    });
    const out = join(path, '..', 'pack.pdf');
    const result = await buildPack(path, { out });
    const too = result.findings.filter((i) => i.code === 'text-too-long');
    expect(too.map((i) => [i.message.split(' is ')[0], i.at])).toEqual(
      expect.arrayContaining([
        ['This lead officer', 'book.xlsx › S › A3'],
        ['This target', 'book.xlsx › S › D3'],
        ['This section name', 'book.xlsx › S › A2'],
      ]),
    );
    // A finding quotes a cell in a line, not in 20,000 characters.
    for (const i of result.findings) expect(i.message.length).toBeLessThan(400);
    const ind = result.report.scorecard.indicators.find((i) => i.id === 'A')!;
    expect([ind.lead, ind.target.raw, result.report.scorecard.sections[0]!.title]).toEqual([lead, target, section]);
    // Both indicators are in the pack, with a row, a panel and a bookmark each.
    const pdf = await readPdf(out);
    expect(packMisses(pdf, result.report.scorecard.indicators)).toEqual([]);
    expect(pdf.text).toContain('lead1 ');
    expect(pdf.text).not.toContain('lead100 ');
  });
});

describe('a detail panel taller than a page', () => {
  it('is refused, naming its indicator and cell, rather than left out of the pack (pdfmake drops it)', async () => {
    // Sixty benchmarks with long names: the panel lists every one, and cannot break.
    const names = Array.from({ length: 60 }, (_, i) => `Average of the authorities in comparator group number ${i} (statistical)`);
    const dir = tempDir();
    writeWorkbook(
      {
        S: [
          ['ID', 'Measure', 'Apr-24', 'May-24', ...names],
          ['A', 'Thing one', 1, 2, ...names.map((_, i) => i)],
        ],
      },
      'book.xlsx',
      dir,
    );
    const columns = names.map((n, i) => `        "${n}": ${XLSX.utils.encode_col(4 + i)}`).join('\n');
    const config = writeConfig(dir, `title: T\nsources:\n  - file: book.xlsx\n    columns:\n      benchmarks:\n${columns}\n`);
    const out = join(dir, 'pack.pdf');
    const error = await buildPack(config, { out }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'pack-incomplete', data: true });
    expect((error as BoardpackError).issues).toEqual([expect.objectContaining({ code: 'does-not-fit', at: 'book.xlsx › S › A2' })]);
    expect(existsSync(out)).toBe(false);
  });
});
