import { type FontChain, visualOrder } from '../chart/fontChain.js';
import { pdfmakePrototype } from './pdfmakeInternals.js';

/**
 * pdfmake draws every character in the font its style names and has no fallback: a character that
 * font lacks prints as nothing. This pass goes over a document definition before pdfmake sees it
 * and cuts every text into runs per font (the pack's first, then `fonts.fallback` in order), each
 * run naming its font family; and, where a text has anything written right to left, tags each run
 * with its bidi level, so that each line can be put in visual order once pdfmake has broken it
 * (see `orderLines`). Text the pack's font draws alone, with nothing right to left, is left as it
 * is, so a pack in Latin alone is the same document, and the same bytes, as with no fallback.
 */

type Node = Record<string, unknown>;
type Leaf = { text: string; style: Node | null };

/** The key each run's bidi level travels under: pdfmake copies an inline's own keys onto the words it makes of it. */
const LEVEL = '_bidiLevel';

/**
 * The definition with every text run in a font that has it. `families[n]` is the pdfmake family
 * of font n of the chain (0: the pack's own, whose family the styles already name).
 */
export function withFallbacks(definition: Node, chain: FontChain, families: readonly string[]): Node {
  const pass = new Pass(chain, families);
  const out: Node = { ...definition, content: pass.content(definition.content) };
  for (const key of ['header', 'footer', 'background'] as const) {
    const part = definition[key];
    if (typeof part === 'function') out[key] = (...args: unknown[]) => pass.content((part as (...a: unknown[]) => unknown)(...args));
    else if (part !== undefined) out[key] = pass.content(part);
  }
  return out;
}

class Pass {
  constructor(
    private readonly chain: FontChain,
    private readonly families: readonly string[],
  ) {}

  /** Anything that stands where pdfmake takes content: a string, a node, or a list of them. */
  content(item: unknown): unknown {
    if (typeof item === 'string' || typeof item === 'number') return this.paragraph({ text: String(item) }, true);
    if (Array.isArray(item)) {
      // The same list when nothing in it changed, so the nodes holding it need no copy either.
      const mapped = item.map((i) => this.content(i));
      return mapped.every((m, i) => m === item[i]) ? item : mapped;
    }
    if (item === null || typeof item !== 'object') return item;
    const node = item as Node;
    if ('text' in node) return this.paragraph(node, false);
    let out: Node | null = null;
    const set = (key: string, value: unknown) => {
      if (value !== node[key]) (out ??= { ...node })[key] = value;
    };
    for (const key of ['stack', 'columns', 'ul', 'ol']) if (Array.isArray(node[key])) set(key, this.content(node[key]));
    const table = node.table as Node | undefined;
    if (table && Array.isArray(table.body)) {
      const body = (table.body as unknown[]).map((row) => (Array.isArray(row) ? this.content(row) : row));
      if (body.some((row, i) => row !== (table.body as unknown[])[i])) set('table', { ...table, body });
    }
    const toc = node.toc as Node | undefined;
    if (toc?.title !== undefined) {
      const title = this.content(toc.title);
      if (title !== toc.title) set('toc', { ...toc, title });
    }
    return out ?? node;
  }

  /** A text node: unchanged when the pack's font draws it all left to right; else its runs. */
  private paragraph(node: Node, bare: boolean): unknown {
    if (typeof node.text === 'string' && this.chain.plain(node.text)) return bare ? node.text : node;
    if (!bare && plainPieces(node.text, this.chain)) return node;
    const leaves = flatten(node.text);
    const whole = leaves.map((l) => l.text).join('');
    if (this.chain.plain(whole)) return bare ? whole : node;
    const breaks = new Set<number>();
    const starts: number[] = [];
    let at = 0;
    for (const leaf of leaves) {
      starts.push(at);
      breaks.add(at);
      at += leaf.text.length;
    }
    const runs = this.chain.runs(whole, breaks);
    const bidi = runs.some((r) => r.level > 0);
    const text = runs.map((run) => {
      let k = starts.length - 1;
      while (k > 0 && starts[k]! > run.start) k--;
      const style = leaves[k]?.style ?? null;
      const own: Node = { ...(style ?? {}), text: run.text };
      if (run.font > 0) own.font = this.families[run.font];
      if (bidi) own[LEVEL] = run.level;
      return own;
    });
    const out: Node = { ...(bare ? {} : node), text };
    // pdfmake names a bookmark by its node's text, which is now a list of runs.
    if (out.outline && out.outlineText === undefined) out.outlineText = whole;
    return out;
  }
}

/** A text's pieces as pdfmake reads them: nested lists flattened, each piece with its own style only. */
function flatten(text: unknown): Leaf[] {
  if (typeof text === 'string' || typeof text === 'number') return [{ text: String(text), style: null }];
  if (!Array.isArray(text)) return text === null || text === undefined ? [] : [{ text: String(text), style: null }];
  return text.flatMap((item): Leaf[] => {
    if (typeof item === 'string' || typeof item === 'number') return [{ text: String(item), style: null }];
    if (item === null || typeof item !== 'object') return [];
    const { text: inner, ...style } = item as Node;
    if (Array.isArray(inner)) return flatten(inner);
    return [{ text: inner === undefined || inner === null ? '' : String(inner), style }];
  });
}

interface Inline {
  x: number;
  width: number;
  leadingCut?: number;
  trailingCut?: number;
  [LEVEL]?: number;
}

interface Line {
  inlines: Inline[];
  leadingCut: number;
  trailingCut: number;
  _visual?: boolean;
}

let installed = false;

/**
 * Puts each line's words in their visual places (rule L2 of the bidi algorithm, per line as it
 * requires) just before pdfmake aligns the line: the one point where a line is final, whatever page
 * or column it lands in. pdfmake measured and broke the line in logical order; only the words'
 * places change. They are still drawn in logical order, each at its place, so that text copied,
 * searched or read aloud from the PDF comes in reading order.
 */
export function orderLines(): void {
  if (installed) return;
  const proto = pdfmakePrototype<{ alignLine?: (line: Line) => void }>('ElementWriter');
  const align = proto.alignLine;
  if (typeof align !== 'function') {
    throw new Error(
      'pdfmake no longer aligns lines where boardpack expects it (pdfmake/js/ElementWriter.js alignLine); update src/layout/fallback.ts for this pdfmake version.',
    );
  }
  proto.alignLine = function (this: unknown, line: Line) {
    if (!line._visual && line.inlines?.some((i) => (i[LEVEL] ?? 0) > 0)) {
      const visual = visualOrder(line.inlines, (i) => i[LEVEL] ?? 0);
      line.leadingCut = visual[0]?.leadingCut ?? 0;
      line.trailingCut = visual.at(-1)?.trailingCut ?? 0;
      let x = 0;
      for (const inline of visual) {
        inline.x = x - line.leadingCut;
        x += inline.width;
      }
      // Once: a line pdfmake moves to another page is aligned again.
      line._visual = true;
    }
    return align.call(this, line);
  };
  installed = true;
}

/** Whether every piece of a text (a string, or a list of strings and styled pieces) is plain: nothing to cut. */
function plainPieces(text: unknown, chain: FontChain): boolean {
  if (typeof text === 'string') return chain.plain(text);
  if (typeof text === 'number') return true;
  if (Array.isArray(text)) return text.every((t) => plainPieces(t, chain));
  if (text !== null && typeof text === 'object') return plainPieces((text as Node).text, chain);
  return text === undefined || text === null;
}
