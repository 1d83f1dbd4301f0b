import type { PublishedRating } from './scorecard.js';

/**
 * The rating vocabularies councils publish, onto one scale. Words first (`Above target`, `Close to
 * target`, `For info only`), then letters and the shapes of a RAG key (★ ● ▲ ■ ◆). Blue is BRAG's
 * "exceeded / completed", which boardpack compares as green.
 */
const RATINGS: Array<[RegExp, PublishedRating]> = [
  [/^(b|blue|exceeded|exceeding( target)?|completed?|complete|well above target|significantly above target|★)$/, 'blue'],
  [/^(g|green|on target|achieved|achieving( target)?|met|target met|on track|above target|better than target|good|ahead of target|●|⬤|✓|✔)$/, 'green'],
  [/^(a|amber|within tolerance|near target|close to target|slightly below target|at risk|some concerns?|just (below|off|missing) target|▲|◆|⚠)$/, 'amber'],
  [/^(r|red|off target|missed|not met|target not met|off track|below target|missing target|worse than target|not achieved|concern|■|✗|✘|x)$/, 'red'],
  [
    /^(n\/?a|none|no target|monitor(ing)?( only)?|for info(rmation)?( only)?|info( only)?|contextual|context|baseline( year)?|not rated|no rag|grey|gray|-)$/,
    'none',
  ],
];

/** The workbook's own status text as a rating; null when it is not a rating boardpack knows. */
export function readPublishedRating(text: string | null | undefined): PublishedRating | null {
  const t = (text ?? '').trim().toLowerCase().replace(/\s+/g, ' ').replace(/[.!]$/, '');
  if (t === '') return null;
  for (const [pattern, rating] of RATINGS) if (pattern.test(t)) return rating;
  return null;
}
