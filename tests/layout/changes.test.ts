import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { packCharts } from '../../src/build.js';
import { nodeEffects } from '../../src/effects.js';
import { type Changes, anyChanges, changesSince, indicatorsByKey } from '../../src/history.js';
import type { Block, PackBlocks, Table } from '../../src/layout/blocks.js';
import { composePack, layoutPack } from '../../src/layout/document.js';
import { RAG_SHAPE } from '../../src/layout/theme.js';
import { type Manifest, type ManifestIndicator, manifestIndicators } from '../../src/manifest.js';
import { shownTitle } from '../../src/model/scorecard.js';
import { PackSpec, anchorOf } from '../../src/narrate/index.js';
import { type Analysis, type Report, analyseReport, loadReport } from '../../src/pipeline.js';
import { analyse, makeIndicator, makeReport } from '../helpers/build.js';
import { repoDir } from '../helpers/examples.js';
import { packMisses } from '../helpers/invariant.js';
import { readPdf } from '../helpers/pdf.js';
import { renderToFile } from '../helpers/render.js';
import { type StructNode, readTagged } from '../helpers/tagged.js';

/** One indicator as a manifest records it; green, improving, with a 90% target unless told otherwise. */
function item(key: string, over: Partial<ManifestIndicator> = {}): ManifestIndicator {
  return {
    key,
    id: key,
    title: `Indicator ${key}`,
    section: 'Section A',
    rag: 'green',
    direction: 'improving',
    ragReason: `${key} meets its target`,
    directionReason: `${key} rose`,
    target: '90%',
    latest: { period: 'Feb-26', shown: '91.0%' },
    ...over,
  };
}

/** The manifest of a pack of these indicators, for February 2026. */
function manifest(indicators: ManifestIndicator[], title = 'Last month’s pack'): Manifest {
  return {
    manifest: 1,
    boardpack: '0.1.0',
    title,
    builtAt: '2026-03-02T09:00:00.000Z',
    generated: '2026-03-02',
    report: null,
    templatePack: { name: 'default', path: 'default', sha256: '0'.repeat(64) },
    inputs: [],
    period: { id: '2026-02', label: 'Feb-26', order: 24314, reason: 'as asked' },
    counts: { indicators: indicators.length, rag: { green: 0, amber: 0, red: 0, none: 0, 'no-data': 0 }, direction: {} },
    findings: { counts: { error: 0, warning: 0, info: 0 }, items: [] },
    timings: {},
    output: { path: 'pack.pdf', bytes: 0, pages: 0, sha256: '0'.repeat(64) },
    comparedWith: null,
    indicators,
    deliveryKey: '',
    deliveries: [],
  };
}

const keys = (list: Array<{ key: string }>) => list.map((c) => c.key);
/** Text to find as it is, in a pattern. */
const literal = (text: string) => text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');

describe('changesSince', () => {
  it('names the pack compared with, by its period and title', () => {
    expect(changesSince(manifest([item('1')]), [item('1')]).previous).toEqual({ period: 'Feb-26', title: 'Last month’s pack' });
  });

  it('finds a rating that changed, with the reason for the rating it has now', () => {
    const c = changesSince(manifest([item('1'), item('2')]), [item('1'), item('2', { rag: 'red', ragReason: '70.0% is 20.0 points below the 90% target' })]);
    expect(c.rag).toEqual([
      { key: '2', id: '2', title: 'Indicator 2', section: 'Section A', from: 'green', to: 'red', reason: '70.0% is 20.0 points below the 90% target' },
    ]);
    expect([c.direction, c.added, c.removed, c.targets]).toEqual([[], [], [], []]);
  });

  it('finds a direction of travel that changed, with the reason for the direction it has now', () => {
    const c = changesSince(manifest([item('1'), item('2')]), [item('1', { direction: 'declining', directionReason: 'Fell from 91.0% to 88.0%' }), item('2')]);
    expect(c.direction).toEqual([
      { key: '1', id: '1', title: 'Indicator 1', section: 'Section A', from: 'improving', to: 'declining', reason: 'Fell from 91.0% to 88.0%' },
    ]);
    expect(c.rag).toEqual([]);
  });

  it('lists indicators added in this pack’s order, and removed ones in the last pack’s', () => {
    const c = changesSince(manifest([item('1'), item('9'), item('2'), item('8')]), [item('4'), item('1'), item('3'), item('2')]);
    expect(keys(c.added)).toEqual(['4', '3']);
    expect(keys(c.removed)).toEqual(['9', '8']);
    expect(c.removed[0]).toEqual({ key: '9', id: '9', title: 'Indicator 9', section: 'Section A' });
    // An indicator added or removed is not also a change of rating, direction or target.
    expect([c.rag, c.direction, c.targets]).toEqual([[], [], []]);
  });

  it('finds a target that changed, was set or was dropped, as written; spaces around it are no change', () => {
    const before = [item('1'), item('2', { target: null }), item('3'), item('4', { target: '90%' })];
    const now = [item('1', { target: '95%' }), item('2', { target: '<20%' }), item('3', { target: null }), item('4', { target: ' 90% ' })];
    const c = changesSince(manifest(before), now);
    expect(c.targets.map((t) => [t.key, t.from, t.to])).toEqual([
      ['1', '90%', '95%'],
      ['2', null, '<20%'],
      ['3', '90%', null],
    ]);
  });

  it('orders every list as this pack orders its indicators', () => {
    const before = [item('3'), item('2'), item('1')];
    const now = [item('1', { rag: 'red' }), item('2', { rag: 'amber' }), item('3', { rag: 'red' })];
    expect(keys(changesSince(manifest(before), now).rag)).toEqual(['1', '2', '3']);
  });

  it('finds nothing when nothing changed', () => {
    const list = [item('1'), item('2', { rag: 'amber' }), item('3', { target: null })];
    const c = changesSince(
      manifest(list),
      list.map((x) => ({ ...x, latest: { period: 'Mar-26', shown: '50%' } })),
    );
    expect(c).toEqual({ previous: { period: 'Feb-26', title: 'Last month’s pack' }, rag: [], direction: [], added: [], removed: [], targets: [] });
    expect(anyChanges(c)).toBe(false);
  });

  it('matches indicators without IDs by section › title: the same title in another section is another indicator', () => {
    const noId = (section: string, title: string, over: Partial<ManifestIndicator> = {}) =>
      item(`${section} › ${title}`, { id: null, section, title, ...over });
    const before = [noId('Early Help', 'Contacts'), noId('Care Leavers', 'Contacts'), noId('Early Help', 'Referrals')];
    const now = [noId('Early Help', 'Contacts', { rag: 'amber' }), noId('Care Leavers', 'Contacts'), noId('Workforce', 'Referrals')];
    const c = changesSince(manifest(before), now);
    expect(c.rag).toMatchObject([{ key: 'Early Help › Contacts', id: null, title: 'Contacts', section: 'Early Help', from: 'green', to: 'amber' }]);
    expect(keys(c.added)).toEqual(['Workforce › Referrals']);
    expect(keys(c.removed)).toEqual(['Early Help › Referrals']);
  });

  it('matches two indicators sharing a key in order, the first with the first', () => {
    const c = changesSince(manifest([item('1', { title: 'first' }), item('1', { title: 'second' })]), [item('1'), item('1', { rag: 'red' })]);
    expect(c.rag).toHaveLength(1);
    expect([c.added, c.removed]).toEqual([[], []]);
  });

  it('keys this pack’s indicators as its manifest does, with IDs and without', async () => {
    const report = await loadReport(join(repoDir, 'inputs/report.yaml'), nodeEffects);
    const analysis = await analyseReport(report, nodeEffects);
    expect([...indicatorsByKey(report.scorecard).keys()]).toEqual(keys(manifestIndicators(report, analysis)));
    const made = makeReport([{ ...makeIndicator({ id: 'x', series: { 'Jan-25': 1 } }), id: null, title: 'No ID here', section: 's1' }]);
    made.scorecard.sections = [{ id: 's1', title: 'First section', note: null, parent: null, at: null }];
    const words = await analyse(made);
    expect(keys(manifestIndicators(made, words))).toEqual(['First section › No ID here']);
    expect([...indicatorsByKey(made.scorecard).keys()]).toEqual(['First section › No ID here']);
  });
});

/** Every block of a tree, depth first. */
const flat = (blocks: readonly Block[]): Block[] =>
  blocks.flatMap((b) => [
    b,
    ...(b.kind === 'group' || b.kind === 'section' || b.kind === 'quote' ? flat(b.blocks) : b.kind === 'columns' ? flat(b.columns.map((c) => c.block)) : []),
  ]);

/** Every text run of a value, joined: a block's, a cell's or a run's. */
const words = (v: unknown): string => {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(words).join('');
  if (v && typeof v === 'object') return ['text', 'lines', 'items'].map((k) => (k in v ? words((v as Record<string, unknown>)[k]) : '')).join('');
  return '';
};

describe('"Changes since the last pack" in the sample’s pack', () => {
  let report: Report;
  let analysis: Analysis;
  let changes: Changes;
  /** The indicators altered in the last pack: a rating, a target, one not in it and one no longer in this. */
  let rated: ManifestIndicator;
  let retargeted: ManifestIndicator;
  let added: ManifestIndicator;
  const gone = item('Z9', { title: 'Share of [old] *measures* retired, _sic_ \\ - see [note](#indicator-59)', section: 'Early Help and Front Door' });
  const options = (c: Changes | null) => ({ generated: new Date(Date.UTC(2026, 3, 1)), charts: packCharts(analysis), changes: c });

  /** Lays out and renders the pack as build.ts does (charts drawn on this thread), to a file. */
  const render = (c: Changes | null): Promise<string> => renderToFile(layoutPack(report, analysis, options(c)), analysis);

  beforeAll(async () => {
    report = await loadReport(join(repoDir, 'inputs/report.yaml'), nodeEffects);
    analysis = await analyseReport(report, nodeEffects);
    const current = manifestIndicators(report, analysis);
    rated = current.find((m) => m.rag === 'amber')!;
    retargeted = current.find((m) => m.target !== null && m.target !== 'Monitor' && m !== rated)!;
    added = current.find((m) => m !== rated && m !== retargeted)!;
    const previous = current
      .filter((m) => m !== added)
      .map((m) => (m === rated ? { ...m, rag: 'green' as const } : m === retargeted ? { ...m, target: 'Monitor' } : m));
    changes = changesSince(manifest([...previous, gone], report.config.title), current);
  });

  it('finds the changes made to the last pack', () => {
    expect(keys(changes.rag)).toEqual([rated.key]);
    expect(keys(changes.targets)).toEqual([retargeted.key]);
    expect(keys(changes.added)).toEqual([added.key]);
    expect(keys(changes.removed)).toEqual(['Z9']);
    expect(changes.direction).toEqual([]);
  });

  it('is a part after the executive summary and before the scorecard, only when there are changes to show', () => {
    const names = (tree: PackBlocks) => tree.parts.map((p) => p.name);
    expect(names(composePack(report, analysis, options(changes)))).toEqual(['cover', 'contents', 'key', 'summary', 'changes', 'sections', 'details']);
    expect(names(composePack(report, analysis, options(null)))).not.toContain('changes');
    expect(names(composePack(report, analysis, { ...options(null), changes: undefined }))).not.toContain('changes');
  });

  it('is left out by a template pack whose blocks do not list it', () => {
    const spec = { ...analysis.pack.spec, blocks: analysis.pack.spec.blocks.filter((b) => b !== 'changes') };
    const tree = composePack(report, { ...analysis, pack: { ...analysis.pack, spec } }, options(changes));
    expect(tree.parts.map((p) => p.name)).not.toContain('changes');
  });

  it('draws the changes as tables with header rows, and added and removed indicators as lists', () => {
    const part = composePack(report, analysis, options(changes)).parts.find((p) => p.name === 'changes')!;
    const blocks = flat(part.blocks);
    const tables = blocks.filter((b): b is Table => b.kind === 'table');
    expect(tables).toHaveLength(2);
    for (const t of tables) {
      expect(t.header).toHaveLength(1);
      expect(t.header[0]!.map(words)).toEqual(['ID', 'Measure', 'Was (Feb-26)', `Now (${report.period.label})`, ...(t === tables[0] ? ['Reason'] : [])]);
    }
    expect(blocks.filter((b) => b.kind === 'heading').map((h) => [h.level, words(h)])).toEqual([
      [1, 'Changes since the last pack'],
      [2, 'Ratings that changed'],
      [2, 'Targets that changed'],
      [2, 'Indicators added'],
      [2, 'Indicators removed'],
    ]);
    expect(blocks.filter((b) => b.kind === 'list')).toHaveLength(2);
  });

  it('says so in one sentence when nothing changed', () => {
    const none = changesSince(manifest(manifestIndicators(report, analysis), report.config.title), manifestIndicators(report, analysis));
    const part = composePack(report, analysis, options(none)).parts.find((p) => p.name === 'changes')!;
    expect(part.blocks.map((b) => [b.kind, words(b)])).toEqual([
      ['heading', 'Changes since the last pack'],
      ['paragraph', `Compared with the last pack, ${report.config.title} for Feb-26.`],
      ['paragraph', 'Nothing has changed: no rating, direction of travel or target, and no indicator was added or removed.'],
    ]);
  });

  it('takes its words from the template pack, and a pack written before it existed gets them by default', () => {
    const text = readFileSync(join(repoDir, 'templates/default/pack.yaml'), 'utf8');
    const spec = PackSpec.parse(parse(text));
    expect(spec.blocks).toEqual(['cover', 'contents', 'key', 'summary', 'changes', 'sections', 'details']);
    const older = parse(text) as { blocks: string[]; words: Record<string, unknown> };
    older.blocks = older.blocks.filter((b) => b !== 'changes');
    delete older.words.changes;
    const loaded = PackSpec.parse(older);
    expect(loaded.words.changes).toEqual(spec.words.changes);
    expect(loaded.blocks).not.toContain('changes');
    // Each word can be changed on its own; one the pack does not know is refused, as elsewhere in pack.yaml.
    older.words.changes = { heading: 'Since last month' };
    expect(PackSpec.parse(older).words.changes).toMatchObject({ heading: 'Since last month', rag: 'Ratings that changed' });
    older.words.changes = { heding: 'Since last month' };
    expect(() => PackSpec.parse(older)).toThrow(/heding/);
  });

  describe('rendered', () => {
    let pdf: Awaited<ReturnType<typeof readPdf>>;
    let tagged: Awaited<ReturnType<typeof readTagged>>;
    let without: Awaited<ReturnType<typeof readPdf>>;
    /** The pages (1-based) the part starts on and the scorecard starts on, by their bookmarks. */
    let page: number;
    let end: number;
    const squash = (s: string) => s.replace(/\s+/g, ' ');

    beforeAll(async () => {
      const file = await render(changes);
      [pdf, tagged] = [await readPdf(file), await readTagged(file)];
      without = await readPdf(await render(null));
      const opens = (title: string) => pdf.bookmarks.find((b) => b.title === title && b.path.length === 0)?.page ?? 0;
      [page, end] = [opens('Changes since the last pack'), opens('Scorecard')];
    }, 120_000);

    it('has the part, bookmarked and in the contents, between the executive summary and the scorecard', () => {
      const top = pdf.topOutline;
      expect(top.slice(top.indexOf('Executive summary'))).toEqual(['Executive summary', 'Changes since the last pack', 'Scorecard', 'Indicator details']);
      expect(page).toBeGreaterThan(pdf.bookmarks.find((b) => b.title === 'Executive summary')!.page!);
      expect(page).toBeLessThan(pdf.bookmarks.find((b) => b.title === 'Scorecard')!.page!);
      expect(squash(pdf.pages[1]!)).toMatch(new RegExp(`Executive summary \\d+ Changes since the last pack ${page} Scorecard`));
      expect(pdf.pages[page - 1]).toContain('Changes since the last pack');
    });

    it('shows a rating that changed as shape and word, was then now, with its reason', () => {
      const text = squash(pdf.pages[page - 1]!);
      const row = `${literal(rated.id!)} p\\. \\d+ ${literal(`${rated.title} ${rated.section} ${RAG_SHAPE.green} Green ${RAG_SHAPE.amber} Amber ${rated.ragReason}`)}`;
      expect(text).toMatch(new RegExp(row));
      expect(text).toContain(`Was (Feb-26) Now (${report.period.label})`);
    });

    it('shows a target that changed, and the indicators added and removed, the removed one’s title as written', () => {
      const text = squash(pdf.pages.slice(page - 1, end - 1).join(' '));
      expect(text).toContain(`${retargeted.id} p.`);
      expect(text).toContain(`${retargeted.title} ${retargeted.section} Monitor ${retargeted.target}`);
      expect(text).toContain(`Indicators added ${added.id} ${added.title} — ${added.section} p.`);
      expect(text).toContain(`Indicators removed Z9 ${gone.title} — Early Help and Front Door`);
    });

    it('links each indicator in this pack to its detail panel, as its scorecard row does, and none that is gone', () => {
      const indicators = report.scorecard.indicators;
      const onPage = tagged.links.filter((l) => l.page >= page && l.page < end);
      for (const m of [rated, retargeted, added]) {
        const ind = indicators.find((i) => i.id === m.id)!;
        const link = onPage.find((l) => l.dest === anchorOf(indicators, ind));
        expect(link, m.key).toBeDefined();
        expect(tagged.texts[link!.opens! - 1]!.replace(/\s+/g, '')).toContain(shownTitle(ind.title).replace(/\s+/g, '').slice(0, 30));
      }
      // The removed indicator's title holds a link in markup, which is text here: it links nowhere.
      const anchors = [rated, retargeted, added].map((m) => anchorOf(indicators, indicators.find((i) => i.id === m.id)!));
      expect(new Set(onPage.map((l) => l.dest))).toEqual(new Set(anchors));
    });

    it('is tagged as headings, tables with header cells, and lists', () => {
      const all = (n: StructNode): StructNode[] => [n, ...(n.children ?? []).flatMap(all)];
      const nodes = tagged.trees.slice(page - 1, end - 1).flatMap(all);
      const tables = nodes.filter((n) => n.role === 'Table');
      expect(tables).toHaveLength(2);
      for (const t of tables) {
        const heads = all(t).filter((n) => n.role === 'THead');
        expect(heads).toHaveLength(1);
        expect(all(heads[0]!).filter((n) => n.role === 'TH').length).toBeGreaterThanOrEqual(4);
        expect(all(t).some((n) => n.role === 'TD')).toBe(true);
      }
      for (const role of ['H1', 'H2', 'L', 'LI', 'Link'])
        expect(
          nodes.some((n) => n.role === role),
          role,
        ).toBe(true);
      expect(tagged.unmarked).toEqual([]);
    });

    it('keeps every indicator in the pack: its scorecard row, its panel and its bookmark', () => {
      expect(packMisses(pdf, report.scorecard.indicators)).toEqual([]);
    });

    it('is not in the pack without changes', () => {
      expect(without.text).not.toContain('Changes since the last pack');
      expect(without.outline).not.toContain('Changes since the last pack');
      expect(without.pages.length).toBeLessThan(pdf.pages.length);
    });
  });
});
