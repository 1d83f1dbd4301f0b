import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packCharts } from '../../src/build.js';
import { nodeEffects } from '../../src/effects.js';
import type { Block, Cell, Heading, Inline, PackBlocks, Runs } from '../../src/layout/blocks.js';
import { layoutPack } from '../../src/layout/document.js';
import { anchorOf } from '../../src/narrate/index.js';
import { type Analysis, analyseReport, loadReport, type Report } from '../../src/pipeline.js';
import { repoDir } from '../helpers/examples.js';

/** Every block of the tree, depth first, with the blocks it sits in. */
function* walk(blocks: readonly Block[], within: readonly Block[] = []): Generator<{ block: Block; within: readonly Block[] }> {
  for (const block of blocks) {
    yield { block, within };
    const inner = [...within, block];
    if (block.kind === 'group' || block.kind === 'section' || block.kind === 'quote') yield* walk(block.blocks, inner);
    else if (block.kind === 'columns')
      yield* walk(
        block.columns.map((c) => c.block),
        inner,
      );
    else if (block.kind === 'contents') yield* walk([block.title], inner);
  }
}

const cells = (tree: PackBlocks): Cell[] =>
  [...walk(tree.parts.flatMap((p) => p.blocks))].flatMap(({ block }) => (block.kind === 'table' ? [...block.header, ...block.body].flat() : []));
const inlines = (text: Runs): Inline[] => (typeof text === 'string' ? [text] : text);
const cellInlines = (c: Cell): Inline[] => ('lines' in c ? c.lines.flatMap((l) => inlines(l.text)) : inlines(c.text));
const links = (runs: Inline[]) => runs.flatMap((r) => (typeof r === 'object' && 'link' in r && r.link ? [r.link] : []));

describe('the tree of blocks the pack is drawn from (the sample)', () => {
  let report: Report;
  let analysis: Analysis;
  let tree: PackBlocks;
  let all: Array<{ block: Block; within: readonly Block[] }>;

  beforeAll(async () => {
    report = await loadReport(join(repoDir, 'inputs/report.yaml'), nodeEffects);
    analysis = await analyseReport(report, nodeEffects);
    const layout = layoutPack(report, analysis, { generated: new Date(Date.UTC(2026, 3, 1)), charts: packCharts(analysis) });
    tree = layout.blocks;
    expect(tree.charts).toBe(layout.charts);
    all = [...walk(tree.parts.flatMap((p) => p.blocks))];
  });

  it('has the parts in the pack order, each after the first on a new page', () => {
    expect(tree.parts.map((p) => [p.name, p.newPage])).toEqual([
      ['cover', false],
      ['contents', true],
      ['key', true],
      ['summary', true],
      ['sections', true],
      ['details', true],
    ]);
  });

  it('heads each part with an H1, each section with an H2 and each indicator with an H3, with their anchors', () => {
    const headings = all.flatMap(({ block }) => (block.kind === 'heading' ? [block] : []));
    const anchored = (level: number) => headings.filter((h) => h.level === level && h.anchor !== undefined).map((h) => h.anchor);
    expect(anchored(1)).toEqual(['key', 'summary', 'scorecard', 'details']);
    // The cover's title and the contents' title are H1 too, and link nowhere.
    expect(headings.filter((h) => h.level === 1 && h.anchor === undefined)).toHaveLength(2);
    const sections = report.scorecard.sections.filter((s) => s.parent === null);
    // Each section in the scorecard (s-…) and among the details (d-…), in the contents both times.
    expect(anchored(2)).toEqual([...sections.map((s) => `s-${s.id}`), ...sections.map((s) => `d-${s.id}`)]);
    expect(headings.filter((h) => h.level === 2).every((h) => h.contents !== undefined && h.bookmark !== undefined)).toBe(true);
    expect(anchored(3)).toEqual(report.scorecard.indicators.map((ind) => anchorOf(report.scorecard.indicators, ind)));
  });

  it('has one figure per chart, each with its chart’s alt text', () => {
    const figures = all.flatMap(({ block }) => (block.kind === 'figure' ? [block] : []));
    expect(figures.map((f) => ('chart' in f.source ? f.source.chart : -1))).toEqual(tree.charts.map((_, i) => i));
    expect(tree.charts).toHaveLength(report.scorecard.indicators.length + 1);
    for (const f of figures) {
      const chart = tree.charts[(f.source as { chart: number }).chart]!;
      expect(f.alt).toBe(chart.alt);
      expect(f.alt).toMatch(/chart/i);
      expect([f.width, f.height]).toEqual([chart.width, chart.height]);
    }
  });

  it('gives each indicator one scorecard row, which links to its panel, and one panel, which holds its chart and links back to its table', () => {
    const rows = cells(tree).filter((c) => c.shows?.part === 'row');
    const panels = all.flatMap(({ block, within }) => (block.kind === 'group' && block.shows?.part === 'panel' ? [{ block, within }] : []));
    expect(rows.map((c) => c.shows!.indicator)).toEqual(report.scorecard.indicators);
    expect(panels.map((p) => p.block.shows!.indicator)).toEqual(report.scorecard.indicators);
    const bodies = all.flatMap(({ block }) => (block.kind === 'table' ? block.body : []));
    for (const ind of report.scorecard.indicators) {
      const anchor = anchorOf(report.scorecard.indicators, ind);
      // The row's ID cell says the panel's page and links there.
      const row = bodies.find((r) => r.some((c) => c.shows?.indicator === ind))!;
      expect(links(row.flatMap(cellInlines))).toContain(anchor);
      expect(row.flatMap(cellInlines).some((r) => typeof r === 'object' && 'pageOf' in r && r.pageOf === anchor)).toBe(true);
      // The panel is a section holding its H3 (the anchor the row links to) and its figure, and links back to its table.
      const panel = panels.find((p) => p.block.shows!.indicator === ind)!;
      expect(panel.within.at(-1)?.kind).toBe('section');
      const inside = [...walk(panel.block.blocks)].map(({ block }) => block);
      expect(inside.filter((b): b is Heading => b.kind === 'heading' && b.level === 3).map((h) => h.anchor)).toEqual([anchor]);
      expect(inside.filter((b) => b.kind === 'figure')).toHaveLength(1);
      const back = inside.flatMap((b) => (b.kind === 'paragraph' ? links(inlines(b.text)) : []));
      expect(back).toEqual(expect.arrayContaining([ind.section ? `s-${ind.section}` : 's-none']));
    }
  });

  it('links the executive summary’s lists to the panels they name', () => {
    const summary = tree.parts.find((p) => p.name === 'summary')!;
    const listed = [...walk(summary.blocks)].flatMap(({ block }) => (block.kind === 'list' ? block.items.flatMap((i) => links(inlines(i.text))) : []));
    const anchors = new Set(report.scorecard.indicators.map((ind) => anchorOf(report.scorecard.indicators, ind)));
    expect(listed.length).toBeGreaterThan(0);
    for (const link of listed) expect(anchors.has(link)).toBe(true);
  });

  it('marks table header rows and rates by shape, word and alt text, never colour alone', () => {
    const tables = all.flatMap(({ block }) => (block.kind === 'table' ? [block] : []));
    expect(tables.every((t) => t.header.length === 1)).toBe(true);
    const rated = cells(tree).filter((c) => c.alt !== undefined);
    expect(rated.length).toBe(report.scorecard.indicators.length * 2);
    for (const c of rated)
      expect(
        cellInlines(c)
          .map((r) => (typeof r === 'string' ? r : 'text' in r ? r.text : ''))
          .join(''),
      ).toMatch(/^\S+ \S/);
  });
});
