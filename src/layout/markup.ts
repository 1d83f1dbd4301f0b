import { type Block, type Run, parseMarkup } from '../narrate/markup.js';

type Node = Record<string, unknown>;

/**
 * The one converter from boardpack's markup to pdfmake: paragraphs become text nodes, bullets
 * become lists, bold and italic become runs. Each node carries its role for a later tagging pass.
 */
export function markupContent(markup: string, style?: string, gap = 4): Node[] {
  return parseMarkup(markup).map((block) => blockContent(block, style, gap));
}

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
