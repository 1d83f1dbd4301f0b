import type { Indicator } from '../model/scorecard.js';

const numbered = new WeakMap<readonly Indicator[], Map<Indicator, number>>();

/**
 * The name of an indicator's place in the pack (its detail panel), which links to it use: from
 * the summary's lists in the templates (`[words](#anchor)`) and from its scorecard row. By position,
 * as IDs may be missing or hold any character.
 */
export function anchorOf(indicators: readonly Indicator[], ind: Indicator): string {
  let index = numbered.get(indicators);
  if (!index) {
    index = new Map(indicators.map((x, i) => [x, i + 1]));
    numbered.set(indicators, index);
  }
  return `indicator-${index.get(ind) ?? 0}`;
}
