import type { PublishedRating } from '../model/scorecard.js';
import type { Rag } from './rag.js';

/** The workbook's own rating as a RAG to compare with: Blue (exceeded) counts as green; none is no rating. */
export function readPublishedRag(rating: PublishedRating | null): Rag | null {
  if (rating === 'blue') return 'green';
  return rating === 'none' ? null : rating;
}

export interface PublishedDirection {
  /** Up / down / same, or better / worse / same when `sense` is `better-worse`. */
  move: 'up' | 'down' | 'same';
  /** Words say which they mean; arrows (null) mean what report.yaml says they mean. */
  sense: 'raw' | 'better-worse' | null;
}

/** The workbook's arrow or word for direction of travel; null when not understood. */
export function readPublishedDirection(text: string | null): PublishedDirection | null {
  const t = text?.trim().toLowerCase().replace(/\s+/g, ' ') ?? '';
  if (t === '') return null;
  if (/^(↑|⬆|▲|⇧|↗)$/.test(t)) return { move: 'up', sense: null };
  if (/^(↓|⬇|▼|⇩|↘)$/.test(t)) return { move: 'down', sense: null };
  if (/^(→|➡|↔|⬌|◀ ?▶|=)$/.test(t)) return { move: 'same', sense: null };
  if (/^(up|higher|increas\w*|rising|rose)$/.test(t)) return { move: 'up', sense: 'raw' };
  if (/^(down|lower|decreas\w*|falling|fell)$/.test(t)) return { move: 'down', sense: 'raw' };
  if (/^(improv\w*|better)$/.test(t)) return { move: 'up', sense: 'better-worse' };
  if (/^(declin\w*|worse|deteriorat\w*)$/.test(t)) return { move: 'down', sense: 'better-worse' };
  if (/^(same|no change|maintained|static|stable|unchanged)$/.test(t)) return { move: 'same', sense: null };
  return null;
}
