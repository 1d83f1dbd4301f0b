import { type Block, type Run, parseMarkup } from '../narrate/markup.js';

type Node = Record<string, unknown>;

/**
 * The one converter from boardpack's markup to pdfmake: paragraphs become text nodes, bullets
 * become lists, bold and italic become runs. Each node carries its role for a later tagging pass.
 */
export function markupContent(markup: string, style?: string, gap = 4, keep = false): Node[] {
  const blocks = parseMarkup(markup);
  return blocks.map((block, i) => {
    const node = blockContent(block, style, gap);
    if (!keep) return node;
    // Kept whole when short (a block taller than a page cannot be); a lead-in with the list after it.
    if (block.kind === 'bullets')
      return { ...node, ul: (node.ul as Node[]).map((item, k) => (short(block.items[k]!) ? { ...item, unbreakable: true } : item)) };
    if (!short(block.runs)) return node;
    return blocks[i + 1]?.kind === 'bullets' ? { ...node, unbreakable: true, keepWithNext: LIST_START } : { ...node, unbreakable: true };
  });
}

/** Characters of a paragraph kept from breaking across pages: a few lines. */
const SHORT = 600;
const short = (list: Run[]) => list.reduce((n, r) => n + r.text.length, 0) < SHORT;
/** Points a list needs below its lead-in: its first item. */
const LIST_START = 30;

function blockContent(block: Block, style: string | undefined, gap: number): Node {
  const styled = style ? { style } : {};
  if (block.kind === 'paragraph') return { text: runs(block.runs), margin: [0, 0, 0, gap], role: 'P', ...styled };
  return { ul: block.items.map((item) => ({ text: runs(item), role: 'LI' })), margin: [0, 0, 0, gap], role: 'L', ...styled };
}

const runs = (list: Run[]) =>
  list.map((r) => {
    const text = breakable(r.text);
    if (r.link !== undefined) return { text, bold: r.bold, italics: r.italics, linkToDestination: r.link };
    return r.bold || r.italics ? { text, bold: r.bold, italics: r.italics } : text;
  });

/** Longer than any word: a pasted link, a run of characters with no space. */
const LONG_WORD = /\S{40,}/g;

/**
 * A word too long for its column would run off the page; a zero-width space every 30 characters
 * lets the line break inside it, and is neither seen nor copied as a space.
 */
export const breakable = (text: string): string => text.replace(LONG_WORD, (word) => word.replace(/(\S{30})(?=\S)/gu, '$1\u200b'));
