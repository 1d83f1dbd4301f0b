import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BuildResult, buildPack } from '../../src/build.js';
import { trendAlt } from '../../src/chart/builders.js';
import { formatValue } from '../../src/model/format.js';
import { shownTitle } from '../../src/model/scorecard.js';
import { anchorOf } from '../../src/narrate/index.js';
import { examplesDir, repoDir } from '../helpers/examples.js';
import { tempDir } from '../helpers/workbooks.js';

type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
interface StructNode {
  role?: string;
  alt?: string;
  type?: string;
  children?: StructNode[];
}

/** Every page's structure tree and operators, read back with pdfjs-dist. */
async function readTagged(path: string) {
  const pdfjs: Pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(path)), useSystemFonts: false, disableFontFace: true, isEvalSupported: false })
    .promise;
  const trees: StructNode[] = [];
  /** Internal links: the page each is on (1-based), and the page its destination opens. */
  const links: Array<{ page: number; dest: string; opens: number | null }> = [];
  const texts: string[] = [];
  const unmarked: string[] = [];
  const { OPS } = pdfjs;
  const paint = new Set<number>([
    OPS.stroke,
    OPS.closeStroke,
    OPS.fill,
    OPS.eoFill,
    OPS.fillStroke,
    OPS.eoFillStroke,
    OPS.closeFillStroke,
    OPS.closeEOFillStroke,
    OPS.showText,
    OPS.showSpacedText,
    OPS.nextLineShowText,
    OPS.nextLineSetSpacingShowText,
    OPS.paintImageXObject,
    OPS.paintInlineImageXObject,
    OPS.paintImageMaskXObject,
    OPS.paintFormXObjectBegin,
    OPS.shadingFill,
  ]);
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    trees.push((await page.getStructTree()) as StructNode);
    texts.push((await page.getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' '));
    for (const a of (await page.getAnnotations()) as Array<{ subtype: string; dest?: unknown }>) {
      if (a.subtype !== 'Link' || typeof a.dest !== 'string') continue;
      const target = await doc.getDestination(a.dest);
      links.push({ page: n, dest: a.dest, opens: target?.[0] ? (await doc.getPageIndex(target[0] as never)) + 1 : null });
    }
    const ops = await page.getOperatorList();
    let depth = 0;
    ops.fnArray.forEach((fn, i) => {
      if (fn === OPS.beginMarkedContent || fn === OPS.beginMarkedContentProps) depth++;
      else if (fn === OPS.endMarkedContent) depth--;
      // pdfjs folds a path and the operator that paints it into one constructPath.
      const painted = fn === OPS.constructPath ? (ops.argsArray[i] as [number])[0] : fn;
      if (paint.has(painted) && depth === 0) unmarked.push(`page ${n}: operator ${painted}`);
    });
  }
  const { info, metadata } = (await doc.getMetadata()) as unknown as { info: Record<string, unknown>; metadata: { get(key: string): unknown } | null };
  const pdfua = metadata?.get('pdfuaid:part') ?? null;
  const preferences = await doc.getViewerPreferences();
  const markInfo = await doc.getMarkInfo();
  await doc.destroy();
  const all = (node: StructNode): StructNode[] => [node, ...(node.children ?? []).flatMap(all)];
  const nodes = trees.flatMap(all);
  return { pdfua, trees, texts, links, nodes, roles: new Set(nodes.map((n) => n.role).filter(Boolean)), unmarked, info, preferences, markInfo };
}

describe.each([
  ['the sample', join(repoDir, 'inputs/report.yaml')],
  ['the quarterly example', join(examplesDir, 'quarterly-2018-19-q2.yaml')],
])('%s, as a tagged PDF', (_name, input) => {
  let built: BuildResult;
  let pdf: Awaited<ReturnType<typeof readTagged>>;
  beforeAll(async () => {
    const out = join(tempDir(), 'pack.pdf');
    built = await buildPack(input, { out });
    pdf = await readTagged(out);
  }, 60_000);

  it('has a structure tree of headings, paragraphs, lists, tables, figures, contents and links', () => {
    for (const role of ['Document', 'H1', 'H2', 'H3', 'P', 'Table', 'THead', 'TBody', 'TR', 'TH', 'TD', 'Figure', 'TOC', 'TOCI', 'Link', 'Sect']) {
      expect(pdf.roles, role).toContain(role);
    }
    expect(pdf.markInfo).toMatchObject({ Marked: true });
  });

  it('paints nothing outside marked content: all is content in the tree, or an Artifact', () => {
    expect(pdf.unmarked).toEqual([]);
  });

  it('has one Figure per chart, each with alt text naming its latest value and target', () => {
    const figures = pdf.nodes.filter((n) => n.role === 'Figure');
    expect(figures).toHaveLength(built.charts);
    const alts = new Set(figures.map((f) => f.alt));
    const periods = built.analysis.pack.spec.details.chartPeriods;
    for (const a of built.analysis.assessment.indicators) {
      const alt = trendAlt(a, periods);
      expect(alts, a.indicator.id ?? a.indicator.title).toContain(alt);
      const latest = a.history
        .slice(-periods)
        .map((p) => p.observation)
        .filter((o) => o.value !== null)
        .at(-1);
      if (latest) expect(alt).toContain(formatValue(latest.value!, a.indicator.unit, a.indicator.decimals));
      // And its target, where one was rated against.
      if (a.history.slice(-periods).some((p) => p.goal !== null)) expect(alt).toMatch(/; target /);
    }
  });

  it('links every indicator from its scorecard row to its detail panel, and each panel back to its table', () => {
    const indicators = built.report.scorecard.indicators;
    const squash = (t: string) => t.replace(/\s+/g, '');
    for (const ind of indicators) {
      const anchor = anchorOf(indicators, ind);
      const to = pdf.links.filter((l) => l.dest === anchor);
      // From its row (and perhaps from the summary's lists), to the page that shows its panel.
      const rowPage = pdf.links.find((l) => l.dest === (ind.section ? `s-${ind.section}` : 's-none') && l.opens !== null)?.opens ?? undefined;
      expect(
        to.some((l) => rowPage !== undefined && l.page >= rowPage && l.page < l.opens!),
        `${anchor} is linked from its scorecard row`,
      ).toBe(true);
      for (const l of to) expect(squash(pdf.texts[l.opens! - 1]!)).toContain(squash(shownTitle(ind.title)).slice(0, 30));
      const table = ind.section ? `s-${ind.section}` : 's-none';
      expect(
        pdf.links.some((l) => l.dest === table && to.some((t) => t.opens === l.page)),
        `${anchor} links back to ${table}`,
      ).toBe(true);
    }
  });

  it('sets the language and shows the title in the window', () => {
    expect(pdf.info.Language).toBe('en-GB');
    expect(pdf.info.Title).toContain(built.report.config.title);
    expect(pdf.preferences).toMatchObject({ DisplayDocTitle: true });
    expect(String(pdf.pdfua)).toBe('1');
  });
});
