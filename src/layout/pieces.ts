import type { Direction } from '../assess/direction.js';
import type { Rag } from '../assess/rag.js';
import type { PackSpec } from '../narrate/packSpec.js';
import type { Heading, Inline } from './blocks.js';
import { DIRECTION_SHAPE, RAG_SHAPE } from './theme.js';

// Pieces more than one part of the pack is built from, so a rating or a link reads the same wherever it is.

/** A rating as the pack's tables show it: its shape in its colour, and its word. */
export const ratingRuns = (rag: Rag, words: PackSpec['words']): Inline[] => [{ text: `${RAG_SHAPE[rag]} `, tone: { rag } }, { text: words.rag[rag] }];

/** A direction of travel as the pack's tables show it: its arrow in its colour, and its word, smaller. */
export const directionRuns = (direction: Direction, words: PackSpec['words'], size: number): Inline[] => [
  { text: `${DIRECTION_SHAPE[direction]} `, tone: { direction } },
  { text: words.direction[direction], size: size - 2 },
];

/** `Scorecard p. 6`, or just `p. 23`, linked to the place named; the number is the page the renderer puts it on. */
export function pageLink(label: string | null, anchor: string, onPage: string): Inline[] {
  const [before, after] = onPage.split('{page}') as [string, string?];
  return [
    ...(label ? [{ text: `${label} `, link: anchor, tone: 'muted' } as const] : []),
    { text: before, link: anchor, tone: 'muted' },
    { pageOf: anchor, tone: 'muted' },
    ...(after ? [{ text: after, link: anchor, tone: 'muted' } as const] : []),
  ];
}

/** A heading of the pack's own: bookmarked, with an anchor, and in the contents down to level 2. */
export function heading(text: string, level: 1 | 2 | 3, id: string, parent?: string, shown?: Inline[]): Heading {
  return {
    kind: 'heading',
    level,
    text: shown ?? text,
    anchor: id,
    bookmark: parent ? { text, parent } : { text },
    ...(level <= 2 ? { contents: level === 2 ? { indent: 14 } : {} } : {}),
    look: { style: `h${level}` },
  };
}
