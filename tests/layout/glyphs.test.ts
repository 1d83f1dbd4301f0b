import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeEffects } from '../../src/effects.js';
import { missingGlyphs } from '../../src/layout/glyphs.js';
import { FONTS_DIR } from '../../src/narrate/pack.js';
import { analyseReport, loadReport } from '../../src/pipeline.js';
import { writeWorkbook } from '../helpers/workbooks.js';

const FACES = ['DejaVuSansCondensed.ttf', 'DejaVuSansCondensed-Bold.ttf', 'DejaVuSansCondensed-Oblique.ttf', 'DejaVuSansCondensed-BoldOblique.ttf'];
const FALLBACKS = ['NotoSansArabic-Regular.ttf', 'NotoSansHebrew-Regular.ttf', 'DroidSansFallback.ttf', 'NotoEmoji-Regular.ttf'];
const fonts = (names: string[]) => names.map((n) => join(FONTS_DIR, n));

const book = () =>
  writeWorkbook({
    S: [
      ['ID', 'Measure', 'Lead', 'Apr-24', 'May-24'],
      ['A', 'عدد الأطفال في الرعاية', 'Ann Smith', 1, 2],
      ['B', 'Children seen – “on time” £ €', '김철수', 3, 4],
      ['C', 'Private use \uE000 and 😀', 'שרה', 5, 6],
    ],
  });

describe('characters the fonts lack', () => {
  it('are found against the whole chain: the pack’s faces, then each fallback', async () => {
    const { scorecard } = await loadReport(book(), nodeEffects);
    // The bundled Latin subset alone lacks Arabic, Hangul, Hebrew and emoji.
    const alone = await missingGlyphs(scorecard, fonts(FACES));
    expect(alone.map((i) => [i.at, i.message.slice(0, 40)])).toEqual([
      ['book.xlsx › S › A2', 'The title of A has 10 characters the pac'],
      ['book.xlsx › S › A3', 'The lead officer of B has 3 characters t'],
      ['book.xlsx › S › A4', 'The title of C has 2 characters the pack'],
      ['book.xlsx › S › A4', 'The lead officer of C has 3 characters t'],
    ]);
    // With the fallbacks, only a character no font has is left, and its cell is named.
    const chained = await missingGlyphs(scorecard, fonts(FACES), fonts(FALLBACKS));
    expect(chained.map((i) => [i.code, i.at, i.message])).toEqual([
      ['glyph-missing', 'book.xlsx › S › A4', "The title of C has a character the pack's fonts cannot show (\uE000); it prints as nothing in the pack."],
    ]);
    expect(chained[0]!.hint).toContain('fonts.fallback');
  });

  it('are checked against the default pack’s fallbacks when a report is analysed', async () => {
    const { issues } = await analyseReport(await loadReport(book(), nodeEffects), nodeEffects);
    expect(issues.filter((i) => i.code === 'glyph-missing').map((i) => i.at)).toEqual(['book.xlsx › S › A4']);
  });

  it('reads a fallback font only when a character needs it', async () => {
    const path = writeWorkbook({
      S: [
        ['ID', 'Measure', 'Apr-24'],
        ['A', 'Plain Latin', 1],
      ],
    });
    const { scorecard } = await loadReport(path, nodeEffects);
    // A fallback that is not there is never opened for text the pack's own font draws.
    expect(await missingGlyphs(scorecard, fonts(FACES), ['/nonexistent/font.ttf'])).toEqual([]);
  });

  it('names a fallback that is not a font once a character needs it', async () => {
    const path = writeWorkbook({
      S: [
        ['ID', 'Measure', 'Apr-24'],
        ['A', 'עברית', 1],
      ],
    });
    const { scorecard } = await loadReport(path, nodeEffects);
    await expect(missingGlyphs(scorecard, fonts(FACES), [path])).rejects.toMatchObject({ code: 'font-unreadable', at: path });
  });
});
