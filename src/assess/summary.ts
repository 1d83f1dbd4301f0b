import type { Indicator, Section } from '../model/scorecard.js';
import type { Direction } from './direction.js';
import type { Rag } from './rag.js';

/** What a summary counts of an assessment: IndicatorAssessment has it, but is built in assess.ts, which calls these. */
export interface Counted {
  indicator: Pick<Indicator, 'id' | 'title' | 'section'>;
  rag: Rag;
  direction: Direction;
  beyondTarget: boolean;
}

export interface Summary {
  total: number;
  rag: Record<Rag, number>;
  direction: { improving: number; 'no-change': number; declining: number; up: number; down: number; same: number; 'not-comparable': number };
  /** As the examples' boxes count against the previous report: polarity-less moves are not comparable. */
  previouslyReported: { better: number; same: number; worse: number; notComparable: number };
  /** Better than target / achieving / missing / no target, as the KPI report's box. */
  target: { better: number; achieving: number; missing: number; noTarget: number; noData: number };
}

export interface SectionResult {
  id: string;
  title: string;
  parent: string | null;
  /** Indicators in the section and its sub-sections. */
  indicators: string[];
  summary: Summary;
  rollup: Rag;
  /** The rule the roll-up followed, for the section's wording. */
  rule: RollupRule;
}

export interface RollupRule {
  rollup: 'worst' | 'majority' | 'share';
  share: number;
}

export function summarise(items: readonly Counted[]): Summary {
  // Counted in one pass (a report may hold 100,000 indicators), keys in the order shown.
  const rag: Record<Rag, number> = { green: 0, amber: 0, red: 0, none: 0, 'no-data': 0 };
  const direction: Summary['direction'] = { improving: 0, 'no-change': 0, declining: 0, up: 0, down: 0, same: 0, 'not-comparable': 0 };
  let beyond = 0;
  for (const a of items) {
    if (Object.hasOwn(rag, a.rag)) rag[a.rag]++;
    if (Object.hasOwn(direction, a.direction)) direction[a.direction]++;
    if (a.rag === 'green' && a.beyondTarget) beyond++;
  }
  return {
    total: items.length,
    rag,
    direction,
    previouslyReported: {
      better: direction.improving,
      same: direction['no-change'],
      worse: direction.declining,
      notComparable: direction.up + direction.down + direction.same + direction['not-comparable'],
    },
    target: {
      better: beyond,
      achieving: rag.green - beyond,
      missing: rag.amber + rag.red,
      noTarget: rag.none,
      noData: rag['no-data'],
    },
  };
}

/** A section's RAG from its indicators' by the configured rule; ties in `majority` go to the worse. */
export function rollup(items: readonly Counted[], rule: RollupRule): Rag {
  const n = { green: 0, amber: 0, red: 0 };
  for (const a of items) if (a.rag === 'green' || a.rag === 'amber' || a.rag === 'red') n[a.rag]++;
  const rated = n.green + n.amber + n.red;
  if (rated === 0) return 'none';
  if (rule.rollup === 'worst') return n.red > 0 ? 'red' : n.amber > 0 ? 'amber' : 'green';
  if (rule.rollup === 'majority') return (['red', 'amber', 'green'] as const).reduce((best, k) => (n[k] > n[best] ? k : best), 'red');
  return n.red / rated >= rule.share ? 'red' : (n.red + n.amber) / rated >= rule.share ? 'amber' : 'green';
}

export function sectionResults(sections: readonly Section[], items: readonly Counted[], rule: RollupRule): SectionResult[] {
  const group = <T>(map: Map<string, T[]>, key: string, value: T) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  const children = new Map<string, string[]>();
  for (const s of sections) if (s.parent !== null) group(children, s.parent, s.id);
  // Each section's indicators, in the order of the report (a sheet may have thousands of sections).
  const placed = new Map<string, number[]>();
  items.forEach((a, i) => {
    if (a.indicator.section !== null) group(placed, a.indicator.section, i);
  });
  const within = (id: string): Set<string> => {
    const ids = new Set([id]);
    for (const each of ids) for (const child of children.get(each) ?? []) ids.add(child);
    return ids;
  };
  return sections.map((s) => {
    const at = [...within(s.id)].flatMap((id) => placed.get(id) ?? []);
    const members = at.sort((a, b) => a - b).map((i) => items[i]!);
    return {
      id: s.id,
      title: s.title,
      parent: s.parent,
      indicators: members.map((a) => a.indicator.id ?? a.indicator.title),
      summary: summarise(members),
      rollup: rollup(members, rule),
      rule,
    };
  });
}
