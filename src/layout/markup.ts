import { type Run, parseMarkup } from '../narrate/markup.js';
import type { Block, Inline, TextStyle } from './blocks.js';

/**
 * The one converter from boardpack's markup to the pack's blocks: paragraphs become paragraphs,
 * bullets become lists, bold, italic and links become runs.
 */
export function markupBlocks(markup: string, style?: TextStyle, gap = 4, keep = false): Block[] {
  const blocks = parseMarkup(markup);
  return blocks.map((block, i) => {
    const look = { margin: [0, 0, 0, gap] as [number, number, number, number], ...(style ? { style } : {}) };
    if (block.kind === 'bullets') {
      // Kept whole when short (a block taller than a page cannot be).
      return { kind: 'list', items: block.items.map((item) => ({ text: runs(item), ...(keep && short(item) ? { keep: { together: true } } : {}) })), look };
    }
    const paragraph: Block = { kind: 'paragraph', text: runs(block.runs), look };
    if (!keep || !short(block.runs)) return paragraph;
    // A lead-in is kept with the list after it.
    return { ...paragraph, keep: blocks[i + 1]?.kind === 'bullets' ? { together: true, withNext: LIST_START } : { together: true } };
  });
}

/** Characters of a paragraph kept from breaking across pages: a few lines. */
const SHORT = 600;
const short = (list: Run[]) => list.reduce((n, r) => n + r.text.length, 0) < SHORT;
/** Points a list needs below its lead-in: its first item. */
const LIST_START = 30;

const runs = (list: Run[]): Inline[] =>
  list.map((r) => {
    const text = breakable(r.text);
    if (r.link !== undefined) return { text, bold: r.bold, italic: r.italics, link: r.link };
    return r.bold || r.italics ? { text, bold: r.bold, italic: r.italics } : text;
  });

/** Longer than any word: a pasted link, a run of characters with no space. */
const LONG_WORD = /\S{40,}/g;

/**
 * A word too long for its column would run off the page; a zero-width space every 30 characters
 * lets the line break inside it, and is neither seen nor copied as a space.
 */
export const breakable = (text: string): string => text.replace(LONG_WORD, (word) => word.replace(/(\S{30})(?=\S)/gu, '$1\u200b'));
