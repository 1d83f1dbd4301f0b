import type { Rag } from './rag.js';

/** The workbook's own RAG text (`G`, `Green`, `On target` …) as a RAG; null when not understood. */
export function readPublishedRag(text: string | null): Rag | null {
  const t = text?.trim().toLowerCase() ?? '';
  if (/^(g|green|on target|achieved|met|on track)$/.test(t)) return 'green';
  if (/^(a|amber|within tolerance|near target|at risk)$/.test(t)) return 'amber';
  if (/^(r|red|off target|missed|not met|off track)$/.test(t)) return 'red';
  return null;
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
