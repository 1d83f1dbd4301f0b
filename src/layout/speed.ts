import { pdfkit, pdfmakeClass } from './pdfmakeInternals.js';

/**
 * Hot paths of pdfmake and pdfkit, done the same way with less work: the PDF is the same byte for
 * byte but for the last (tests/layout/speed.test.ts checks the answers; the sample's bytes were compared).
 *
 * - Style lookups. pdfmake resolves some twenty style properties for every word it measures, each
 *   by pushing the word onto its style stack, walking the stack and popping it again. A word with
 *   no named style of its own can only add its own properties, so the rest comes from the stack
 *   below it, the same for every word of a text: remembered until the stack next changes.
 * - Content streams (batchedContent, below).
 * - Words drawn one text object each (wordsAsOne, below): this one changes the bytes, not the
 *   pages (each glyph lands where it did; compared page by page as images).
 * - Pages kept once drawn (releaseDrawnPages, below).
 */
let installed = false;

export function speedUpLayout(): void {
  if (installed) return;
  memoStyles();
  batchedContent();
  wordsAsOne();
  releaseDrawnPages();
  installed = true;
}

interface Stack {
  getProperty(property: string): unknown;
  push(item: unknown): unknown;
  pop(howMany?: number): unknown;
  memo?: Map<string, unknown> | undefined;
}
type Lookup = (item: Record<string, unknown>, stack: Stack | undefined, property: string, defaultValue: unknown) => unknown;

const isValue = (v: unknown) => v !== null && v !== undefined;

function memoStyles(): void {
  const cls = pdfmakeClass<{ getStyleProperty?: Lookup }>('StyleContextStack');
  const proto = cls.prototype as unknown as Stack;
  const lookup = cls.getStyleProperty;
  if (typeof lookup !== 'function' || typeof proto.push !== 'function' || typeof proto.pop !== 'function' || typeof proto.getProperty !== 'function') {
    throw new Error('pdfmake no longer looks styles up where boardpack expects (StyleContextStack); update src/layout/speed.ts.');
  }
  const { push, pop } = proto;
  proto.push = function (this: Stack, item: unknown) {
    this.memo = undefined;
    return push.call(this, item);
  };
  proto.pop = function (this: Stack, howMany?: number) {
    this.memo = undefined;
    return pop.call(this, howMany);
  };
  cls.getStyleProperty = function (this: unknown, item, stack, property, defaultValue) {
    const own = item[property];
    if (isValue(own)) return own;
    // A named style of the item's own sits above it on the stack: looked up the long way.
    if (!stack || (typeof item === 'object' && item.style !== undefined)) return lookup.call(this, item, stack, property, defaultValue);
    const memo = (stack.memo ??= new Map());
    let value = memo.get(property);
    if (value === undefined && !memo.has(property)) {
      value = stack.getProperty(property);
      memo.set(property, value);
    }
    return isValue(value) ? value : defaultValue;
  };
}

interface Reference {
  buffer: Uint8Array[];
  data: { Length?: number; Filter?: string };
  compress: boolean;
  uncompressedLength: number;
  /** Text written since the last binary chunk, joined into one buffer when it is needed. */
  pending?: string[] | undefined;
  write(chunk: string | Uint8Array): void;
  finalize(): void;
}

/**
 * pdfkit writes a page's content one operator at a time, each made into a buffer of its own: tens
 * of thousands of tiny buffers on a long pack, and as many for the garbage collector. The same
 * text, in the same order, is kept as strings and made into one buffer when the object is written.
 */
function batchedContent(): void {
  const PDFDocument = pdfkit() as { prototype: { ref?: (...args: unknown[]) => unknown } };
  const proto = PDFDocument.prototype;
  const ref = proto.ref;
  if (typeof ref !== 'function') throw new Error('pdfkit no longer makes objects where boardpack expects (PDFDocument.ref); update src/layout/speed.ts.');
  // pdfkit's PDFReference is not exported: its prototype is reached through the first one made.
  proto.ref = function (this: unknown, ...args: unknown[]) {
    const made = ref.apply(this, args) as Reference;
    const reference = Object.getPrototypeOf(made) as Reference;
    if (typeof reference.write !== 'function' || typeof reference.finalize !== 'function') {
      throw new Error('pdfkit no longer writes objects where boardpack expects (PDFReference.write, finalize); update src/layout/speed.ts.');
    }
    const finalize = reference.finalize;
    reference.write = function (this: Reference, chunk: string | Uint8Array) {
      let length: number;
      if (chunk instanceof Uint8Array) {
        flush(this);
        this.buffer.push(chunk);
        length = chunk.length;
      } else {
        const text = `${chunk}\n`;
        (this.pending ??= []).push(text);
        // Written as latin1, one byte per character, as pdfkit writes it.
        length = text.length;
      }
      this.uncompressedLength += length;
      this.data.Length = (this.data.Length ?? 0) + length;
      if (this.compress) this.data.Filter = 'FlateDecode';
    };
    reference.finalize = function (this: Reference) {
      flush(this);
      finalize.call(this);
    };
    proto.ref = ref;
    return made;
  };
}

function flush(reference: Reference): void {
  if (!reference.pending) return;
  reference.buffer.push(Buffer.from(reference.pending.join(''), 'latin1'));
  reference.pending = undefined;
}

interface Inline {
  text: string;
  x: number;
  width: number;
  trailingCut?: number;
  [key: string]: unknown;
}

/** What must be the same for two words to be drawn as one text: how they look and where they lead. */
const LOOK = [
  'font',
  'fontSize',
  'color',
  'opacity',
  'characterSpacing',
  'fontFeatures',
  'link',
  'linkToPage',
  'linkToDestination',
  'decoration',
  'decorationColor',
  'decorationStyle',
  'decorationThickness',
  'background',
  'sup',
  'sub',
] as const;

/**
 * pdfmake draws every word as a text object of its own, setting its colour, opacity and font each
 * time (its own comment: "lines without differently styled inlines should be written to pdf as one
 * stream"). Words side by side that look the same and lead to the same place are drawn as one text:
 * pdfkit places its glyphs word by word either way, so every glyph lands where it did. They are
 * joined as soon as the line is placed (and aligned), not when it is drawn, so that a laid-out
 * document holds a third as many words until it is rendered (a 10,000-indicator pack: ~300 MB).
 */
function wordsAsOne(): void {
  const proto = pdfmakeClass('ElementWriter').prototype as { addLine?: (line: { inlines?: Inline[] }, ...rest: unknown[]) => unknown };
  const addLine = proto.addLine;
  if (typeof addLine !== 'function')
    throw new Error('pdfmake no longer places lines where boardpack expects (ElementWriter.addLine); update src/layout/speed.ts.');
  proto.addLine = function (this: unknown, line, ...rest) {
    const placed = addLine.call(this, line, ...rest);
    if (placed !== false && line.inlines) line.inlines = joinWords(line.inlines);
    return placed;
  };
}

/**
 * pdfmake lays the whole document out, then draws it page by page, keeping every page's laid-out
 * lines to the end. A page's are let go once the next page is begun, so the memory of the layout
 * shrinks as the PDF grows (a 10,000-indicator pack peaked at 2.6 GB).
 */
function releaseDrawnPages(): void {
  type Doc = { addPage(...args: unknown[]): unknown };
  const proto = pdfmakeClass('Renderer').prototype as { renderPages?: (this: { pdfDocument: Doc }, pages: Array<{ items: unknown[] }>) => unknown };
  const renderPages = proto.renderPages;
  if (typeof renderPages !== 'function')
    throw new Error('pdfmake no longer draws pages where boardpack expects (Renderer.renderPages); update src/layout/speed.ts.');
  proto.renderPages = function (pages) {
    const doc = this.pdfDocument;
    const addPage = doc.addPage;
    let drawn = -1;
    doc.addPage = function (this: Doc, ...args: unknown[]) {
      const page = pages[drawn];
      if (page) page.items = [];
      drawn++;
      return addPage.apply(this, args);
    };
    try {
      return renderPages.call(this, pages);
    } finally {
      doc.addPage = addPage;
    }
  };
}

export function joinWords(words: Inline[]): Inline[] {
  let out: Inline[] | null = null;
  for (let i = 1; i < words.length; i++) {
    const a = (out ? out[out.length - 1] : words[i - 1])!;
    const b = words[i]!;
    // Letter-spaced words are left apart: the spacing pdfmake measured stops at each word's last letter.
    const joinable = !a._pageNodeRef && !b._pageNodeRef && !a.characterSpacing && Math.abs(a.x + a.width - b.x) < 1e-9 && LOOK.every((k) => a[k] === b[k]);
    if (!out) {
      if (!joinable) continue;
      out = words.slice(0, i - 1);
      out.push({ ...a, text: a.text + b.text, width: a.width + b.width, trailingCut: b.trailingCut });
    } else if (joinable) out[out.length - 1] = { ...a, text: a.text + b.text, width: a.width + b.width, trailingCut: b.trailingCut };
    else out.push(b);
  }
  return out ?? words;
}
