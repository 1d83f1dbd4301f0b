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
  const count = <K extends string>(keys: readonly K[], of: (a: Counted) => K) =>
    Object.fromEntries(keys.map((k) => [k, items.filter((a) => of(a) === k).length])) as Record<K, number>;
  const rag = count(['green', 'amber', 'red', 'none', 'no-data'] as const, (a) => a.rag);
  const direction = count(['improving', 'no-change', 'declining', 'up', 'down', 'same', 'not-comparable'] as const, (a) => a.direction);
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
      better: items.filter((a) => a.rag === 'green' && a.beyondTarget).length,
      achieving: items.filter((a) => a.rag === 'green' && !a.beyondTarget).length,
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
  const within = (id: string): Set<string> => {
    const ids = new Set([id]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const s of sections) {
        if (s.parent !== null && ids.has(s.parent) && !ids.has(s.id)) {
          ids.add(s.id);
          grew = true;
        }
      }
    }
    return ids;
  };
  return sections.map((s) => {
    const ids = within(s.id);
    const members = items.filter((a) => a.indicator.section !== null && ids.has(a.indicator.section));
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
