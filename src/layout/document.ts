import type { IndicatorAssessment } from '../assess/index.js';
import type { ChartSpec } from '../chart/builders.js';
import { formatFigure, formatValue, withSeparators } from '../model/format.js';
import type { Period } from '../model/period.js';
import { type Issue, type Observation, SHOWN, type Section, shorten, shownId, shownTitle } from '../model/scorecard.js';
import { type Analysis, type Narrative, anchorOf, longDate, parseMarkup, periodContext, stripMarkup } from '../narrate/index.js';
import type { TemplatePack } from '../narrate/pack.js';
import type { Report } from '../model/report.js';
import { chartPlaceholder } from './drawCharts.js';
import { markupContent } from './markup.js';
import { laidOut } from './watch.js';
import { DIRECTION_SHAPE, FONT, RAG_SHAPE, directionColour, ragColour, styles } from './theme.js';

/** A pdfmake node. Extra keys (`role`, `alt`) are kept as data for a later tagging pass. */
type Node = Record<string, unknown>;

export interface Layout {
  /** The pdfmake document definition. */
  doc: Record<string, unknown>;
  /** Charts to draw, in the order of their placeholders (`data-chart="i"`). */
  charts: ChartSpec[];
  /**
   * Once the document is rendered, given the watched nodes pdfmake could not wholly place (see
   * watch.ts): each indicator whose scorecard row or detail panel is among them.
   */
  unplaced: (cut: ReadonlySet<string>) => Array<{ indicator: IndicatorAssessment['indicator']; part: 'row' | 'panel' }>;
}

/** The indicator a chart shows (null for the summary chart), so a chart that fails can be reported by name. */
type ChartSubject = IndicatorAssessment | null;

export interface LayoutOptions {
  /** The date printed as "generated", and stamped in the PDF's metadata. */
  generated: Date;
  /** Chart builders, given the size the layout has room for, in points. */
  charts: { trend: (a: IndicatorAssessment, size: { width: number; height: number }) => ChartSpec; summary: (width: number) => ChartSpec };
}

/**
 * The committee pack as a pdfmake document: blocks in the pack's order, each from a small function.
 * Charts are left as slots, so they can be drawn elsewhere (worker threads) while this runs.
 */
export function layoutPack(report: Report, analysis: Analysis, options: LayoutOptions): Layout {
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
    flowing: [],
    placed: [],
  };
  const content: Node[] = [];
  const blocks = spec.blocks;
  for (const [i, block] of blocks.entries()) {
    const part = BLOCKS[block](ctx);
    if (part.length === 0) continue;
    // Every block after the cover starts on a new page.
    if (i > 0 && content.length > 0) (part[0] as Node).pageBreak = 'before';
    content.push(...part);
  }
  const [pageWidth] = pageSize(spec);
  const [left, top, right, bottom] = spec.page.margins;
  const { config } = report;
  const title = config.title;
  const generated = longDate(options.generated.toISOString().slice(0, 10));
  const L = spec.words.labels;
  const fill = (label: string, values: Record<string, string | number>) => label.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
  const headerText = fill(L.header, { period: ctx.periodName });
  const footerText = [config.organisation, fill(L.footer, { date: generated })].filter(Boolean).join(' · ');
  const doc = {
    pageSize: spec.page.size,
    pageOrientation: spec.page.orientation,
    pageMargins: [left, top, right, bottom],
    language: 'en-GB',
    displayTitle: true,
    // A tagged PDF (its structure tree is written as it is drawn: see tagging.ts), identified as PDF/UA.
    tagged: true,
    version: '1.7',
    subset: 'PDF/UA',
    info: {
      title: `${title} — ${ctx.periodName}`,
      author: config.organisation ?? 'boardpack',
      subject: [config.committee, headerText].filter(Boolean).join(' — '),
      keywords: ['performance scorecard', 'RAG', config.committee, config.organisation, report.period.label].filter(Boolean).join(', '),
      creator: 'boardpack',
      producer: 'boardpack (pdfmake)',
      creationDate: options.generated,
      modDate: options.generated,
    },
    defaultStyle: { font: FONT, fontSize: spec.fonts.size, color: spec.palette.text, lineHeight: 1.15 },
    styles: styles(spec),
    header: (page: number) =>
      page === 1
        ? null
        : {
            margin: [left, 22, right, 0],
            role: 'Artifact',
            stack: [
              {
                columns: [
                  { text: title, bold: true },
                  { text: headerText, alignment: 'right' },
                ],
                fontSize: spec.fonts.size - 1.5,
                color: spec.palette.muted,
              },
              { canvas: [{ type: 'line', x1: 0, y1: 4, x2: pageWidth - left - right, y2: 4, lineWidth: 0.5, lineColor: spec.palette.rule }] },
              ...continuing(ctx.flowing, page).map((label) => ({ text: label, style: 'small', bold: true, color: spec.palette.accent, margin: [0, 3, 0, 0] })),
            ],
          },
    footer: (page: number, pages: number) => ({
      margin: [left, Math.max(8, bottom - 26), right, 0],
      role: 'Artifact',
      columns: [{ text: footerText }, { text: fill(L.page, { page, pages }), alignment: 'right' }],
      fontSize: spec.fonts.size - 1.5,
      color: spec.palette.muted,
    }),
    content,
    // Not for pdfmake (renderPdf takes it off): a chart that could not be drawn is shown as a box
    // with its description, and reported here, among the build's issues, naming its indicator.
    onChartFailure: (index: number, reason: string) => analysis.issues.push(chartIssue(ctx.subjects[index] ?? null, reason)),
  };
  const unplaced = (cut: ReadonlySet<string>) => ctx.placed.filter(({ key }) => cut.has(key)).map(({ a, part }) => ({ indicator: a.indicator, part }));
  return { doc, charts: ctx.charts, unplaced };
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
  /** Commentary that flows on past its panel (its watch key), and what a page it continues onto says at its top. */
  flowing: Array<{ key: string; label: string }>;
  /** Each indicator's scorecard row and detail panel (their watch keys), to check once rendered that pdfmake placed them. */
  placed: Array<{ key: string; a: IndicatorAssessment; part: 'row' | 'panel' }>;
}

/**
 * What continues at the top of a page: the panel whose commentary began on an earlier page. Asked
 * for by the page header, which pdfmake lays out once the content has been, so the commentary's
 * pages are known by then (pdfmake records them on each node as `positions`).
 */
function continuing(flowing: Ctx['flowing'], page: number): string[] {
  for (const { key, label } of flowing) {
    const positions = laidOut(key)?.positions ?? [];
    if (positions.length > 0 && positions[0]!.pageNumber < page && positions.some((p) => p.pageNumber === page)) return [label];
  }
  return [];
}

const BLOCKS: Record<TemplatePack['spec']['blocks'][number], (ctx: Ctx) => Node[]> = {
  cover,
  contents,
  key,
  summary,
  sections,
  details,
};

function cover(ctx: Ctx): Node[] {
  const { pack, narrative, analysis } = ctx;
  const p = pack.spec.palette;
  const paragraphs = parseMarkup(narrative.cover).map((b) =>
    b.kind === 'paragraph' ? b.runs.map((r) => r.text).join('') : b.items.map((i) => i.map((r) => r.text).join('')).join(' · '),
  );
  const [label = '', heading = '', ...rest] = paragraphs;
  const s = analysis.assessment.summary;
  const tile = (rag: keyof typeof RAG_SHAPE, n: number, word: string) => ({
    stack: [
      {
        text: [
          { text: `${RAG_SHAPE[rag]} `, color: ragColour(p, rag) },
          { text: String(n), bold: true },
        ],
        fontSize: 20,
      },
      { text: word, fontSize: 9, color: p.muted },
    ],
    width: 'auto',
    margin: [0, 0, 26, 0],
  });
  const words = pack.spec.words.rag;
  return [
    ...(pack.logo ? [{ image: pack.logo, fit: [160, 60], alignment: 'right', margin: [0, 0, 0, 10], role: 'Figure', alt: 'Logo' }] : []),
    { text: label.toUpperCase(), color: p.accent, bold: true, fontSize: 11, characterSpacing: 1.2, margin: [0, pack.logo ? 40 : 110, 0, 10] },
    { text: heading, fontSize: 28, bold: true, color: p.text, margin: [0, 0, 0, 14], role: 'H1', outline: true, outlineText: heading },
    { canvas: [{ type: 'rect', x: 0, y: 0, w: 90, h: 4, color: p.accent }], margin: [0, 0, 0, 18] },
    ...rest.map((t, i) => ({ text: t, fontSize: i === 0 ? 15 : 11.5, color: i === 0 ? p.text : p.muted, margin: [0, 0, 0, i === 0 ? 12 : 4] })),
    {
      columns: [
        tile('green', s.rag.green, words.green),
        tile('amber', s.rag.amber, words.amber),
        tile('red', s.rag.red, words.red),
        tile('no-data', s.rag['no-data'], words['no-data']),
        tile('none', s.rag.none, words.none),
      ],
      margin: [0, 40, 0, 0],
    },
    { text: pack.spec.words.labels.coverCount.replace('{count}', String(s.total)), color: p.muted, margin: [0, 6, 0, 0] },
  ];
}

function contents(ctx: Ctx): Node[] {
  const p = ctx.pack.spec.palette;
  return [
    {
      toc: { title: { text: ctx.pack.spec.words.labels.contents, style: 'h1', role: 'H1' }, numberStyle: { color: p.muted } },
      role: 'TOC',
    },
  ];
}

function key(ctx: Ctx): Node[] {
  const { pack, narrative } = ctx;
  const p = pack.spec.palette;
  const w = pack.spec.words;
  const symbol = (shape: string, colour: string, word: string) => [
    { text: shape, color: colour, fontSize: 11, alignment: 'center' },
    { text: word, bold: true },
  ];
  const none = [{ text: '' }, { text: '' }];
  // A column per kind of symbol, each symbol once: shapes are ratings, filled arrows better or
  // worse, thin arrows only which way a figure moved.
  const table = {
    table: {
      widths: [18, 90, 18, 90, 18, 90],
      headerRows: 1,
      body: [
        w.labels.keyColumns.flatMap((label) => [{ text: label, style: 'th', colSpan: 2, role: 'TH' }, {}]),
        [
          ...symbol(RAG_SHAPE.green, p.green, w.rag.green),
          ...symbol(DIRECTION_SHAPE.improving, p.improving, w.direction.improving),
          ...symbol(DIRECTION_SHAPE.up, p.neutral, w.direction.up),
        ],
        [
          ...symbol(RAG_SHAPE.amber, p.amber, w.rag.amber),
          ...symbol(DIRECTION_SHAPE.declining, p.declining, w.direction.declining),
          ...symbol(DIRECTION_SHAPE.down, p.neutral, w.direction.down),
        ],
        [
          ...symbol(RAG_SHAPE.red, p.red, w.rag.red),
          ...symbol(DIRECTION_SHAPE['no-change'], p.neutral, w.direction['no-change']),
          ...symbol(DIRECTION_SHAPE.same, p.neutral, w.direction.same),
        ],
        [
          ...symbol(RAG_SHAPE['no-data'], p.noData, w.rag['no-data']),
          ...none,
          ...symbol(DIRECTION_SHAPE['not-comparable'], p.neutral, w.direction['not-comparable']),
        ],
        [...symbol(RAG_SHAPE.none, p.none, w.rag.none), ...none, ...none],
      ],
    },
    layout: 'noBorders',
    margin: [0, 4, 0, 12],
    role: 'Table',
  };
  return [headingNode(w.labels.key, 1, 'key'), table, ...markupContent(narrative.key)];
}

function summary(ctx: Ctx): Node[] {
  const chart =
    ctx.report.scorecard.sections.length > 0 ? [figure(ctx, ctx.options.charts.summary(Math.min(520, innerWidth(ctx.pack.spec))), null, 'center')] : [];
  // Short paragraphs and list items never break, and a list's lead-in stays with its first item:
  // no line is left alone at the top or the foot of a page.
  return [headingNode(ctx.pack.spec.words.labels.summary, 1, 'summary'), ...chart, ...markupContent(ctx.narrative.summary, undefined, 5, true)];
}

function sections(ctx: Ctx): Node[] {
  const { report, analysis, narrative, pack } = ctx;
  const out: Node[] = [headingNode(pack.spec.words.labels.scorecard, 1, 'scorecard')];
  const bySection = groupBySection(report, analysis.assessment.indicators);
  const p = pack.spec.palette;
  for (const { section, level, items } of bySection) {
    if (section) {
      const result = analysis.assessment.sections.find((s) => s.id === section.id)!;
      const text = narrative.sections.get(section.id)!;
      // One node, title and rating together. (pdfmake's pageBreakBefore could keep a heading with its
      // table, but it lays the whole document out again per break: 60 indicators took 2.0 s, not 1.4.)
      const node = headingNode(
        shorten(section.title, SHOWN.section),
        level === 0 ? 2 : 3,
        `s-${section.id}`,
        section.parent ? `s-${section.parent}` : 'scorecard',
      );
      const heading = {
        ...node,
        text: [
          shorten(section.title, SHOWN.section),
          { text: `   ${RAG_SHAPE[result.rollup]} `, color: ragColour(p, result.rollup), fontSize: pack.spec.fonts.size + 1 },
          { text: pack.spec.words.rag[result.rollup], fontSize: pack.spec.fonts.size + 1, color: p.text },
        ],
      };
      const commentary = text.commentary.map((c) => commentaryBox(c, pack));
      // A heading never ends a page: with its introduction it goes where its table's first rows fit too.
      const words = text.intro.length + text.commentary.reduce((n, c) => n + c.text.length, 0);
      out.push(items.length > 0 ? keptWithTable([heading, ...markupContent(text.intro, 'note', 3), ...commentary], words) : heading);
      if (items.length === 0) out.push(...markupContent(text.intro, 'note', 3), ...commentary);
    } else if (items.length > 0) {
      out.push(keptWithTable([headingNode(pack.spec.words.labels.ungrouped, 2, 's-none', 'scorecard')], 0));
    }
    if (items.length > 0) out.push(...scorecardTable(ctx, items));
  }
  return out;
}

function details(ctx: Ctx): Node[] {
  const { report, analysis } = ctx;
  const out: Node[] = [headingNode(ctx.pack.spec.words.labels.details, 1, 'details')];
  for (const { section, items } of groupBySection(report, analysis.assessment.indicators)) {
    if (items.length === 0) continue;
    const panels = items.map((a) => detailPanel(ctx, a, section ? `d-${section.id}` : 'details'));
    // The section's label rides in its first panel's unbreakable head, so it never ends a page alone.
    if (section)
      ((panels[0]!.stack as Node[])[0]!.stack as Node[]).unshift({
        text: shorten(section.title, SHOWN.section),
        style: 'h3',
        color: ctx.pack.spec.palette.accent,
        role: 'H2',
        outline: true,
        outlineText: shorten(section.title, SHOWN.section),
        id: `d-${section.id}`,
        outlineParentId: 'details',
        // The contents lists the details by section too, under "Indicator details".
        tocItem: true,
        tocMargin: [14, 0, 0, 0],
      });
    out.push(...panels);
  }
  return out;
}

/** One indicator: chart and data on the left; rating, reasons, benchmarks and words on the right. */
function detailPanel(ctx: Ctx, a: IndicatorAssessment, parent: string): Node {
  const { pack, narrative } = ctx;
  const spec = pack.spec;
  const p = spec.palette;
  const ind = a.indicator;
  const text = narrative.indicators.get(a)!;
  const L = spec.words.labels;
  const inner = innerWidth(spec);
  const portrait = spec.page.orientation === 'portrait';
  // Landscape: chart beside the words. Portrait: chart across the page, words below it.
  const chartWidth = portrait ? inner : Math.round(inner * 0.56);
  const f = (v: number) => formatValue(v, ind.unit, ind.decimals);
  const fact = (label: string, value: unknown) => [{ text: `${label}: `, color: p.muted }, ...(Array.isArray(value) ? value : [value])];
  const facts: unknown[][] = [
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
    fact(L.rating, [{ text: `${RAG_SHAPE[a.rag]} ${spec.words.rag[a.rag]}`, bold: true, color: ragColour(p, a.rag) }, { text: ` — ${plain(text.ragReason)}` }]),
    fact(L.direction, [
      { text: `${DIRECTION_SHAPE[a.direction]} ${spec.words.direction[a.direction]}`, bold: true, color: directionColour(p, a.direction) },
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
  const words: Node[] = [];
  for (const c of text.commentary) words.push(commentaryBox(c, pack));
  if (text.showNarrative) words.push(...markupContent(text.narrative, 'commentary', 3));
  const chart = ctx.options.charts.trend(a, { width: chartWidth, height: 168 });
  // Commentary longer than the panel can hold flows on below it, across pages, at full width: a
  // panel that cannot break and does not fit a page would not be drawn at all.
  const long = [...text.commentary.map((c) => c.text), text.showNarrative ? text.narrative : ''].join('').length > LONG_COMMENTARY;
  const side = {
    // One paragraph of facts, a line each: the same to read, and cheaper to lay out than six.
    stack: [{ text: facts.flatMap((f, i) => (i === 0 ? f : ['\n', ...f])), lineHeight: 1.3, margin: [0, 0, 0, 6] }, ...(long ? [] : words)],
    fontSize: spec.fonts.size - 0.5,
  };
  const rule = { canvas: [{ type: 'line', x1: 0, y1: 6, x2: inner, y2: 6, lineWidth: 0.5, lineColor: p.rule }], margin: [0, 0, 0, 8] };
  const head: Node = {
    unbreakable: true,
    stack: [
      {
        columns: [
          {
            text: [{ text: shownId(ind) ? `${shownId(ind)}  ` : '', color: p.accent }, shownTitle(ind.title)],
            style: 'h3',
            role: 'H3',
            id: anchorOf(ctx.report.scorecard.indicators, ind),
            outline: true,
            outlineText: `${shownId(ind)} ${shownTitle(ind.title)}`.trim(),
            outlineParentId: parent,
            width: '*',
          },
          {
            width: 'auto',
            margin: [8, 7, 0, 0],
            stack: [
              {
                text: [
                  { text: `${RAG_SHAPE[a.rag]} `, color: ragColour(p, a.rag) },
                  { text: spec.words.rag[a.rag], bold: true },
                ],
              },
              // Back to the row this panel details, and the page it is on.
              ...(spec.blocks.includes('sections')
                ? [{ text: pageLink(L.scorecard, tableOf(ind), L.onPage, p.muted), style: 'small', margin: [0, 2, 0, 0] }]
                : []),
            ],
          },
        ],
      },
      portrait
        ? { stack: [figure(ctx, chart, a), { ...side, margin: [0, 6, 0, 0] }] }
        : {
            columns: [
              { width: chartWidth, stack: [figure(ctx, chart, a)] },
              { width: '*', ...side, margin: [12, 0, 0, 0] },
            ],
          },
      ...(long ? [] : [rule]),
    ],
  };
  const key = `panel-${ctx.placed.length}`;
  head.watch = key;
  ctx.placed.push({ key, a, part: 'panel' });
  if (!long) return { stack: [head], role: 'Sect' };
  const flow = { stack: words, fontSize: spec.fonts.size - 0.5, margin: [0, 6, 0, 0], watch: `flow-${ctx.flowing.length}` };
  ctx.flowing.push({ key: flow.watch, label: L.continued.replace('{title}', `${shownId(ind)} ${shownTitle(ind.title)}`.trim()) });
  return { stack: [head, flow, rule], role: 'Sect' };
}

/** Characters of a figure's cell the scorecard shows: past them, text (a note, a reason) is cut with an ellipsis. */
const CELL = 16;

/** Characters of commentary beyond which it leaves the panel's side column and flows on below. */
const LONG_COMMENTARY = 1500;

/** A section's scorecard: header row repeated on every page, rows never split, numbers right-aligned. */
function scorecardTable(ctx: Ctx, items: IndicatorAssessment[]): Node[] {
  const { pack, narrative } = ctx;
  const spec = pack.spec;
  const p = spec.palette;
  const L = spec.words.labels;
  const benchNames = [...new Set(items.flatMap((a) => a.indicator.benchmarks.filter((b) => b.status !== 'missing').map((b) => b.name)))].slice(0, 3);
  // As many periods as fit beside a readable measure column (A4 portrait shows fewer than landscape).
  const fixed = 32 + 50 + benchNames.length * 52 + 56 + 62 + 120;
  const shown = ctx.shown.slice(-Math.max(1, Math.floor((innerWidth(spec) - fixed) / 42)));
  const markers = new Set<string>();
  // A sheet with no IDs gets no ID column: the IDs boardpack derives are for files, not readers.
  const ids = items.some((a) => shownId(a.indicator) !== '');
  const header = [
    ...(ids ? [{ text: L.id, style: 'th' }] : []),
    { text: L.measure, style: 'th' },
    ...shown.map((per) => ({ text: per.label, style: 'th', alignment: 'right' })),
    { text: L.target, style: 'th', alignment: 'right' },
    ...benchNames.map((n) => ({ text: n, style: 'th', alignment: 'right' })),
    { text: L.rag, style: 'th' },
    { text: L.direction, style: 'th' },
  ].map((c) => ({ ...c, role: 'TH' }));
  const body: Node[][] = [header];
  for (const a of items) {
    const ind = a.indicator;
    const byPeriod = new Map(ind.values.map((v) => [v.period.id, v]));
    const cells = shown.map((per) => {
      const obs = byPeriod.get(per.id);
      if (!obs) return { text: '' };
      if (obs.revised) markers.add('revised');
      if (obs.status !== 'ok' && obs.status !== 'missing') markers.add(obs.status);
      return valueCell(obs, ind.unit, ind.decimals, p.muted);
    });
    const bench = benchNames.map((n) => {
      const b = ind.benchmarks.find((x) => x.name === n);
      return { text: b && b.status !== 'missing' ? shorten(b.value === null ? b.raw.trim() : withSeparators(b.raw.trim()), CELL) : '', alignment: 'right' };
    });
    const text = narrative.indicators.get(a)!;
    const anchor = anchorOf(ctx.report.scorecard.indicators, ind);
    const linked = spec.blocks.includes('details');
    const name: Node = {
      text: [shownTitle(ind.title), ...(ind.unit !== 'number' && ind.unit !== '%' ? [{ text: ` (${shorten(ind.unit, SHOWN.unit)})`, color: p.muted }] : [])],
    };
    // Where its detail panel is, linked: on paper the page, on screen a click; under the ID, or the
    // title when there are none. (A line of its own: pdfmake fills in a page number only on a text's first line.)
    const where = linked ? [{ text: pageLink(null, anchor, L.onPage, p.muted), fontSize: spec.fonts.size - 2.5 }] : [];
    const title: Node = { stack: [name, ...(ids ? [] : where)], watch: `row-${ctx.placed.length}` };
    ctx.placed.push({ key: title.watch as string, a, part: 'row' });
    body.push([
      ...(ids ? [{ stack: [{ text: shownId(ind), color: p.accent, bold: true }, ...where] }] : []),
      title,
      ...cells,
      { text: targetShown(a) ?? '', alignment: 'right' },
      ...bench,
      { text: [{ text: `${RAG_SHAPE[a.rag]} `, color: ragColour(p, a.rag) }, { text: spec.words.rag[a.rag] }], alt: plain(text.ragReason) },
      {
        text: [
          { text: `${DIRECTION_SHAPE[a.direction]} `, color: directionColour(p, a.direction) },
          { text: spec.words.direction[a.direction], fontSize: spec.fonts.size - 2 },
        ],
        alt: plain(text.directionReason),
      },
    ]);
  }
  const widths = [...(ids ? [32] : []), '*', ...shown.map(() => 42), 50, ...benchNames.map(() => 52), 56, 62];
  const table: Node = {
    table: { headerRows: 1, dontBreakRows: true, keepWithHeaderRows: 1, widths, body },
    layout: zebraLayout(p),
    style: 'td',
    margin: [0, 4, 0, 4],
    role: 'Table',
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
  return notes.length > 0 ? [table, { text: notes.join('  ·  '), style: 'small', margin: [0, 0, 0, 8], role: 'Note' }] : [table];
}

function valueCell(obs: Observation, unit: string, decimals: number | null, muted: string): Node {
  if (obs.status === 'ok' && obs.value !== null && obs.range === null) {
    const shown = formatFigure(obs.value, { unit, decimals });
    const count = obs.count !== null ? ` (${obs.count})` : '';
    return { text: obs.revised ? [`${shown}${count}`, { text: 'r', fontSize: 6, color: muted }] : `${shown}${count}`, alignment: 'right' };
  }
  const raw = obs.raw.trim();
  return {
    text: shorten(raw, CELL),
    alignment: 'right',
    italics: obs.status !== 'ok',
    color: obs.status === 'ok' ? undefined : muted,
  };
}

function commentaryBox(c: { markup: string; author: string | null }, pack: TemplatePack): Node {
  const p = pack.spec.palette;
  return {
    table: {
      widths: ['*'],
      body: [
        [
          {
            stack: [...markupContent(c.markup, 'commentary', 3), ...(c.author ? [{ text: `— ${c.author}`, style: 'small', italics: true }] : [])],
            fillColor: p.stripe,
          },
        ],
      ],
    },
    layout: {
      hLineWidth: () => 0,
      vLineWidth: (i: number) => (i === 0 ? 2 : 0),
      vLineColor: () => p.accent,
      paddingLeft: () => 8,
      paddingTop: () => 4,
      paddingBottom: () => 4,
    },
    margin: [0, 2, 0, 6],
    role: 'BlockQuote',
  };
}

/** A chart's place in the document; it is drawn separately (see drawCharts.ts) and filled in when rendering. */
function figure(ctx: Ctx, chart: ChartSpec, subject: ChartSubject, alignment?: string): Node {
  const node: Node = {
    svg: chartPlaceholder(ctx.charts.length, chart.width, chart.height),
    width: chart.width,
    height: chart.height,
    role: 'Figure',
    alt: chart.alt,
    ...(alignment ? { alignment } : {}),
  };
  ctx.charts.push(chart);
  ctx.subjects.push(subject);
  return node;
}

/**
 * The target as written that the rating used: the reporting period's own (`Target 2025/26`), its
 * year's, report.yaml's replacement, else the indicator's. Null when there is none.
 */
const FIGURE_TARGETS = new Set(['min', 'max', 'range', 'exact', 'rate', 'level']);

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
function keptWithTable(head: Node[], words: number): Node {
  return words < LONG_COMMENTARY ? { stack: head, unbreakable: true, keepWithNext: TABLE_START } : { stack: head };
}

/** The anchor of the table an indicator's row is in: its section's, or the scorecard's when it has none. */
const tableOf = (ind: { section: string | null }) => (ind.section ? `s-${ind.section}` : 's-none');

/** `Scorecard p. 6`, or just `p. 23`, linked to the place named; the number is the page pdfmake puts it on. */
function pageLink(label: string | null, anchor: string, onPage: string, colour: string): Node[] {
  const [before, after] = onPage.split('{page}') as [string, string?];
  return [
    ...(label ? [{ text: `${label} `, linkToDestination: anchor, color: colour }] : []),
    { text: before, linkToDestination: anchor, color: colour },
    { text: '00', pageReference: anchor, color: colour },
    ...(after ? [{ text: after, linkToDestination: anchor, color: colour }] : []),
  ];
}

function headingNode(text: string, level: 1 | 2 | 3, id: string, parent?: string): Node {
  return {
    text,
    style: `h${level}`,
    role: `H${level}`,
    id,
    outline: true,
    outlineText: text,
    ...(parent ? { outlineParentId: parent } : {}),
    tocItem: level <= 2,
    ...(level === 2 ? { tocMargin: [14, 0, 0, 0] } : {}),
  };
}

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

function zebraLayout(p: TemplatePack['spec']['palette']) {
  return {
    fillColor: (row: number) => (row > 0 && row % 2 === 0 ? p.stripe : null),
    hLineWidth: (i: number, node: { table: { body: unknown[] } }) => (i === 0 || i === 1 || i === node.table.body.length ? 0.8 : 0.3),
    vLineWidth: () => 0,
    hLineColor: () => p.rule,
    paddingTop: () => 2.5,
    paddingBottom: () => 2.5,
  };
}

/** A reason as one plain line, for table cells' alternative text. */
const plain = (markup: string) => stripMarkup(markup).replace(/\s*\n+\s*/g, ' ');
