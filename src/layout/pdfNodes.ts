import {
  type Block,
  type Cell,
  type Heading,
  type Inline,
  type Look,
  type PackBlocks,
  type Runs,
  type Shows,
  type Table,
  type Tone,
  fillLabel,
} from './blocks.js';
import { chartPlaceholder } from './drawCharts.js';
import { FONT, directionColour, ragColour, styles } from './theme.js';
import { laidOut } from './watch.js';

/**
 * The PDF renderer of the pack's tree of blocks: turns it into a pdfmake document definition. Each
 * block's role is written as the node's `role` (and a figure's or cell's words as `alt`), which
 * tagging.ts makes the structure tree of as pdfmake lays out and draws; keep hints become
 * `unbreakable` and `keepWithNext` (keep.ts); what shows an indicator, and text that flows over
 * pages, are watched (`watch`, watch.ts).
 */

/** A pdfmake node. Extra keys (`role`, `alt`, `watch`, `keepWithNext`) are data for the passes that hook pdfmake. */
type Node = Record<string, unknown>;
type Palette = PackBlocks['theme']['palette'];

export interface PdfDocument {
  /** The pdfmake document definition. */
  doc: Record<string, unknown>;
  /** What shows each indicator, by the key it is watched under (see watch.ts). */
  watched: Array<{ key: string; shows: Shows }>;
}

/**
 * The document definition of a tree. `onChartFailure` is kept in it for renderPdf (pdf.ts), which
 * takes it off before pdfmake sees the rest.
 */
export function pdfDocument(tree: PackBlocks, onChartFailure: (index: number, reason: string) => void): PdfDocument {
  const r = new Renderer(tree.theme.palette);
  const content: Node[] = [];
  for (const part of tree.parts) {
    const nodes = part.blocks.map((b) => r.block(b));
    if (nodes.length === 0) continue;
    if (part.newPage) nodes[0]!.pageBreak = 'before';
    content.push(...nodes);
  }
  const p = tree.theme.palette;
  const [left, top, right, bottom] = tree.page.margins;
  const { header, footer } = tree.furniture;
  const size = tree.theme.size;
  const flowing = r.flowing;
  const doc = {
    pageSize: tree.page.size,
    pageOrientation: tree.page.orientation,
    pageMargins: [left, top, right, bottom],
    language: tree.meta.language,
    displayTitle: true,
    // A tagged PDF (its structure tree is written as it is drawn: see tagging.ts), identified as PDF/UA.
    tagged: true,
    version: '1.7',
    subset: 'PDF/UA',
    info: {
      title: tree.meta.title,
      author: tree.meta.author,
      subject: tree.meta.subject,
      keywords: tree.meta.keywords,
      creator: 'boardpack',
      producer: 'boardpack (pdfmake)',
      creationDate: tree.meta.date,
      modDate: tree.meta.date,
    },
    defaultStyle: { font: FONT, fontSize: size, color: p.text, lineHeight: 1.15 },
    styles: styles({ palette: p, fonts: { size } }),
    header: (page: number) =>
      page === 1 && !header.firstPage
        ? null
        : {
            margin: [left, 22, right, 0],
            role: 'Artifact',
            stack: [
              {
                columns: [
                  { text: header.title, bold: true },
                  { text: header.period, alignment: 'right' },
                ],
                fontSize: size - 1.5,
                color: p.muted,
              },
              {
                canvas: [{ type: 'line', x1: 0, y1: 4, x2: tree.page.width - left - right, y2: 4, lineWidth: 0.5, lineColor: p.rule }],
              },
              ...continuing(flowing, page).map((label) => ({ text: label, style: 'small', bold: true, color: p.accent, margin: [0, 3, 0, 0] })),
            ],
          },
    footer: (page: number, pages: number) => ({
      margin: [left, Math.max(8, bottom - 26), right, 0],
      role: 'Artifact',
      columns: [{ text: footer.text }, { text: fillLabel(footer.page, { page, pages }), alignment: 'right' }],
      fontSize: size - 1.5,
      color: p.muted,
    }),
    content,
    // Not for pdfmake (renderPdf takes it off): a chart that could not be drawn is shown as a box
    // with its description, and reported, among the build's issues, naming its indicator.
    onChartFailure,
  };
  return { doc, watched: r.watched };
}

/**
 * What continues at the top of a page: the panel whose commentary began on an earlier page. Asked
 * for by the page header, which pdfmake lays out once the content has been, so the commentary's
 * pages are known by then (pdfmake records them on each node as `positions`).
 */
function continuing(flowing: Renderer['flowing'], page: number): string[] {
  for (const { key, label } of flowing) {
    const positions = laidOut(key)?.positions ?? [];
    if (positions.length > 0 && positions[0]!.pageNumber < page && positions.some((p) => p.pageNumber === page)) return [label];
  }
  return [];
}

class Renderer {
  /** Each indicator's scorecard row and detail panel, by their watch keys, to check once rendered that pdfmake placed them. */
  readonly watched: Array<{ key: string; shows: Shows }> = [];
  /** Text that flows on past its panel (its watch key), and what a page it continues onto says at its top. */
  readonly flowing: Array<{ key: string; label: string }> = [];

  constructor(private readonly palette: Palette) {}

  block(b: Block): Node {
    switch (b.kind) {
      case 'heading':
        return this.heading(b);
      case 'paragraph': {
        const node: Node = { text: this.runs(b.text), ...this.look(b.look), role: b.note ? 'Note' : 'P' };
        return keep(node, b.keep);
      }
      case 'list':
        return {
          ul: b.items.map((item) => keep({ text: this.runs(item.text), role: 'LI' }, item.keep)),
          ...this.look(b.look),
          role: 'L',
        };
      case 'table':
        return this.table(b);
      case 'figure': {
        const { source } = b;
        if ('image' in source) return { image: source.image, fit: [b.width, b.height], ...this.look(b.look), role: 'Figure', alt: b.alt };
        return { svg: chartPlaceholder(source.chart, b.width, b.height), width: b.width, height: b.height, role: 'Figure', alt: b.alt, ...this.look(b.look) };
      }
      case 'rule':
        return {
          canvas:
            b.variant === 'bar'
              ? [{ type: 'rect', x: 0, y: 0, w: b.length, h: 4, color: this.tone(b.tone ?? 'accent') }]
              : [{ type: 'line', x1: 0, y1: 6, x2: b.length, y2: 6, lineWidth: 0.5, lineColor: this.palette.rule }],
          ...this.look(b.look),
        };
      case 'columns':
        return { columns: b.columns.map((c) => ({ ...this.block(c.block), width: c.width })), ...this.look(b.look) };
      case 'group': {
        const node = keep({ stack: b.blocks.map((x) => this.block(x)), ...this.look(b.look) }, b.keep);
        if (b.shows) node.watch = this.watch(b.shows);
        if (b.continued !== undefined) {
          node.watch = `flow-${this.flowing.length}`;
          this.flowing.push({ key: node.watch as string, label: b.continued });
        }
        return node;
      }
      case 'section':
        return { stack: b.blocks.map((x) => this.block(x)), role: 'Sect' };
      case 'quote':
        return this.quote(b.blocks, b.look);
      case 'contents':
        return { toc: { title: this.heading(b.title), numberStyle: { color: this.palette.muted } }, role: 'TOC' };
    }
  }

  private heading(h: Heading): Node {
    return {
      text: this.runs(h.text),
      ...this.look(h.look),
      role: `H${h.level}`,
      ...(h.anchor !== undefined ? { id: h.anchor } : {}),
      ...(h.bookmark ? { outline: true, outlineText: h.bookmark.text, ...(h.bookmark.parent ? { outlineParentId: h.bookmark.parent } : {}) } : {}),
      ...(h.contents ? { tocItem: true, ...(h.contents.indent ? { tocMargin: [h.contents.indent, 0, 0, 0] } : {}) } : {}),
    };
  }

  private table(t: Table): Node {
    // Every cell its own node, blank or not: the tagging pass gives each its TD, so a row of the key
    // has as many cells in the structure tree as on the page.
    const row = (cells: Cell[], header: boolean) => cells.flatMap((c) => [this.cell(c, header), ...Array.from({ length: (c.span ?? 1) - 1 }, () => ({}))]);
    const body = [...t.header.map((cells) => row(cells, true)), ...t.body.map((cells) => row(cells, false))];
    const table: Node =
      t.rules === 'none'
        ? { widths: t.widths, headerRows: t.header.length, body }
        : {
            headerRows: t.header.length,
            ...(t.rowsWhole ? { dontBreakRows: true } : {}),
            ...(t.keepWithHeader !== undefined ? { keepWithHeaderRows: t.keepWithHeader } : {}),
            widths: t.widths,
            body,
          };
    return { table, layout: t.rules === 'none' ? 'noBorders' : stripes(this.palette), ...this.look(t.look), role: 'Table' };
  }

  private cell(c: Cell, header: boolean): Node {
    const node: Node =
      'lines' in c
        ? { stack: c.lines.map((line) => ({ text: this.runs(line.text), ...this.look(line.look) })), ...this.look(c.look) }
        : { text: this.runs(c.text), ...this.look(c.look) };
    if (c.span !== undefined && c.span > 1) node.colSpan = c.span;
    if (header || c.rowHeader) node.role = 'TH';
    if (c.alt !== undefined) node.alt = c.alt;
    if (c.shows) node.watch = this.watch(c.shows);
    return node;
  }

  /** Quoted words: a shaded box with a rule down its left side. */
  private quote(blocks: Block[], look: Look | undefined): Node {
    const p = this.palette;
    const { fill, ...rest } = look ?? {};
    return {
      table: { widths: ['*'], body: [[{ stack: blocks.map((b) => this.block(b)), fillColor: fill === 'stripe' ? p.stripe : undefined }]] },
      layout: {
        hLineWidth: () => 0,
        vLineWidth: (i: number) => (i === 0 ? 2 : 0),
        vLineColor: () => p.accent,
        paddingLeft: () => 8,
        paddingTop: () => 4,
        paddingBottom: () => 4,
      },
      ...this.look(rest),
      role: 'BlockQuote',
    };
  }

  private watch(shows: Shows): string {
    const key = `${shows.part}-${this.watched.length}`;
    this.watched.push({ key, shows });
    return key;
  }

  private runs(text: Runs): unknown {
    return typeof text === 'string' ? text : text.map((i) => this.inline(i));
  }

  private inline(i: Inline): unknown {
    if (typeof i === 'string') return i;
    if ('pageOf' in i) return { text: '00', pageReference: i.pageOf, ...(i.tone ? { color: this.tone(i.tone) } : {}) };
    const node: Node = { text: i.text };
    if (i.bold !== undefined) node.bold = i.bold;
    if (i.italic !== undefined) node.italics = i.italic;
    if (i.size !== undefined) node.fontSize = i.size;
    if (i.tone !== undefined) node.color = this.tone(i.tone);
    if (i.link !== undefined) node.linkToDestination = i.link;
    return node;
  }

  private look(look: Look | undefined): Node {
    if (!look) return {};
    const out: Node = {};
    if (look.style !== undefined) out.style = look.style;
    if (look.size !== undefined) out.fontSize = look.size;
    if (look.bold !== undefined) out.bold = look.bold;
    if (look.italic !== undefined) out.italics = look.italic;
    if (look.tone !== undefined) out.color = this.tone(look.tone);
    if (look.align !== undefined) out.alignment = look.align;
    if (look.letterSpacing !== undefined) out.characterSpacing = look.letterSpacing;
    if (look.lineHeight !== undefined) out.lineHeight = look.lineHeight;
    if (look.margin !== undefined) out.margin = look.margin;
    if (look.fill === 'stripe') out.fillColor = this.palette.stripe;
    return out;
  }

  private tone(t: Tone): string {
    const p = this.palette;
    if (typeof t === 'string') return p[t];
    return 'rag' in t ? ragColour(p, t.rag) : directionColour(p, t.direction);
  }
}

function keep(node: Node, k: { together?: boolean; withNext?: number } | undefined): Node {
  if (k?.together) node.unbreakable = true;
  if (k?.withNext !== undefined) node.keepWithNext = k.withNext;
  return node;
}

/** Ruled rows, the header ruled heavier, every other body row shaded. */
function stripes(p: Palette) {
  return {
    fillColor: (row: number) => (row > 0 && row % 2 === 0 ? p.stripe : null),
    hLineWidth: (i: number, node: { table: { body: unknown[] } }) => (i === 0 || i === 1 || i === node.table.body.length ? 0.8 : 0.3),
    vLineWidth: () => 0,
    hLineColor: () => p.rule,
    paddingTop: () => 2.5,
    paddingBottom: () => 2.5,
  };
}
