import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPack } from '../../src/build.js';
import { nodeEffects } from '../../src/effects.js';
import { readPdf } from '../helpers/pdf.js';
import { writeWorkbook } from '../helpers/workbooks.js';

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
    await buildPack(path, nodeEffects, { out });
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
    await buildPack(path, nodeEffects, { out });
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
    const result = await buildPack(path, nodeEffects, { out });
    expect(result.report.scorecard.indicators[0]!.title).toBe(title);
    expect(result.issues.find((i) => i.code === 'title-too-long')).toMatchObject({ severity: 'warning', at: 'book.xlsx › S › A2' });
    const pdf = await readPdf(out);
    expect(pdf.text).toContain('very very…');
    expect(pdf.text).not.toContain('long measures');
  });
});
