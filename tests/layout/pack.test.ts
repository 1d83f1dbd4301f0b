import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeEffects } from '../../src/effects.js';
import { formatValue } from '../../src/model/format.js';
import { DIRECTION_SHAPE, RAG_SHAPE } from '../../src/layout/theme.js';
import { analyseReport, loadReport } from '../../src/pipeline.js';
import { run } from '../helpers/cli.js';
import { repoDir } from '../helpers/examples.js';
import { readPdf } from '../helpers/pdf.js';
import { tempDir, writeWorkbook } from '../helpers/workbooks.js';

const squash = (s: string) => s.replace(/\s+/g, ' ');

describe('the sample pack, as npm start builds it', () => {
  const out = join(tempDir(), 'sample.pdf');
  let pdf: Awaited<ReturnType<typeof readPdf>>;

  beforeAll(async () => {
    // --quiet: no progress lines, so anything on stderr is a problem.
    const r = await run('build', join(repoDir, 'inputs/report.yaml'), '--out', out, '--quiet');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Wrote .*sample\.pdf \(\d+ pages, \d+ KB, 61 charts\)/);
    pdf = await readPdf(out);
  });

  it('shows every indicator with its title, latest value as formatted and its RAG word', async () => {
    const report = await loadReport(join(repoDir, 'inputs/report.yaml'), nodeEffects);
    const { assessment, pack } = await analyseReport(report, nodeEffects);
    const text = squash(pdf.text);
    for (const a of assessment.indicators) {
      const ind = a.indicator;
      expect(text).toContain(squash(ind.title).slice(0, 40));
      if (a.current) expect(text).toContain(formatValue(a.current.value!, ind.unit, a.current.decimals ?? ind.decimals));
      expect(text).toContain(pack.spec.words.rag[a.rag]);
      // The detail panel names the rating beside the indicator's own facts.
      expect(text).toContain(`${ind.id}`);
    }
  });

  it('has a contents page with page numbers, and Page 1 of N', () => {
    const contents = pdf.pages.find((p) => p.startsWith('Contents') || p.includes('\nContents'))!;
    expect(contents).toBeDefined();
    for (const entry of ['How to read this report', 'Executive summary', 'Scorecard', 'Early Help and Front Door', 'Workforce', 'Indicator details'])
      expect(contents).toContain(entry);
    expect(squash(contents)).toMatch(/Executive summary \d+/);
    expect(pdf.pages[0]).toContain(`Page 1 of ${pdf.pages.length}`);
    expect(pdf.pages.at(-1)).toContain(`Page ${pdf.pages.length} of ${pdf.pages.length}`);
  });

  it('has bookmarks for every section and indicator', () => {
    expect(pdf.topOutline).toEqual(expect.arrayContaining(['How to read this report', 'Executive summary', 'Scorecard', 'Indicator details']));
    for (const title of [
      'Early Help and Front Door',
      'Workforce',
      'EH1 Number of contacts received by the front door (in month)',
      'WF10 Number of newly qualified social workers in the assessed year',
    ]) {
      expect(pdf.outline).toContain(title);
    }
    expect(pdf.outline.filter((t) => /^(EH|SG|CIC|CL|ED|WF)\d+ /.test(t))).toHaveLength(60);
  });

  it('sets the metadata and the language, and embeds every font', () => {
    expect(pdf.info).toMatchObject({
      Title: "Children's Services Performance Scorecard — March 2026",
      Author: 'Northbridge Borough Council',
      Subject: 'Children and Families Committee — Performance to March 2026',
      Creator: 'boardpack',
    });
    expect(pdf.info.Keywords).toContain('performance scorecard');
    expect(pdf.raw).toMatch(/\/Lang \(en-GB\)/);
    const descriptors = pdf.raw.match(/\/Type \/FontDescriptor/g) ?? [];
    const embedded = pdf.raw.match(/\/FontFile2 \d+ 0 R/g) ?? [];
    expect(descriptors.length).toBeGreaterThan(0);
    expect(embedded.length).toBe(descriptors.length);
    expect(pdf.raw).not.toMatch(/\/BaseFont \/(Helvetica|Times|Courier|Roboto)/);
  });

  it('shows each symbol once in the key, every one with a single meaning, and draws them in the tables', () => {
    const key = pdf.pages.find((p) => p.includes('How to read this report') && !p.includes('Contents'))!;
    const shapes = [...Object.values(RAG_SHAPE), ...Object.values(DIRECTION_SHAPE)];
    expect(new Set(shapes).size).toBe(shapes.length);
    for (const s of shapes) expect(key.split(s).length - 1, s).toBe(1);
    for (const glyph of ['●', '▲', '■', '◇', '○', '⬆', '⬇', '⬌', '↑', '↓']) expect(pdf.text.replace(key, '')).toContain(glyph);
  });
});

describe('the published examples build into complete packs', () => {
  it.each([
    ['monthly-2024-25.yaml', 96, 'Early Help and Front Door Responses'],
    ['quarterly-2018-19-q2.yaml', 104, 'Virtual School'],
    ['kpi-2017-q2.yaml', 51, 'CSC 252b'],
  ])('%s', async (config, indicators, expected) => {
    const out = join(tempDir(), 'pack.pdf');
    const r = await run('build', join(repoDir, 'examples', config), '--out', out);
    expect(r.code).toBe(0);
    const pdf = await readPdf(out);
    expect(pdf.outline.length).toBeGreaterThan(indicators);
    expect(pdf.text).toContain(expected);
    expect(pdf.pages[0]).toContain(`Page 1 of ${pdf.pages.length}`);
  });
});

describe('page formats', () => {
  it.each([
    ['portrait', 'A4', 2],
    ['landscape', 'A3', 12],
  ])('lays out %s %s, fitting %i periods in the scorecard tables', async (orientation, size, periods) => {
    const { cpSync, readFileSync: read, writeFileSync } = await import('node:fs');
    const dir = tempDir();
    cpSync(join(repoDir, 'templates/default'), join(dir, 'pack'), { recursive: true });
    cpSync(join(repoDir, 'inputs/kpis.xlsx'), join(dir, 'kpis.xlsx'));
    const spec = join(dir, 'pack', 'pack.yaml');
    writeFileSync(
      spec,
      read(spec, 'utf8')
        .replace('size: A4 ', `size: ${size} `)
        .replace('orientation: landscape', `orientation: ${orientation}`)
        .replace('periods: 6 ', 'periods: 12 ')
        .replace('page: Page {page} of {pages}', 'page: Tudalen {page} o {pages}'),
    );
    writeFileSync(join(dir, 'report.yaml'), 'sources: [{ file: kpis.xlsx }]\ntemplate: ./pack\n');
    const out = join(dir, 'p.pdf');
    expect((await run('build', join(dir, 'report.yaml'), '--out', out)).code).toBe(0);
    const pdf = await readPdf(out);
    expect(pdf.pages[0]).toContain(`Tudalen 1 o ${pdf.pages.length}`);
    const scorecard = pdf.pages.find((p) => p.includes('Scorecard') && p.includes('Measure'))!;
    const header = squash(scorecard)
      .match(/ID Measure (.*?) Target/)![1]!
      .split(' ');
    expect(header).toHaveLength(periods);
    expect(header.at(-1)).toBe('Mar-26');
  });
});

describe('building safely', () => {
  it('gives the same bytes for the same inputs', async () => {
    const dir = tempDir();
    const previous = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = '1774000000';
    try {
      await run('build', join(repoDir, 'tests/fixtures/tidy-csv'), '--out', join(dir, 'a.pdf'));
      await run('build', join(repoDir, 'tests/fixtures/tidy-csv'), '--out', join(dir, 'b.pdf'));
    } finally {
      if (previous === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = previous;
    }
    expect(readFileSync(join(dir, 'a.pdf')).equals(readFileSync(join(dir, 'b.pdf')))).toBe(true);
  });

  it('writes nothing when the data has errors, and says which cells', async () => {
    const dir = tempDir();
    const book = writeWorkbook(
      {
        Scorecard: [
          ['ID', 'Measure', 'Apr-24', 'May-24'],
          ['1', 'Thing', 5, 6],
          ['1', 'Other', 3, 4],
        ],
      },
      'broken.xlsx',
      dir,
    );
    const out = join(dir, 'pack.pdf');
    const r = await run('build', book, '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error data-errors');
    expect(r.stderr).toContain('duplicate-id  broken.xlsx › Scorecard › A3');
    expect(existsSync(out)).toBe(false);
  });

  it('writes nothing when a template is broken', async () => {
    const dir = tempDir();
    const { cpSync, writeFileSync } = await import('node:fs');
    cpSync(join(repoDir, 'templates/default'), join(dir, 'pack'), { recursive: true });
    cpSync(join(repoDir, 'inputs/kpis.xlsx'), join(dir, 'kpis.xlsx'));
    writeFileSync(join(dir, 'pack', 'cover.hbs'), '{{titel}}');
    writeFileSync(join(dir, 'report.yaml'), 'sources: [{ file: kpis.xlsx }]\ntemplate: ./pack\n');
    const r = await run('build', join(dir, 'report.yaml'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('pack/cover.hbs line 1: "titel" is not a field or helper here.');
    expect(existsSync(join(dir, 'output'))).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });
});
