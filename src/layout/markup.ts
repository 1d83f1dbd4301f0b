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

const runs = (list: Run[]) => list.map((r) => (r.bold || r.italics ? { text: r.text, bold: r.bold, italics: r.italics } : r.text));
