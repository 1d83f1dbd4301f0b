import type { IndicatorAssessment } from '../assess/index.js';
import type { ChartSpec } from '../chart/builders.js';
import type { Changes } from '../history.js';
import { formatFigure, formatValue, withSeparators } from '../model/format.js';
import type { Period } from '../model/period.js';
import { type Issue, type Observation, SHOWN, type Section, shorten, shownId, shownTitle } from '../model/scorecard.js';
import { type Analysis, type Narrative, anchorOf, longDate, parseMarkup, periodContext, stripMarkup } from '../narrate/index.js';
import type { TemplatePack } from '../narrate/pack.js';
import type { Report } from '../model/report.js';
import {
  type Block,
  type Cell,
  type CellLine,
  type Columns,
  type Figure,
  type Group,
  type Heading,
  type Inline,
  type PackBlocks,
  type Part,
  type Quote,
  type Tone,
  fillLabel,
} from './blocks.js';
import { changesBlocks } from './changes.js';
import { markupBlocks } from './markup.js';
import { pdfDocument } from './pdfNodes.js';
import { directionRuns, heading, pageLink, ratingRuns } from './pieces.js';
import { DIRECTION_SHAPE, RAG_SHAPE } from './theme.js';

export interface Layout {
  /** The pdfmake document definition (see pdfNodes.ts). */
  doc: Record<string, unknown>;
  /** Charts to draw, in the order of their placeholders (`data-chart="i"`). */
  charts: ChartSpec[];
  /**
   * Once the document is rendered, given the watched nodes pdfmake could not wholly place (see
   * watch.ts): each indicator whose scorecard row or detail panel is among them.
   */
  unplaced: (cut: ReadonlySet<string>) => Array<{ indicator: IndicatorAssessment['indicator']; part: 'row' | 'panel' }>;
  /** The tree of blocks the PDF is drawn from, which the HTML page draws too. */
  blocks: PackBlocks;
}

/** The indicator a chart shows (null for the summary chart), so a chart that fails can be reported by name. */
type ChartSubject = IndicatorAssessment | null;

export interface LayoutOptions {
  /** The date printed as "generated", and stamped in the PDF's metadata. */
  generated: Date;
  /** Chart builders, given the size the layout has room for, in points. */
  charts: { trend: (a: IndicatorAssessment, size: { width: number; height: number }) => ChartSpec; summary: (width: number) => ChartSpec };
  /** What changed since the last pack (see history.ts); the pack has its "Changes since the last pack" part only when given. */
  changes?: Changes | null;
}

/**
 * The committee pack as a pdfmake document: the pack's tree of blocks (composePack), drawn by the
 * PDF renderer (pdfNodes.ts). Charts are left as slots, their specs returned, so they can be drawn
 * elsewhere (on a worker thread, for a large pack) while the document is rendered.
 */
export function layoutPack(report: Report, analysis: Analysis, options: LayoutOptions): Layout {
  const { blocks, subjects } = compose(report, analysis, options);
  // A chart that could not be drawn is reported among the build's issues, naming its indicator.
  const { doc, watched } = pdfDocument(blocks, (index, reason) => analysis.issues.push(chartIssue(subjects[index] ?? null, reason)));
  const unplaced = (cut: ReadonlySet<string>) =>
    watched.filter(({ key }) => cut.has(key)).map(({ shows }) => ({ indicator: shows.indicator, part: shows.part }));
  return { doc, charts: blocks.charts, unplaced, blocks };
}

/** The committee pack as a tree of blocks, in the pack's order, each part from a small function. */
export function composePack(report: Report, analysis: Analysis, options: LayoutOptions): PackBlocks {
  return compose(report, analysis, options).blocks;
}

function compose(report: Report, analysis: Analysis, options: LayoutOptions): { blocks: PackBlocks; subjects: ChartSubject[] } {
  const { pack, narrative } = analysis;
  const spec = pack.spec;
  const ctx: Ctx = {
    report,
    analysis,
    pack,
    narrative,
    options,
    periodName: periodContext(report.period).name,
    charts: [],
    subjects: [],
    shown: shownPeriods(report, spec.table.periods),
  };
  const parts: Part[] = [];
  for (const name of spec.blocks) {
    const blocks = PARTS[name](ctx);
    if (blocks.length === 0) continue;
    // Every part after the cover starts on a new page.
    parts.push({ name, blocks, newPage: parts.length > 0 });
  }
  const [width, height] = pageSize(spec);
  const { config } = report;
  const generated = longDate(options.generated.toISOString().slice(0, 10));
  const L = spec.words.labels;
  const headerText = fillLabel(L.header, { period: ctx.periodName });
  const blocks: PackBlocks = {
    meta: {
      title: `${config.title} — ${ctx.periodName}`,
      author: config.organisation ?? 'boardpack',
      subject: [config.committee, headerText].filter(Boolean).join(' — '),
      keywords: ['performance scorecard', 'RAG', config.committee, config.organisation, report.period.label].filter(Boolean).join(', '),
      language: 'en-GB',
      date: options.generated,
    },
    page: { size: spec.page.size, orientation: spec.page.orientation, margins: spec.page.margins, width, height },
    theme: { palette: spec.palette, size: spec.fonts.size },
    furniture: {
      header: { title: config.title, period: headerText, firstPage: false },
      footer: { text: [config.organisation, fillLabel(L.footer, { date: generated })].filter(Boolean).join(' · '), page: L.page },
    },
    parts,
    charts: ctx.charts,
  };
  return { blocks, subjects: ctx.subjects };
}

function chartIssue(a: ChartSubject, reason: string): Issue {
  const name = a ? `${shownId(a.indicator)} ${shownTitle(a.indicator.title)}`.trim() : 'the summary of ratings by section';
  return {
    code: 'chart-not-drawn',
    severity: 'warning',
    message: `The chart of ${name} could not be drawn: ${reason}. The pack shows its description in its place.`,
    at: a?.indicator.at ?? null,
    hint: a
      ? 'Check the figures for values far too large or too small (such as 1e308); if they are right, please report this with the workbook.'
      : 'Please report this with the workbook.',
  };
}

interface Ctx {
  report: Report;
  analysis: Analysis;
  pack: TemplatePack;
  narrative: Narrative;
  options: LayoutOptions;
  /** The reporting period in words: `March 2025`. */
  periodName: string;
  charts: ChartSpec[];
  subjects: ChartSubject[];
  /** The periods the scorecard tables show: the last N of the reporting kind. */
  shown: Period[];
}

const PARTS: Record<TemplatePack['spec']['blocks'][number], (ctx: Ctx) => Block[]> = {
  cover,
  contents,
  key,
  summary,
  changes: (ctx) => (ctx.options.changes ? changesBlocks(ctx.options.changes, ctx.report, ctx.pack.spec) : []),
  sections,
  details,
};

function cover(ctx: Ctx): Block[] {
  const { pack, narrative, analysis } = ctx;
  const paragraphs = parseMarkup(narrative.cover).map((b) =>
    b.kind === 'paragraph' ? b.runs.map((r) => r.text).join('') : b.items.map((i) => i.map((r) => r.text).join('')).join(' · '),
  );
  const [label = '', heading = '', ...rest] = paragraphs;
  const s = analysis.assessment.summary;
  const tile = (rag: keyof typeof RAG_SHAPE, n: number, word: string): Columns['columns'][number] => ({
    width: 'auto',
    block: {
      kind: 'group',
      blocks: [
        {
          kind: 'paragraph',
          text: [
            { text: `${RAG_SHAPE[rag]} `, tone: { rag } },
            { text: String(n), bold: true },
          ],
          look: { size: 20 },
        },
        { kind: 'paragraph', text: word, look: { size: 9, tone: 'muted' } },
      ],
      look: { margin: [0, 0, 26, 0] },
    },
  });
  const words = pack.spec.words.rag;
  const logo: Figure[] = pack.logo
    ? [{ kind: 'figure', source: { image: pack.logo }, alt: 'Logo', width: 160, height: 60, fit: true, look: { align: 'right', margin: [0, 0, 0, 10] } }]
    : [];
  return [
    ...logo,
    {
      kind: 'paragraph',
      text: label.toUpperCase(),
      look: { tone: 'accent', bold: true, size: 11, letterSpacing: 1.2, margin: [0, pack.logo ? 40 : 110, 0, 10] },
    },
    { kind: 'heading', level: 1, text: heading, bookmark: { text: heading }, look: { size: 28, bold: true, tone: 'text', margin: [0, 0, 0, 14] } },
    { kind: 'rule', variant: 'bar', length: 90, tone: 'accent', look: { margin: [0, 0, 0, 18] } },
    ...rest.map(
      (t, i): Block => ({
        kind: 'paragraph',
        text: t,
        look: { size: i === 0 ? 15 : 11.5, tone: i === 0 ? 'text' : 'muted', margin: [0, 0, 0, i === 0 ? 12 : 4] },
      }),
    ),
    {
      kind: 'columns',
      columns: [
        tile('green', s.rag.green, words.green),
        tile('amber', s.rag.amber, words.amber),
        tile('red', s.rag.red, words.red),
        tile('no-data', s.rag['no-data'], words['no-data']),
        tile('none', s.rag.none, words.none),
      ],
      look: { margin: [0, 40, 0, 0] },
    },
    { kind: 'paragraph', text: pack.spec.words.labels.coverCount.replace('{count}', String(s.total)), look: { tone: 'muted', margin: [0, 6, 0, 0] } },
  ];
}

function contents(ctx: Ctx): Block[] {
  return [{ kind: 'contents', title: { kind: 'heading', level: 1, text: ctx.pack.spec.words.labels.contents, look: { style: 'h1' } } }];
}

function key(ctx: Ctx): Block[] {
  const { pack, narrative } = ctx;
  const w = pack.spec.words;
  const symbol = (shape: string, tone: Tone, word: string): Cell[] => [
    { text: shape, look: { tone, size: 11, align: 'center' } },
    { text: word, look: { bold: true } },
  ];
  const none: Cell[] = [{ text: '' }, { text: '' }];
  // A column per kind of symbol, each symbol once: shapes are ratings, filled arrows better or
  // worse, thin arrows only which way a figure moved.
  const table: Block = {
    kind: 'table',
    widths: [18, 90, 18, 90, 18, 90],
    header: [w.labels.keyColumns.map((label): Cell => ({ text: label, span: 2, look: { style: 'th' } }))],
    body: [
      [
        ...symbol(RAG_SHAPE.green, { rag: 'green' }, w.rag.green),
        ...symbol(DIRECTION_SHAPE.improving, { direction: 'improving' }, w.direction.improving),
        ...symbol(DIRECTION_SHAPE.up, { direction: 'up' }, w.direction.up),
      ],
      [
        ...symbol(RAG_SHAPE.amber, { rag: 'amber' }, w.rag.amber),
        ...symbol(DIRECTION_SHAPE.declining, { direction: 'declining' }, w.direction.declining),
        ...symbol(DIRECTION_SHAPE.down, { direction: 'down' }, w.direction.down),
      ],
      [
        ...symbol(RAG_SHAPE.red, { rag: 'red' }, w.rag.red),
        ...symbol(DIRECTION_SHAPE['no-change'], { direction: 'no-change' }, w.direction['no-change']),
        ...symbol(DIRECTION_SHAPE.same, { direction: 'same' }, w.direction.same),
      ],
      [
        ...symbol(RAG_SHAPE['no-data'], { rag: 'no-data' }, w.rag['no-data']),
        ...none,
        ...symbol(DIRECTION_SHAPE['not-comparable'], { direction: 'not-comparable' }, w.direction['not-comparable']),
      ],
      [...symbol(RAG_SHAPE.none, { rag: 'none' }, w.rag.none), ...none, ...none],
    ],
    rules: 'none',
    look: { margin: [0, 4, 0, 12] },
  };
  return [heading(w.labels.key, 1, 'key'), table, ...markupBlocks(narrative.key)];
}

function summary(ctx: Ctx): Block[] {
  const chart =
    ctx.report.scorecard.sections.length > 0 ? [figure(ctx, ctx.options.charts.summary(Math.min(520, innerWidth(ctx.pack.spec))), null, 'center')] : [];
  // Short paragraphs and list items never break, and a list's lead-in stays with its first item:
  // no line is left alone at the top or the foot of a page.
  return [heading(ctx.pack.spec.words.labels.summary, 1, 'summary'), ...chart, ...markupBlocks(ctx.narrative.summary, undefined, 5, true)];
}

function sections(ctx: Ctx): Block[] {
  const { report, analysis, narrative, pack } = ctx;
  const out: Block[] = [heading(pack.spec.words.labels.scorecard, 1, 'scorecard')];
  const bySection = groupBySection(report, analysis.assessment.indicators);
  const size = pack.spec.fonts.size;
  for (const { section, level, items } of bySection) {
    if (section) {
      const result = analysis.assessment.sections.find((s) => s.id === section.id)!;
      const text = narrative.sections.get(section.id)!;
      // One heading, title and rating together. (pdfmake's pageBreakBefore could keep a heading with its
      // table, but it lays the whole document out again per break: 60 indicators took 2.0 s, not 1.4.)
      const title = shorten(section.title, SHOWN.section);
      const head = heading(title, level === 0 ? 2 : 3, `s-${section.id}`, section.parent ? `s-${section.parent}` : 'scorecard', [
        title,
        { text: `   ${RAG_SHAPE[result.rollup]} `, tone: { rag: result.rollup }, size: size + 1 },
        { text: pack.spec.words.rag[result.rollup], size: size + 1, tone: 'text' },
      ]);
      const commentary = text.commentary.map((c) => commentaryBox(c));
      // A heading never ends a page: with its introduction it goes where its table's first rows fit too.
      const words = text.intro.length + text.commentary.reduce((n, c) => n + c.text.length, 0);
      out.push(items.length > 0 ? keptWithTable([head, ...markupBlocks(text.intro, 'note', 3), ...commentary], words) : head);
      if (items.length === 0) out.push(...markupBlocks(text.intro, 'note', 3), ...commentary);
    } else if (items.length > 0) {
      out.push(keptWithTable([heading(pack.spec.words.labels.ungrouped, 2, 's-none', 'scorecard')], 0));
    }
    if (items.length > 0) out.push(...scorecardTable(ctx, items));
  }
  return out;
}

function details(ctx: Ctx): Block[] {
  const { report, analysis } = ctx;
  const out: Block[] = [heading(ctx.pack.spec.words.labels.details, 1, 'details')];
  for (const { section, items } of groupBySection(report, analysis.assessment.indicators)) {
    if (items.length === 0) continue;
    // The section's label rides in its first panel's unbreakable head, so it never ends a page alone;
    // the contents lists the details by section too, under "Indicator details".
    const title = section ? shorten(section.title, SHOWN.section) : '';
    const label: Heading | null = section
      ? {
          kind: 'heading',
          level: 2,
          text: title,
          anchor: `d-${section.id}`,
          bookmark: { text: title, parent: 'details' },
          contents: { indent: 14 },
          look: { style: 'h3', tone: 'accent' },
        }
      : null;
    out.push(...items.map((a, i) => detailPanel(ctx, a, section ? `d-${section.id}` : 'details', i === 0 ? label : null)));
  }
  return out;
}

/** One indicator: chart and data on the left; rating, reasons, benchmarks and words on the right. */
function detailPanel(ctx: Ctx, a: IndicatorAssessment, parent: string, label: Heading | null): Block {
  const { pack, narrative } = ctx;
  const spec = pack.spec;
  const ind = a.indicator;
  const text = narrative.indicators.get(a)!;
  const L = spec.words.labels;
  const inner = innerWidth(spec);
  const portrait = spec.page.orientation === 'portrait';
  // Landscape: chart beside the words. Portrait: chart across the page, words below it.
  const chartWidth = portrait ? inner : Math.round(inner * 0.56);
  const f = (v: number) => formatValue(v, ind.unit, ind.decimals);
  const fact = (label: string, value: Inline | Inline[]): Inline[] => [{ text: `${label}: `, tone: 'muted' }, ...(Array.isArray(value) ? value : [value])];
  const facts: Inline[][] = [
    // With no figure for the period, the newest there is, and when.
    fact(
      L.latest,
      a.current
        ? `${f(a.current.value!)} (${a.current.period.label})`
        : a.latest
          ? `${L.noValue}; ${f(a.latest.value!)} (${a.latest.period.label})`
          : L.noValue,
    ),
    fact(L.target, targetShown(a) ?? L.noTarget),
    fact(L.rating, [{ text: `${RAG_SHAPE[a.rag]} ${spec.words.rag[a.rag]}`, bold: true, tone: { rag: a.rag } }, { text: ` — ${plain(text.ragReason)}` }]),
    fact(L.direction, [
      { text: `${DIRECTION_SHAPE[a.direction]} ${spec.words.direction[a.direction]}`, bold: true, tone: { direction: a.direction } },
      { text: ` — ${plain(text.directionReason)}` },
    ]),
  ];
  // Every benchmark with a figure: the scorecard table has room for only three.
  const benches = a.benchmarks.filter((b) => b.value !== null);
  if (benches.length > 0)
    facts.push(
      fact(
        L.benchmarks,
        benches
          .map((b) => `${b.name} ${shorten(withSeparators(b.raw.trim()), SHOWN.target)}${b.comparison === 'not-comparable' ? '' : ` (${b.comparison})`}`)
          .join('; '),
      ),
    );
  if (ind.lead) facts.push(fact(L.lead, shorten(ind.lead, SHOWN.lead)));
  const words: Block[] = [];
  for (const c of text.commentary) words.push(commentaryBox(c));
  if (text.showNarrative) words.push(...markupBlocks(text.narrative, 'commentary', 3));
  const chart = ctx.options.charts.trend(a, { width: chartWidth, height: 168 });
  // Commentary longer than the panel can hold flows on below it, across pages, at full width: a
  // panel that cannot break and does not fit a page would not be drawn at all.
  const long = [...text.commentary.map((c) => c.text), text.showNarrative ? text.narrative : ''].join('').length > LONG_COMMENTARY;
  const side = (margin: [number, number, number, number]): Group => ({
    kind: 'group',
    // One paragraph of facts, a line each: the same to read, and cheaper to lay out than six.
    blocks: [
      { kind: 'paragraph', text: facts.flatMap((f, i) => (i === 0 ? f : ['\n', ...f])), look: { lineHeight: 1.3, margin: [0, 0, 0, 6] } },
      ...(long ? [] : words),
    ],
    look: { size: spec.fonts.size - 0.5, margin },
  });
  const rule: Block = { kind: 'rule', variant: 'line', length: inner, look: { margin: [0, 0, 0, 8] } };
  const title = shownTitle(ind.title);
  const head: Group = {
    kind: 'group',
    blocks: [
      ...(label ? [label] : []),
      {
        kind: 'columns',
        columns: [
          {
            width: '*',
            block: {
              kind: 'heading',
              level: 3,
              text: [{ text: shownId(ind) ? `${shownId(ind)}  ` : '', tone: 'accent' }, title],
              anchor: anchorOf(ctx.report.scorecard.indicators, ind),
              bookmark: { text: `${shownId(ind)} ${title}`.trim(), parent },
              look: { style: 'h3' },
            },
          },
          {
            width: 'auto',
            block: {
              kind: 'group',
              blocks: [
                {
                  kind: 'paragraph',
                  text: [
                    { text: `${RAG_SHAPE[a.rag]} `, tone: { rag: a.rag } },
                    { text: spec.words.rag[a.rag], bold: true },
                  ],
                },
                // Back to the row this panel details, and the page it is on.
                ...(spec.blocks.includes('sections')
                  ? [{ kind: 'paragraph', text: pageLink(L.scorecard, tableOf(ind), L.onPage), look: { style: 'small', margin: [0, 2, 0, 0] } } satisfies Block]
                  : []),
              ],
              look: { margin: [8, 7, 0, 0] },
            },
          },
        ],
      },
      portrait
        ? { kind: 'group', blocks: [figure(ctx, chart, a), side([0, 6, 0, 0])] }
        : {
            kind: 'columns',
            columns: [
              { width: chartWidth, block: { kind: 'group', blocks: [figure(ctx, chart, a)] } },
              { width: '*', block: side([12, 0, 0, 0]) },
            ],
          },
      ...(long ? [] : [rule]),
    ],
    keep: { together: true },
    shows: { indicator: ind, part: 'panel' },
  };
  if (!long) return { kind: 'section', blocks: [head] };
  const flow: Group = {
    kind: 'group',
    blocks: words,
    look: { size: spec.fonts.size - 0.5, margin: [0, 6, 0, 0] },
    continued: L.continued.replace('{title}', `${shownId(ind)} ${title}`.trim()),
  };
  return { kind: 'section', blocks: [head, flow, rule] };
}

/** Characters of a figure's cell the scorecard shows: past them, text (a note, a reason) is cut with an ellipsis. */
const CELL = 16;

/** Characters of commentary beyond which it leaves the panel's side column and flows on below. */
const LONG_COMMENTARY = 1500;

/** A section's scorecard: header row repeated on every page, rows never split, numbers right-aligned. */
function scorecardTable(ctx: Ctx, items: IndicatorAssessment[]): Block[] {
  const { pack, narrative } = ctx;
  const spec = pack.spec;
  const L = spec.words.labels;
  const benchNames = [...new Set(items.flatMap((a) => a.indicator.benchmarks.filter((b) => b.status !== 'missing').map((b) => b.name)))].slice(0, 3);
  // As many periods as fit beside a readable measure column (A4 portrait shows fewer than landscape).
  const fixed = 32 + 50 + benchNames.length * 52 + 56 + 62 + 120;
  const shown = ctx.shown.slice(-Math.max(1, Math.floor((innerWidth(spec) - fixed) / 42)));
  const markers = new Set<string>();
  // A sheet with no IDs gets no ID column: the IDs boardpack derives are for files, not readers.
  const ids = items.some((a) => shownId(a.indicator) !== '');
  const header: Cell[] = [
    ...(ids ? [{ text: L.id, look: { style: 'th' } } satisfies Cell] : []),
    { text: L.measure, look: { style: 'th' } },
    ...shown.map((per): Cell => ({ text: per.label, look: { style: 'th', align: 'right' } })),
    { text: L.target, look: { style: 'th', align: 'right' } },
    ...benchNames.map((n): Cell => ({ text: n, look: { style: 'th', align: 'right' } })),
    { text: L.rag, look: { style: 'th' } },
    { text: L.direction, look: { style: 'th' } },
  ];
  const body: Cell[][] = [];
  for (const a of items) {
    const ind = a.indicator;
    const byPeriod = new Map(ind.values.map((v) => [v.period.id, v]));
    const cells = shown.map((per): Cell => {
      const obs = byPeriod.get(per.id);
      if (!obs) return { text: '' };
      if (obs.revised) markers.add('revised');
      if (obs.status !== 'ok' && obs.status !== 'missing') markers.add(obs.status);
      return valueCell(obs, ind.unit, ind.decimals);
    });
    const bench = benchNames.map((n): Cell => {
      const b = ind.benchmarks.find((x) => x.name === n);
      return {
        text: b && b.status !== 'missing' ? shorten(b.value === null ? b.raw.trim() : withSeparators(b.raw.trim()), CELL) : '',
        look: { align: 'right' },
      };
    });
    const text = narrative.indicators.get(a)!;
    const anchor = anchorOf(ctx.report.scorecard.indicators, ind);
    const linked = spec.blocks.includes('details');
    const name: CellLine = {
      text: [
        shownTitle(ind.title),
        ...(ind.unit !== 'number' && ind.unit !== '%' ? [{ text: ` (${shorten(ind.unit, SHOWN.unit)})`, tone: 'muted' } as const] : []),
      ],
    };
    // Where its detail panel is, linked: on paper the page, on screen a click; under the ID, or the
    // title when there are none. (A line of its own: pdfmake fills in a page number only on a text's first line.)
    const where: CellLine[] = linked ? [{ text: pageLink(null, anchor, L.onPage), look: { size: spec.fonts.size - 2.5 } }] : [];
    body.push([
      ...(ids ? [{ lines: [{ text: shownId(ind), look: { tone: 'accent', bold: true } }, ...where] } satisfies Cell] : []),
      { lines: [name, ...(ids ? [] : where)], shows: { indicator: ind, part: 'row' } },
      ...cells,
      { text: targetShown(a) ?? '', look: { align: 'right' } },
      ...bench,
      { text: ratingRuns(a.rag, spec.words), alt: plain(text.ragReason) },
      { text: directionRuns(a.direction, spec.words, spec.fonts.size), alt: plain(text.directionReason) },
    ]);
  }
  const widths = [...(ids ? [32] : []), '*' as const, ...shown.map(() => 42), 50, ...benchNames.map(() => 52), 56, 62];
  const table: Block = {
    kind: 'table',
    widths,
    header: [header],
    body,
    rules: 'stripes',
    rowsWhole: true,
    keepWithHeader: 1,
    look: { style: 'td', margin: [0, 4, 0, 4] },
  };
  const notes = [...markers].map((m) => {
    const label =
      m === 'revised'
        ? 'r'
        : m === 'suppressed'
          ? 'Suppressed'
          : m === 'not-collected'
            ? 'NYC'
            : m === 'not-applicable'
              ? 'NA'
              : m === 'not-reported'
                ? 'Not reported'
                : m === 'unavailable'
                  ? 'Unavailable'
                  : 'Text';
    return `${label}: ${spec.words.markers[m as keyof typeof spec.words.markers]}`;
  });
  return notes.length > 0 ? [table, { kind: 'paragraph', text: notes.join('  ·  '), note: true, look: { style: 'small', margin: [0, 0, 0, 8] } }] : [table];
}

function valueCell(obs: Observation, unit: string, decimals: number | null): Cell {
  if (obs.status === 'ok' && obs.value !== null && obs.range === null) {
    const shown = formatFigure(obs.value, { unit, decimals });
    const count = obs.count !== null ? ` (${obs.count})` : '';
    return { text: obs.revised ? [`${shown}${count}`, { text: 'r', size: 6, tone: 'muted' }] : `${shown}${count}`, look: { align: 'right' } };
  }
  const raw = obs.raw.trim();
  return { text: shorten(raw, CELL), look: { align: 'right', italic: obs.status !== 'ok', ...(obs.status === 'ok' ? {} : { tone: 'muted' as const }) } };
}

/** An officer's commentary, as they wrote it, with their name. */
function commentaryBox(c: { markup: string; author: string | null }): Quote {
  return {
    kind: 'quote',
    blocks: [
      ...markupBlocks(c.markup, 'commentary', 3),
      ...(c.author ? [{ kind: 'paragraph', text: `— ${c.author}`, look: { style: 'small', italic: true } } satisfies Block] : []),
    ],
    look: { fill: 'stripe', margin: [0, 2, 0, 6] },
  };
}

/** A chart's place in the pack; it is drawn separately (see drawCharts.ts) and filled in when rendering. */
function figure(ctx: Ctx, chart: ChartSpec, subject: ChartSubject, align?: 'center'): Figure {
  const block: Figure = {
    kind: 'figure',
    source: { chart: ctx.charts.length },
    alt: chart.alt,
    width: chart.width,
    height: chart.height,
    ...(align ? { look: { align } } : {}),
  };
  ctx.charts.push(chart);
  ctx.subjects.push(subject);
  return block;
}

const FIGURE_TARGETS = new Set(['min', 'max', 'range', 'exact', 'rate', 'level']);

/**
 * The target as written that the rating used: the reporting period's own (`Target 2025/26`), its
 * year's, report.yaml's replacement, else the indicator's. Null when there is none.
 */
function targetShown(a: IndicatorAssessment): string | null {
  if (!('raw' in a.target) || a.target.raw.trim() === '') return null;
  const raw = a.target.raw.trim();
  // A target that is a figure is written as figures are: 2,583, not 2583.
  return shorten(FIGURE_TARGETS.has(a.target.kind) ? withSeparators(raw) : raw, SHOWN.target);
}

/** Points a section's table needs below its heading: its header row and its first rows. */
const TABLE_START = 90;

/**
 * What heads a table, kept with the table's first rows (see keep.ts). With commentary long enough
 * to run over a page it cannot be kept whole, and flows as usual.
 */
function keptWithTable(head: Block[], words: number): Group {
  return words < LONG_COMMENTARY ? { kind: 'group', blocks: head, keep: { together: true, withNext: TABLE_START } } : { kind: 'group', blocks: head };
}

/** The anchor of the table an indicator's row is in: its section's, or the scorecard's when it has none. */
const tableOf = (ind: { section: string | null }) => (ind.section ? `s-${ind.section}` : 's-none');

/** Sections in reading order with their own indicators; indicators outside any section come first. */
function groupBySection(report: Report, items: IndicatorAssessment[]): Array<{ section: Section | null; level: number; items: IndicatorAssessment[] }> {
  const sections = report.scorecard.sections;
  const depth = (s: Section): number => (s.parent ? 1 + depth(sections.find((x) => x.id === s.parent)!) : 0);
  const out: Array<{ section: Section | null; level: number; items: IndicatorAssessment[] }> = [];
  const loose = items.filter((a) => a.indicator.section === null);
  if (loose.length > 0) out.push({ section: null, level: 0, items: loose });
  for (const s of sections) out.push({ section: s, level: depth(s), items: items.filter((a) => a.indicator.section === s.id) });
  return out;
}

function shownPeriods(report: Report, n: number): Period[] {
  return report.scorecard.periods.filter((p) => p.kind === report.period.kind && p.order <= report.period.order).slice(-n);
}

function innerWidth(spec: TemplatePack['spec']): number {
  return pageSize(spec)[0] - spec.page.margins[0] - spec.page.margins[2];
}

function pageSize(spec: TemplatePack['spec']): [number, number] {
  const [w, h] = spec.page.size === 'A3' ? [841.89, 1190.55] : [595.28, 841.89];
  return spec.page.orientation === 'landscape' ? [h, w] : [w, h];
}

/** A reason as one plain line, for table cells' alternative text. */
const plain = (markup: string) => stripMarkup(markup).replace(/\s*\n+\s*/g, ' ');
