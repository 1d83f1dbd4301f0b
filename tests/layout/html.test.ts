import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuildResult, buildPack } from '../../src/build.js';
import { sha256 } from '../../src/manifest.js';
import { formatValue } from '../../src/model/format.js';
import { shownTitle } from '../../src/model/scorecard.js';
import { anchorOf } from '../../src/narrate/index.js';
import { type OpenBrowser, axeViolations, chromiumPath, fontsUsed, launchChromium, openFile } from '../helpers/browser.js';
import { run } from '../helpers/cli.js';
import { writeConfig, writeWorkbook } from '../helpers/workbooks.js';

const repo = new URL('../../', import.meta.url).pathname;
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'boardpack-html-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The words the page must show for each indicator: its title, its latest figure (or that there is none) and its rating's word. */
function expectedWords(result: BuildResult): Array<{ anchor: string; title: string; latest: string; rag: string }> {
  const { spec } = result.analysis.pack;
  return result.analysis.assessment.indicators.map((a) => {
    const ind = a.indicator;
    const shown = a.current ?? a.latest;
    return {
      anchor: anchorOf(result.report.scorecard.indicators, ind),
      title: shownTitle(ind.title),
      latest: shown ? formatValue(shown.value!, ind.unit, ind.decimals) : spec.words.labels.noValue,
      rag: spec.words.rag[a.rag],
    };
  });
}

describe('the web page (build --format html)', () => {
  it('is written beside the PDF from the same build, with its hash in the manifest; the PDF is the same bytes as without it', async () => {
    const dir = tempDir();
    const both = await buildPack(`${repo}inputs/report.yaml`, { out: join(dir, 'both', 'pack.pdf'), formats: ['pdf', 'html'] });
    const alone = await buildPack(`${repo}inputs/report.yaml`, { out: join(dir, 'alone', 'pack.pdf') });
    expect(both.sha256).toBe(alone.sha256);
    expect(alone.html).toBeNull();
    expect(alone.manifest.html).toBeNull();
    expect(both.formats).toEqual(['pdf', 'html']);
    expect(both.html!.path).toBe(join(dir, 'both', 'pack.html'));
    const page = readFileSync(both.html!.path);
    expect(sha256(page)).toBe(both.html!.sha256);
    expect(both.manifest.html).toEqual({ path: 'pack.html', bytes: page.byteLength, sha256: both.html!.sha256 });
    expect(readdirSync(join(dir, 'both')).sort()).toEqual(['pack.html', 'pack.manifest.json', 'pack.pdf']);
  });

  it('alone, writes the page and its manifest and no PDF; --format is checked', async () => {
    const dir = tempDir();
    const r = await run('build', `${repo}inputs/report.yaml`, '--out', join(dir, 'pack.html'), '--format', 'html', '--json', '-q');
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.path).toBe(join(dir, 'pack.html'));
    expect(json.html.path).toBe(join(dir, 'pack.html'));
    expect(json.pages).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['pack.html', 'pack.manifest.json']);
    const manifest = JSON.parse(readFileSync(join(dir, 'pack.manifest.json'), 'utf8'));
    expect(manifest.html.sha256).toBe(sha256(readFileSync(join(dir, 'pack.html'))));

    const bad = await run('build', `${repo}inputs/report.yaml`, '--format', 'docx');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"docx" is not a format');
    const stdout = await run('build', `${repo}inputs/report.yaml`, '--format', 'pdf,html', '--out', '-');
    expect(stdout.code).toBe(2);
    const wrongOut = await run('build', `${repo}inputs/report.yaml`, '--format', 'pdf,html', '--out', join(dir, 'x.html'));
    expect(wrongOut.code).toBe(2);
    expect(existsSync(join(dir, 'x.html'))).toBe(false);
  });

  it("escapes the officer's commentary for HTML: tags are shown as written, never run", async () => {
    const dir = tempDir();
    cpSync(`${repo}tests/fixtures/tidy-csv`, join(dir, 'in'), { recursive: true });
    const comment = 'Late <script>alert("x")</script> & <b>not bold</b> <img src=x onerror=alert(1)>';
    writeFileSync(join(dir, 'in', 'Commentary.csv'), `ID,Period,Commentary,Author\nA1,Mar-25,"${comment.replace(/"/g, '""')}",<i>Jo</i>\n`);
    const built = await buildPack(join(dir, 'in'), { out: join(dir, 'out', 'pack.pdf'), formats: ['html'] });
    const html = Buffer.from(built.html!.bytes).toString('utf8');
    expect(html).not.toMatch(/<script|<img src=x|<b>not|<i>Jo/);
    expect(html).toContain('Late &lt;script&gt;alert("x")&lt;/script&gt; &amp; &lt;b&gt;not bold&lt;/b&gt; &lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;i&gt;Jo&lt;/i&gt;');
  });

  it('embeds its font cut down to the characters it uses, and no fallback font it does not need', async () => {
    const built = await buildPack(`${repo}inputs/report.yaml`, { write: false, formats: ['html'] });
    const html = Buffer.from(built.html!.bytes).toString('utf8');
    const faces = [...html.matchAll(/@font-face\{font-family:'([^']+)';src:url\(data:font\/ttf;base64,([A-Za-z0-9+/=]+)\)/g)];
    expect(faces.map((f) => f[1])).toEqual(['PackSans', 'PackSans', 'PackSans', 'PackSans']);
    for (const [, , data] of faces) {
      const bytes = Buffer.from(data!, 'base64').byteLength;
      // DejaVu Sans Condensed is ~220 KB a face.
      expect(bytes).toBeGreaterThan(5_000);
      expect(bytes).toBeLessThan(60_000);
    }
  });
});

describe('the web page in a browser (Chromium, axe-core)', () => {
  // One browser for these tests, started by the first: a missing Chromium fails each of them, saying so, rather than skipping them.
  let chromium: Promise<OpenBrowser> | undefined;
  const browser = async () => (await (chromium ??= launchChromium())).browser;
  afterAll(async () => {
    await (await chromium?.catch(() => undefined))?.close();
  });

  const inputs = [
    'inputs/report.yaml',
    ...readdirSync(`${repo}examples`)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => `examples/${f}`),
  ];
  it.each(inputs)('%s: no WCAG 2.1 A or AA violation, nothing fetched, a named SVG per chart, every indicator shown', async (input) => {
    const dir = tempDir();
    const built = await buildPack(`${repo}${input}`, { out: join(dir, 'pack.pdf'), formats: ['html'] });
    const { page, requests } = await openFile(await browser(), built.html!.path, 1280);
    try {
      const facts = await page.evaluate(() => {
        const charts = [...document.querySelectorAll('figure.chart > svg')].map((svg) => ({
          role: svg.getAttribute('role'),
          name: document.getElementById(svg.getAttribute('aria-labelledby') ?? '')?.textContent?.trim() ?? '',
        }));
        const levels = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => Number(h.tagName[1]));
        const tables = [...document.querySelectorAll('table')].map((t) => ({
          caption: t.querySelector('caption')?.textContent?.trim() ?? '',
          unscoped: t.querySelectorAll('th:not([scope])').length,
        }));
        // Each detail panel's words as shown on screen, by the anchors of its headings (its section's label may head the first).
        const shown = (e: Element) =>
          // biome-ignore lint/performance/useDomNodeTextContent: what the page shows, not the text hidden in it
          (e as HTMLElement).innerText.replace(/\u200b/g, '');
        const panels = Object.fromEntries(
          [...document.querySelectorAll('section.panel')].flatMap((s) => [...s.querySelectorAll('h2[id], h3[id]')].map((h) => [h.id, shown(s)])),
        );
        return { lang: document.documentElement.lang, scripts: document.scripts.length, charts, levels, tables, panels };
      });
      expect(facts.lang).toBe('en-GB');
      expect(facts.scripts).toBe(0);
      // Text is drawn in the pack's own font, embedded in the page, never the system's.
      for (const selector of ['h1', 'tbody th', 'figure.chart svg text', 'blockquote p, p'])
        expect(await fontsUsed(page, selector), selector).toEqual(['PackSans']);
      // axe-core's script goes in only once the page's own scripts (none) are counted.
      expect(await axeViolations(page)).toEqual([]);
      expect(requests).toEqual([]);
      // One named SVG per chart the pack draws: the summary and each indicator's trend.
      expect(facts.charts).toHaveLength(built.charts);
      for (const c of facts.charts) {
        expect(c.role).toBe('img');
        expect(c.name.length).toBeGreaterThan(10);
      }
      // Headings in order: none skips a level on the way down.
      for (const [i, level] of facts.levels.entries()) expect(level).toBeLessThanOrEqual(i === 0 ? 1 : facts.levels[i - 1]! + 1);
      for (const t of facts.tables) {
        expect(t.caption).not.toBe('');
        expect(t.unscoped).toBe(0);
      }
      for (const want of expectedWords(built)) {
        const panel = facts.panels[want.anchor];
        expect(panel, want.title).toBeDefined();
        expect(panel).toContain(want.title);
        expect(panel).toContain(want.latest);
        expect(panel).toContain(want.rag);
      }

      // On a phone, and at 400% zoom (1280 / 4 = 320 CSS pixels), the page reflows: only tables scroll, in their own box.
      for (const width of [390, 320]) {
        await page.setViewport({ width, height: 800 });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${width} px wide`).toBeLessThanOrEqual(0);
      }
    } finally {
      await page.close();
    }
  });
});

describe('a chart that cannot be drawn, on the web page', () => {
  it('is a framed box with its description, still named, and reported once whether or not the PDF is built too', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'Indicators.csv'),
      'ID,Title,Section,Unit,Polarity,Target\nX1,Measure X1,Extremes,number,High is good,5\nX2,Measure X2,Extremes,number,High is good,5\n',
    );
    writeFileSync(join(dir, 'Values.csv'), 'ID,Period,Value\nX1,Jan-25,1e308\nX1,Feb-25,-1e308\nX1,Mar-25,1e308\nX2,Jan-25,1\nX2,Feb-25,2\nX2,Mar-25,3\n');
    for (const formats of [['html'], ['pdf', 'html']] as const) {
      const built = await buildPack(dir, { out: join(dir, formats.join('-'), 'pack.pdf'), formats });
      const failed = built.findings.filter((i) => i.code === 'chart-not-drawn');
      expect(failed.map((i) => i.message)).toEqual([expect.stringMatching(/^The chart of X1 Measure X1 could not be drawn/)]);
      const html = Buffer.from(built.html!.bytes).toString('utf8');
      const svgs = [...html.matchAll(/<svg xmlns[^>]*role="img" aria-labelledby="([^"]+)"><title id="\1">([^<]+)<\/title>/g)];
      expect(svgs).toHaveLength(built.charts);
      expect(html).toContain(built.analysis.pack.spec.words.labels.chartNotDrawn);
    }
  });
});

describe('the web page with changes since the last pack', () => {
  it('has the part, with its tables, and passes axe-core as the rest does', async () => {
    const dir = tempDir();
    await buildPack(`${repo}inputs/report.yaml`, { out: join(dir, 'feb.pdf'), period: 'previous' });
    const built = await buildPack(`${repo}inputs/report.yaml`, { out: join(dir, 'mar.pdf'), formats: ['html'] });
    expect(built.manifest.comparedWith).not.toBeNull();
    const chromium = await launchChromium();
    try {
      const { page, requests } = await openFile(chromium.browser, built.html!.path, 1280);
      const part = await page.evaluate(() => {
        const heading = document.getElementById('changes');
        const section = heading?.closest('section.part');
        return {
          heading: heading?.tagName,
          tables: section?.querySelectorAll('table caption').length ?? 0,
          inContents: !!document.querySelector('nav a[href="#changes"]'),
        };
      });
      expect(part).toEqual({ heading: 'H1', tables: expect.any(Number), inContents: true });
      expect(part.tables).toBeGreaterThan(0);
      expect(await axeViolations(page)).toEqual([]);
      expect(requests).toEqual([]);
      await page.close();
    } finally {
      await chromium.close();
    }
  });
});

describe('the web page in other scripts', () => {
  const arabic = 'عدد الأطفال في الرعاية';
  const chinese = '按时完成的评估比例';
  let html: string;
  let file: string;
  beforeAll(async () => {
    const dir = tempDir();
    const row = (id: string, title: string) => [id, title, 'High is good', 61, 64, 70, '90'];
    writeWorkbook(
      {
        Scorecard: [
          ['ID', 'Measure', 'Polarity', 'Apr-24', 'May-24', 'Jun-24', 'Target'],
          row('A1', arabic),
          row('C1', chinese),
          row('E1', 'Families helped 😀'),
        ],
      },
      'kpis.xlsx',
      dir,
    );
    const built = await buildPack(writeConfig(dir, 'title: Scripts\nsources: [{ file: kpis.xlsx }]\n'), { out: join(dir, 'pack.pdf'), formats: ['html'] });
    file = built.html!.path;
    html = readFileSync(file, 'utf8');
  });

  it('embeds a fallback font only when a character needs it: whole for Arabic (its letters join), else cut down', () => {
    const faces = new Map(
      [...html.matchAll(/@font-face\{font-family:'([^']+)';src:url\(data:font\/ttf;base64,([A-Za-z0-9+/=]+)\)/g)].map((m) => [
        m[1]!,
        Buffer.from(m[2]!, 'base64'),
      ]),
    );
    // The default chain: Arabic, Hebrew, CJK (Droid Sans Fallback, 3.4 MB), emoji. No Hebrew here.
    expect([...faces.keys()]).toEqual(['PackSans', 'PackSans-fallback-1', 'PackSans-fallback-3', 'PackSans-fallback-4']);
    expect(faces.get('PackSans-fallback-1')!.byteLength).toBe(readFileSync(`${repo}fonts/NotoSansArabic-Regular.ttf`).byteLength);
    expect(faces.get('PackSans-fallback-3')!.byteLength).toBeLessThan(50_000);
    expect(faces.get('PackSans-fallback-4')!.byteLength).toBeLessThan(50_000);
  });

  it('draws each script in its font in the browser', async () => {
    const chromium = await launchChromium();
    try {
      const { page } = await openFile(chromium.browser, file, 1280);
      // Panels with no section above them are H2s under "Indicator details", all three.
      const ids = await page.evaluate(() => [...document.querySelectorAll('section.panel h2[id]')].map((h) => h.id));
      expect(ids).toHaveLength(3);
      // Embedded whole, the Arabic font goes by the name inside it; still the page's own, not the system's.
      expect(await fontsUsed(page, `[id="${ids[0]}"]`)).toEqual(['Noto Sans Arabic', 'PackSans']);
      expect(await fontsUsed(page, `[id="${ids[1]}"]`)).toEqual(['PackSans', 'PackSans-fallback-3']);
      expect(await fontsUsed(page, `[id="${ids[2]}"]`)).toEqual(['PackSans', 'PackSans-fallback-4']);
      expect(await fontsUsed(page, 'figure.chart svg text')).toEqual(['PackSans']);
      await page.close();
    } finally {
      await chromium.close();
    }
  });
});

describe('the browser tests', () => {
  it('see a request that leaves the page', async () => {
    const chromium = await launchChromium();
    try {
      const file = join(tempDir(), 'fetching.html');
      writeFileSync(
        file,
        '<!DOCTYPE html><html lang="en"><title>t</title><img src="http://192.0.2.1/x.png" alt="x"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="y">',
      );
      const { page, requests } = await openFile(chromium.browser, file, 800);
      expect(requests).toEqual(['http://192.0.2.1/x.png']);
      await page.close();
    } finally {
      await chromium.close();
    }
  });

  it('fail, saying how to install Chromium, when it is missing (never a silent pass)', () => {
    expect(() => chromiumPath('/nonexistent/chromium')).toThrow(/apt-get install -y --no-install-recommends chromium/);
  });
});
