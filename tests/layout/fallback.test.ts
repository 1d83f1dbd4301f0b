import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPack } from '../../src/build.js';
import { FontChain, loadTextEngines, visualOrder } from '../../src/chart/fontChain.js';
import { ChartRenderer } from '../../src/chart/render.js';
import { nodeEffects } from '../../src/effects.js';
import { chartPlaceholder } from '../../src/layout/drawCharts.js';
import { renderPdf } from '../../src/layout/pdf.js';
import { FONTS_DIR, loadPack } from '../../src/narrate/pack.js';
import type { Issue } from '../../src/model/scorecard.js';
import { repoDir } from '../helpers/examples.js';
import { readPdf } from '../helpers/pdf.js';
import { tempDir, writeConfig, writeWorkbook } from '../helpers/workbooks.js';

const FACES = ['DejaVuSansCondensed.ttf', 'DejaVuSansCondensed-Bold.ttf', 'DejaVuSansCondensed-Oblique.ttf', 'DejaVuSansCondensed-BoldOblique.ttf'];
const FALLBACKS = ['NotoSansArabic-Regular.ttf', 'NotoSansHebrew-Regular.ttf', 'DroidSansFallback.ttf', 'NotoEmoji-Regular.ttf'];
const fonts = (names: string[]) => names.map((n) => join(FONTS_DIR, n));

/** The PDF's embedded fonts, by their PostScript names without the subset tag. */
const embedded = (raw: string) => new Set([...raw.matchAll(/\/BaseFont \/[A-Z]{6}\+([\w-]+)/g)].map((m) => m[1]!));

const texts = {
  arabicSection: 'خدمات الأطفال في المدينة',
  arabicTitle: 'عدد الأطفال في الرعاية لأكثر من 12 شهرًا',
  arabicLead: 'أحمد علي',
  arabicComment: 'تحسن الأداء بنسبة 6 نقاط هذا الشهر.',
  hebrewSection: 'שירותי ילדים',
  hebrewTitle: 'מספר הילדים שנבדקו בזמן',
  hebrewLead: 'דוד כהן',
  hebrewComment: 'הביצועים השתפרו ב-2 נקודות.',
  chineseSection: '儿童服务',
  chineseTitle: '按时完成的评估比例',
  chineseLead: '王小明',
  chineseComment: '本月评估完成率提高了3个百分点。',
  koreanSection: '아동 서비스',
  koreanTitle: '제때 방문한 아동 비율',
  koreanLead: '김철수',
  koreanComment: '이번 달 실적이 개선되었습니다.',
  japaneseSection: '子ども支援サービス',
  japaneseTitle: '期限内に完了した審査の割合',
  japaneseLead: '山田 花子',
  japaneseComment: '今月はかなり改善しました。',
  emojiSection: 'Celebrations 🎉',
  emojiTitle: 'Families helped 😀',
  emojiLead: 'Jo Bloggs 🚀',
  emojiComment: 'Great month 🎉 thanks to the team 👍',
};

function scriptsWorkbook(dir = tempDir()): string {
  const t = texts;
  const row = (id: string, title: string, lead: string, comment: string) => [id, title, lead, 'High is good', 61, 64, 70, '90', comment];
  writeWorkbook(
    {
      Scorecard: [
        ['ID', 'Measure', 'Lead Officer', 'Polarity', 'Apr-24', 'May-24', 'Jun-24', 'Target', 'Comments'],
        [t.arabicSection],
        row('A1', t.arabicTitle, t.arabicLead, t.arabicComment),
        [t.hebrewSection],
        row('H1', t.hebrewTitle, t.hebrewLead, t.hebrewComment),
        [t.chineseSection],
        row('C1', t.chineseTitle, t.chineseLead, t.chineseComment),
        [t.koreanSection],
        row('K1', t.koreanTitle, t.koreanLead, t.koreanComment),
        [t.japaneseSection],
        row('J1', t.japaneseTitle, t.japaneseLead, t.japaneseComment),
        [t.emojiSection],
        row('E1', t.emojiTitle, t.emojiLead, t.emojiComment),
      ],
    },
    'kpis.xlsx',
    dir,
  );
  return writeConfig(dir, 'title: Performance — الأداء — 成绩\nsources: [{ file: kpis.xlsx }]\n');
}

describe('a pack in Arabic, Hebrew, Chinese, Korean, Japanese and emoji', () => {
  let issues: Issue[];
  let pdf: Awaited<ReturnType<typeof readPdf>>;

  beforeAll(async () => {
    const config = scriptsWorkbook();
    const out = join(config, '..', 'pack.pdf');
    ({ findings: issues } = await buildPack(config, { out }));
    pdf = await readPdf(out);
  });

  it('builds with no glyph-missing finding: the fallback fonts have every character', () => {
    expect(issues.filter((i) => i.code === 'glyph-missing')).toEqual([]);
  });

  it('shows titles, sections, lead officers and commentary in the text layer', () => {
    // pdf.js puts a space between runs in different fonts ("提高了 3 个"), so spaces are left out of the comparison.
    const bare = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');
    const text = bare(pdf.text);
    for (const [key, value] of Object.entries(texts)) {
      // pdf.js reads right-to-left text back a run at a time (a full stop apart from its word), and
      // an Arabic lam-alef ligature's two letters in drawn order (الأ as األ): Arabic and Hebrew are
      // asserted by their words, those without one.
      const words = /^(arabic|hebrew)/.test(key) ? value.split(/[\s.-]+/).filter((w) => w !== '' && !/ل[اأإآ]/.test(w)) : [value];
      for (const word of words) expect(text, key).toContain(bare(word));
    }
    expect(pdf.outline).toEqual(expect.arrayContaining([`A1 ${texts.arabicTitle}`, `C1 ${texts.chineseTitle}`, texts.hebrewSection]));
  });

  it('embeds each fallback font, subset, beside the pack font', () => {
    const names = embedded(pdf.raw);
    for (const name of ['DejaVuSansCondensed', 'NotoSansArabic-Regular', 'NotoSansHebrew-Regular', 'DroidSansFallback', 'NotoEmoji-Regular'])
      expect(names).toContain(name);
    // Subset: the whole CJK font is 3.4 MB, the pack a small part of that.
    expect(pdf.raw.length).toBeLessThan(400_000);
  });
});

describe('a pack in Latin alone', () => {
  it('embeds no fallback font', async () => {
    const path = writeWorkbook({
      S: [
        ['ID', 'Measure', 'Lead', 'Apr-24', 'May-24', 'Comments'],
        ['A', 'Children seen – “on time” £ € ● ▲', 'Siân Ó Briain', 1, 2, 'Better — café, naïve, Wrexham ↑'],
      ],
    });
    const out = join(path, '..', 'pack.pdf');
    const { findings: issues } = await buildPack(path, { out });
    expect(issues.filter((i) => i.code === 'glyph-missing')).toEqual([]);
    const names = embedded(readFileSync(out).toString('latin1'));
    expect([...names].every((n) => n.startsWith('DejaVuSansCondensed'))).toBe(true);
  });
});

describe('characters no font has', () => {
  it('are named by glyph-missing on their cell, even with the fallback fonts', async () => {
    const path = writeWorkbook({
      S: [
        ['ID', 'Measure', 'Lead', 'Apr-24', 'May-24'],
        ['A', 'Private \uE000 use', 'Ann Smith', 1, 2],
        ['B', 'Unassigned \u{10FFFD}', 'عدد 😀 김', 3, 4],
      ],
    });
    const out = join(path, '..', 'pack.pdf');
    const { findings: issues } = await buildPack(path, { out });
    expect(issues.filter((i) => i.code === 'glyph-missing').map((i) => [i.at, i.message.slice(0, 36)])).toEqual([
      ['book.xlsx › S › A2', 'The title of A has a character the p'],
      ['book.xlsx › S › A3', 'The title of B has a character the p'],
    ]);
  });
});

describe('fonts.fallback in pack.yaml', () => {
  function packWith(fallback: string): string {
    const dir = tempDir();
    cpSync(join(repoDir, 'templates/default'), join(dir, 'pack'), { recursive: true });
    const yaml = readFileSync(join(dir, 'pack/pack.yaml'), 'utf8').replace(/ {2}fallback:\n(?: {4}- .*\n)+/, fallback);
    writeFileSync(join(dir, 'pack/pack.yaml'), yaml);
    return dir;
  }

  it('is resolved in the pack folder, then the bundled fonts, in order', async () => {
    const dir = packWith('  fallback: [NotoEmoji-Regular.ttf, mine.ttf]\n');
    cpSync(join(FONTS_DIR, 'NotoSansHebrew-Regular.ttf'), join(dir, 'pack/mine.ttf'));
    const pack = await loadPack({ template: './pack', baseDir: dir }, nodeEffects);
    expect(pack.fallbackFonts).toEqual([join(FONTS_DIR, 'NotoEmoji-Regular.ttf'), join(dir, 'pack/mine.ttf')]);
  });

  it('names a font that is not there', async () => {
    const dir = packWith('  fallback: [Nowhere.ttf]\n');
    await expect(loadPack({ template: './pack', baseDir: dir }, nodeEffects)).rejects.toMatchObject({ code: 'font-not-found' });
  });

  it('without fallbacks, Arabic and emoji are glyph-missing again', async () => {
    const dir = packWith('  fallback: []\n');
    writeWorkbook(
      {
        S: [
          ['ID', 'Measure', 'Apr-24', 'May-24'],
          ['A', 'عدد 😀', 1, 2],
        ],
      },
      'kpis.xlsx',
      dir,
    );
    const config = writeConfig(dir, 'sources: [{ file: kpis.xlsx }]\ntemplate: ./pack\n');
    const { findings: issues } = await buildPack(config, { out: join(dir, 'pack.pdf') });
    expect(issues.filter((i) => i.code === 'glyph-missing').map((i) => i.at)).toEqual(['kpis.xlsx › S › A2']);
  });
});

describe('right-to-left text', () => {
  let chain: FontChain;
  beforeAll(async () => {
    await loadTextEngines();
    chain = new FontChain(fonts(FACES), fonts(FALLBACKS));
  });
  /** The runs as drawn left to right, each as fontkit will show it (it reverses an Arabic or Hebrew word itself). */
  const drawn = (text: string, breaks?: Set<number>) =>
    visualOrder(chain.runs(text, breaks), (r) => r.level).map((r) => (/[\u0590-\u06ff]/.test(r.text) ? [...r.text].reverse().join('') : r.text));

  it('runs right to left word by word, numbers left to right, brackets mirrored', () => {
    // As a reader of the screen sees it, left to right: the last word first; the number and the percentage as written.
    expect(drawn('عدد الأطفال (في) 12 الرعاية').join('')).toBe('ةياعرلا 12 (يف) لافطألا ددع');
    expect(drawn('הביצועים השתפרו ב-2 נקודות.').join('')).toBe('.תודוקנ 2-ב ורפתשה םיעוציבה');
  });

  it('keeps the pack’s own words where they are written, with a right-to-left value among them', () => {
    // A heading: the Arabic title, then its rating, as every heading reads.
    const title = 'خدمات الأطفال';
    expect(drawn(`${title}   ○ Green`, new Set([0, title.length])).join('')).toBe('لافطألا تامدخ   ○ Green');
    expect(drawn('Lead officer: דוד כהן').join('')).toBe('Lead officer: ןהכ דוד');
    // A template's sentence quoting a title: the sentence reads left to right, the title inside it right to left.
    expect(drawn(' خدمات الأطفال: 70 is below the 90 target.').join('')).toBe(' لافطألا تامدخ: 70 is below the 90 target.');
    // An Arabic comment naming something in English still reads right to left throughout.
    expect(drawn('تحسن أداء KPI هذا الشهر').join('')).toBe('رهشلا اذه KPI ءادأ نسحت');
  });

  it('leaves text the pack’s font draws alone as it is', () => {
    expect(chain.plain('Children seen – “on time” £ € ● ▲ ↑ Siân')).toBe(true);
    expect(chain.runs('Hello')).toEqual([{ text: 'Hello', font: 0, level: 0, start: 0 }]);
  });

  it('puts each font’s characters in runs, keeping emoji sequences and spaces between words whole', () => {
    const runs = chain.runs('Team 👨‍👩‍👧 儿童 服务 done');
    expect(runs.map((r) => [r.text, r.font])).toEqual([
      ['Team ', 0],
      ['👨‍👩‍👧', 4],
      [' ', 0],
      ['儿童 服务', 3],
      [' done', 0],
    ]);
  });

  it('orders the words of each line of a wrapped paragraph, so every line reads from its right', async () => {
    // Sixty different words, none with a lam-alef ligature (see above).
    const letters = 'بتثجحخدذرزسشصضطظعغفقكمنهوي';
    const words = Array.from({ length: 60 }, (_, i) => `م${letters[i % letters.length]}${letters[Math.floor(i / letters.length)]}ن`);
    const pack = await loadPack({ template: 'default', baseDir: repoDir }, nodeEffects);
    const { bytes } = await renderPdf({ content: [{ text: words.join(' '), width: 300 }], defaultStyle: { font: 'PackSans', fontSize: 10 } }, pack);
    const path = join(tempDir(), 'rtl.pdf');
    writeFileSync(path, bytes);
    const items = await textItems(path);
    const lines = [...new Set(items.map((i) => i.y))].sort((a, b) => b - a);
    expect(lines.length).toBeGreaterThan(1);
    // pdf.js reads each right-to-left stretch back in logical order: taken right to left along each
    // line and down the lines, the words come back as written only if every line was drawn right to left.
    const order = lines.flatMap((y) =>
      items
        .filter((i) => i.y === y)
        .sort((a, b) => b.x - a.x)
        .flatMap((i) => i.str.split(' ')),
    );
    expect(order.filter((w) => w !== '')).toEqual(words);
    // And they are drawn in reading order, each at its place, so text copied or read aloud from the PDF comes as written.
    expect(items.flatMap((i) => i.str.split(' ')).filter((w) => w !== '')).toEqual(words);
  });
});

describe('charts', () => {
  it('measure and draw non-Latin labels in the fallback fonts, each run at its advance', async () => {
    const renderer = await ChartRenderer.create(join(FONTS_DIR, 'DejaVuSansCondensed.ttf'), 'PackSans', fonts(FALLBACKS));
    const labels = ['خدمات الأطفال', 'שירותי ילדים', '儿童服务', 'Emoji 🎉 here', 'Plain'];
    const drawing = renderer.render({
      width: 400,
      height: 200,
      alt: 'Bar chart',
      config: {
        type: 'bar',
        data: { labels, datasets: [{ label: 'Count', data: [1, 2, 3, 4, 5] }] },
        options: { indexAxis: 'y', animation: false, responsive: false, plugins: { legend: { display: false } } },
      },
    } as never);
    const texts = drawing.ops.filter((o) => o.kind === 'text') as Array<{ text: string; x: number; fallback?: number }>;
    const run = (t: string) => texts.find((o) => o.text.trim() === t)!;
    expect(run('خدمات').fallback).toBe(0);
    expect(run('ילדים').fallback).toBe(1);
    expect(run('儿童服务').fallback).toBe(2);
    expect(run('🎉').fallback).toBe(3);
    expect(run('Plain').fallback).toBeUndefined();
    // Right to left: the first word is drawn to the right of the second; left to right, the emoji after the word before it.
    expect(run('خدمات').x).toBeGreaterThan(run('الأطفال').x);
    expect(run('שירותי').x).toBeGreaterThan(run('ילדים').x);
    expect(run('Emoji').x).toBeLessThan(run('🎉').x);
    expect(run('🎉').x).toBeLessThan(run('here').x);
  });

  it('replay each run in its own font on the page', async () => {
    const pack = await loadPack({ template: 'default', baseDir: repoDir }, nodeEffects);
    const drawing = {
      width: 200,
      height: 50,
      ops: [
        { kind: 'text' as const, text: 'Label ', x: 10, y: 20, size: 8, bold: false, fill: { colour: '#000000', opacity: 1 }, matrix: null },
        { kind: 'text' as const, text: 'שלום', x: 40, y: 20, size: 8, bold: false, fill: { colour: '#000000', opacity: 1 }, matrix: null, fallback: 1 },
      ],
    };
    const { bytes } = await renderPdf({ content: [{ svg: chartPlaceholder(0, 200, 50), width: 200 }] }, pack, () => drawing);
    const names = embedded(bytes.toString('latin1'));
    expect(names).toContain('NotoSansHebrew-Regular');
    expect(names).not.toContain('NotoSansArabic-Regular');
  });
});

async function textItems(path: string) {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(path)), useSystemFonts: false, disableFontFace: true, isEvalSupported: false })
    .promise;
  const page = await doc.getPage(1);
  const content = await page.getTextContent();
  const items = content.items.flatMap((i) =>
    'str' in i && i.str.trim() !== '' ? [{ str: i.str, x: i.transform[4] as number, y: Math.round(i.transform[5] as number) }] : [],
  );
  await doc.destroy();
  return items;
}
