import { describe, expect, it } from 'vitest';
import { nodeEffects } from '../../src/effects.js';
import { analyseReport, loadReport } from '../../src/pipeline.js';
import { writeWorkbook } from '../helpers/workbooks.js';

describe('characters the fonts lack', () => {
  it('are named by a warning on the cell they came from, not printed as nothing in silence', async () => {
    const path = writeWorkbook({
      S: [
        ['ID', 'Measure', 'Lead', 'Apr-24', 'May-24'],
        ['A', 'عدد الأطفال في الرعاية', 'Ann Smith', 1, 2],
        ['B', 'Children seen – “on time” £ €', '김철수', 3, 4],
      ],
    });
    const { issues } = await analyseReport(await loadReport(path, nodeEffects), nodeEffects);
    const missing = issues.filter((i) => i.code === 'glyph-missing');
    expect(missing.map((i) => [i.at, i.message.slice(0, 40)])).toEqual([
      ['book.xlsx › S › A2', 'The title of A has 10 characters the pac'],
      ['book.xlsx › S › A3', 'The lead officer of B has 3 characters t'],
    ]);
  });
});
