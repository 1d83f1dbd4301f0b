import { pdfmakePrototype } from './pdfmakeInternals.js';

/**
 * The PDF's structure tree, written as pdfmake lays the pack out and draws it. pdfmake 0.3 has no
 * tagging of its own, but pdfkit under it has (`struct`, `markStructureContent`, `markContent`).
 *
 * While pdfmake lays out, each node with a `role` (H1–H3, P, L, Table, TH, Figure, Sect, BlockQuote,
 * TOC, Note, Artifact) opens a structure element; table rows, list items and contents entries get
 * theirs from their place (THead/TBody › TR › TH/TD, L › LI › LBody, TOC › TOCI); a text with no role
 * in a block container is a P. Every line, image and chart pdfmake places is stamped with the element
 * it belongs to. While pdfmake draws, each stamped item is drawn inside marked content with its own
 * MCID, added to its element (pdfkit keeps the parent tree); everything else — rules, fills,
 * borders, page headers and footers, repeated table header rows — is drawn as an Artifact, so no
 * painted operator is outside marked content. A line holding an internal link is a Link element
 * with its annotation. Elements are made when their first content is drawn, so the tree's order is
 * the page's reading order, and an element with no content is left out.
 *
 * It wraps LayoutBuilder.processNode, ElementWriter.addLine/addImage/addSVG/addFragment and the
 * Renderer's draw methods, as pdfmake 0.3.11 has them; tests check the tree and the marked content.
 */

interface StructElement {
  add(child: unknown): StructElement;
  dictionary: { data: Record<string, unknown> };
}
interface PdfKit {
  struct(type: string, options?: Record<string, unknown>): StructElement;
  addStructure(element: StructElement): PdfKit;
  markStructureContent(tag: string): unknown;
  markContent(tag: string, options?: Record<string, unknown> | null): PdfKit;
  page: { markings: Array<{ tag: string }> };
  endMarkedContent(): PdfKit;
  goTo: (x: number, y: number, w: number, h: number, name: string, options?: Record<string, unknown>) => PdfKit;
  annotate(x: number, y: number, w: number, h: number, options: Record<string, unknown>): PdfKit;
}
interface LayoutNode {
  role?: string;
  alt?: string;
  text?: unknown;
  table?: { body: unknown[][]; headerRows?: number };
  ul?: unknown[];
  ol?: unknown[];
  svg?: unknown;
  image?: unknown;
}

class Tag {
  element: StructElement | null = null;
  constructor(
    readonly role: string,
    readonly parent: Tag | null,
    readonly options: { alt?: string; scope?: 'Column' | 'Row'; colSpan?: number; rowSpan?: number } = {},
  ) {}
}

/** Elements whose text is wrapped in paragraphs; in any other (a cell, a heading) text sits directly. */
const CONTAINERS = new Set(['Document', 'Sect', 'Div', 'BlockQuote', 'Part', 'Art']);
const ARTIFACT = new Tag('Artifact', null);

interface State {
  root: Tag;
  stack: Tag[];
  /** Cells, list items and contents rows: the element each is laid out in, known from its table or list. */
  placed: Map<object, Tag>;
}
let state: State | null = null;
let installed = false;

/** Starts tagging one document: the next layout and render pdfmake does are tagged. */
export function tagNextDocument(): void {
  const root = new Tag('Document', null);
  state = { root, stack: [root], placed: new Map() };
  if (!installed) install();
}

const top = (s: State) => s.stack[s.stack.length - 1]!;

function tagFor(s: State, node: LayoutNode): Tag | null {
  const here = top(s);
  if (here === ARTIFACT) return null;
  const placed = s.placed.get(node);
  if (placed) return placed;
  if (node.role === 'Artifact') return ARTIFACT;
  if (node.role && node.role !== 'LI' && node.role !== 'TH') return new Tag(node.role, here, node.alt ? { alt: node.alt } : {});
  if (node.text !== undefined && CONTAINERS.has(here.role)) return new Tag('P', here);
  return null;
}

/** Gives each cell of a table (or contents) and each item of a list the element it belongs in. */
function place(s: State, node: LayoutNode, tag: Tag): void {
  if (node.table) {
    if (tag.role === 'TOC') {
      for (const row of node.table.body) {
        const entry = new Tag('TOCI', tag);
        for (const cell of row) if (cell && typeof cell === 'object') s.placed.set(cell, entry);
      }
      return;
    }
    if (tag.role !== 'Table') return;
    const heads = node.table.headerRows ?? 0;
    const head = heads > 0 ? new Tag('THead', tag) : null;
    const body = new Tag('TBody', tag);
    node.table.body.forEach((row, r) => {
      const tr = new Tag('TR', r < heads ? head : body);
      for (const cell of row) {
        if (!cell || typeof cell !== 'object') continue;
        const { role, colSpan, rowSpan } = cell as LayoutNode & { colSpan?: number; rowSpan?: number };
        const th = r < heads || role === 'TH';
        const spans = { ...(colSpan && colSpan > 1 ? { colSpan } : {}), ...(rowSpan && rowSpan > 1 ? { rowSpan } : {}) };
        s.placed.set(cell, new Tag(th ? 'TH' : 'TD', tr, th ? { scope: r < heads ? 'Column' : 'Row', ...spans } : spans));
      }
    });
    return;
  }
  const items = node.ul ?? node.ol;
  if (items) {
    const list = tag.role === 'L' ? tag : new Tag('L', tag);
    for (const item of items) if (item && typeof item === 'object') s.placed.set(item, new Tag('LBody', new Tag('LI', list)));
  }
}

function install(): void {
  type Methods = Record<string, (...args: never[]) => unknown>;
  const builder = pdfmakePrototype<Methods>('LayoutBuilder');
  const writer = pdfmakePrototype<Methods>('ElementWriter');
  const renderer = pdfmakePrototype<Methods>('Renderer');
  const needed = [builder.processNode, writer.addLine, writer.addImage, writer.addSVG, writer.addFragment, renderer.renderLine, renderer.renderVector];
  if (needed.some((f) => typeof f !== 'function') || typeof renderer.renderImage !== 'function' || typeof renderer.renderSVG !== 'function') {
    throw new Error(
      'pdfmake no longer lays out and draws where boardpack tags the PDF (LayoutBuilder, ElementWriter, Renderer); update src/layout/tagging.ts.',
    );
  }

  const processNode = builder.processNode as (this: unknown, node: LayoutNode, ...rest: unknown[]) => unknown;
  builder.processNode = function (this: unknown, node: LayoutNode, ...rest: unknown[]) {
    const s = state;
    const tag = s && node && typeof node === 'object' ? tagFor(s, node) : null;
    if (!s || !tag) {
      if (s && node && typeof node === 'object' && top(s) !== ARTIFACT) place(s, node, top(s));
      return processNode.call(this, node, ...rest);
    }
    s.stack.push(tag);
    try {
      place(s, node, tag);
      return processNode.call(this, node, ...rest);
    } finally {
      s.stack.pop();
    }
  } as never;

  // Stamp what is placed with the element it is in (a copy made later, by an unbreakable block, keeps it).
  for (const name of ['addLine', 'addImage', 'addSVG'] as const) {
    const add = writer[name] as (this: unknown, item: { _tag?: Tag }, ...rest: unknown[]) => unknown;
    writer[name] = function (this: unknown, item: { _tag?: Tag }, ...rest: unknown[]) {
      if (state && item && item._tag === undefined) item._tag = top(state);
      return add.call(this, item, ...rest);
    } as never;
  }
  // A table's header row drawn again at the top of a page is a repeat: an Artifact.
  const addFragment = writer.addFragment as (this: WriterWithPage, block: { insertedOnPages?: unknown }, ...rest: unknown[]) => unknown;
  writer.addFragment = function (this: WriterWithPage, block: { insertedOnPages?: unknown }, ...rest: unknown[]) {
    if (!block || block.insertedOnPages === undefined) return addFragment.call(this, block, ...rest);
    const items = this.context().getCurrentPage().items;
    const before = new Set(items);
    const result = addFragment.call(this, block, ...rest);
    for (const entry of items) if (!before.has(entry)) entry.item._tag = ARTIFACT;
    return result;
  } as never;

  const wrap = (name: string, bbox: boolean) => {
    const draw = renderer[name] as (this: { pdfDocument: PdfKit }, item: Drawn, ...rest: unknown[]) => unknown;
    renderer[name] = function (this: { pdfDocument: PdfKit }, item: Drawn, ...rest: unknown[]) {
      return marked(this.pdfDocument, item, bbox, () => draw.call(this, item, ...rest));
    } as never;
  };
  wrap('renderLine', false);
  wrap('renderImage', true);
  wrap('renderSVG', true);
  const vector = renderer.renderVector as (this: { pdfDocument: PdfKit }, ...args: unknown[]) => unknown;
  renderer.renderVector = function (this: { pdfDocument: PdfKit }, ...args: unknown[]) {
    return artifact(this.pdfDocument, () => vector.apply(this, args));
  } as never;
  installed = true;
}

interface WriterWithPage {
  context(): { getCurrentPage(): { items: Array<{ item: { _tag?: Tag } }> } };
}
interface Drawn {
  _tag?: Tag;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  inlines?: Array<{ text: string; linkToDestination?: string }>;
}

/**
 * Drawn as an Artifact: the one already open, if the last thing drawn was one too (a table's rules
 * and fills come dozens in a row). pdfkit closes it before the next tagged content opens, and at
 * the end of the page, opening it again on the next.
 */
function artifact(doc: PdfKit, draw: () => unknown): unknown {
  if (doc.page.markings.at(-1)?.tag !== 'Artifact') doc.markContent('Artifact');
  return draw();
}

function marked(doc: PdfKit, item: Drawn, bbox: boolean, draw: () => unknown): unknown {
  const tag = item._tag;
  if (!state || !tag || tag === ARTIFACT || tag.role === 'Artifact') return artifact(doc, draw);
  const box = bbox && item.width !== undefined ? [item.x ?? 0, item.y ?? 0, (item.x ?? 0) + item.width, (item.y ?? 0) + (item.height ?? 0)] : undefined;
  const element = elementFor(doc, tag, box);
  const links = item.inlines?.filter((i) => i.linkToDestination != null) ?? [];
  if (links.length === 0) {
    const content = doc.markStructureContent(tag.role);
    try {
      return draw();
    } finally {
      doc.endMarkedContent();
      element.add(content);
    }
  }
  // The line is a link: its text and its annotation belong to a Link element. pdfmake asks for an
  // annotation per word; one per line and destination covers the same area.
  const link = doc.struct('Link');
  element.add(link);
  const goTo = doc.goTo;
  const areas = new Map<string, { x1: number; y1: number; x2: number; y2: number }>();
  doc.goTo = (x, y, w, h, name) => {
    const a = areas.get(name);
    areas.set(
      name,
      a ? { x1: Math.min(a.x1, x), y1: Math.min(a.y1, y), x2: Math.max(a.x2, x + w), y2: Math.max(a.y2, y + h) } : { x1: x, y1: y, x2: x + w, y2: y + h },
    );
    return doc;
  };
  const content = doc.markStructureContent('Link');
  try {
    return draw();
  } finally {
    doc.endMarkedContent();
    doc.goTo = goTo;
    link.add(content);
    const label = new String(
      item
        .inlines!.map((i) => i.text)
        .join('')
        .trim(),
    );
    // A destination in the annotation itself, not a GoTo action of its own: the same link, one object fewer.
    for (const [name, a] of areas)
      doc.annotate(a.x1, a.y1, a.x2 - a.x1, a.y2 - a.y1, { Subtype: 'Link', Dest: new String(name), Contents: label, structParent: link });
  }
}

/** The element for a tag, made (with any of its ancestors not yet made) when its first content is drawn. */
function elementFor(doc: PdfKit, tag: Tag, bbox?: number[]): StructElement {
  if (tag.element) return tag.element;
  const options: Record<string, unknown> = {};
  if (tag.options.alt) options.alt = tag.options.alt;
  if (tag.options.scope) options.scope = tag.options.scope;
  if (bbox && tag.role === 'Figure') options.bbox = bbox;
  const element = doc.struct(tag.role, options);
  const { colSpan, rowSpan } = tag.options;
  if (colSpan || rowSpan) {
    const data = element.dictionary.data;
    data.A = { ...((data.A as object) ?? { O: 'Table' }), ...(colSpan ? { ColSpan: colSpan } : {}), ...(rowSpan ? { RowSpan: rowSpan } : {}) };
  }
  if (tag.parent) elementFor(doc, tag.parent).add(element);
  else doc.addStructure(element);
  tag.element = element;
  return element;
}
