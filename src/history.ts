import type { Direction } from './assess/direction.js';
import type { Rag } from './assess/rag.js';
import { type Comparable, type ManifestIndicator, indicatorKey } from './manifest.js';
import type { Indicator, Scorecard } from './model/scorecard.js';

/** An indicator as "Changes since the last pack" names it: by its key, with what a reader is shown. */
export interface ChangedIndicator {
  /** What the two packs are matched by: the indicator's ID, or `section › title` when it has none. */
  key: string;
  id: string | null;
  title: string;
  /** The section's title, or null. */
  section: string | null;
}

/** A rating that changed, with the reason for the rating it has now. */
export interface RagChange extends ChangedIndicator {
  from: Rag;
  to: Rag;
  reason: string;
}

/** A direction of travel that changed, with the reason for the direction it has now. */
export interface DirectionChange extends ChangedIndicator {
  from: Direction;
  to: Direction;
  reason: string;
}

/** A target that changed, each as written (null: none). */
export interface TargetChange extends ChangedIndicator {
  from: string | null;
  to: string | null;
}

/**
 * What changed between the last pack and this one. Each list is in the order the current pack
 * shows its indicators, except `removed`, which is in the previous pack's order. Titles, sections
 * and reasons are plain text as the manifests hold them, not markup.
 */
export interface Changes {
  /** The pack compared with: its reporting period (the label, `Feb-26`) and its title. */
  previous: { period: string; title: string };
  rag: RagChange[];
  direction: DirectionChange[];
  /** In this pack and not in the last. */
  added: ChangedIndicator[];
  /** In the last pack and not in this one. */
  removed: ChangedIndicator[];
  targets: TargetChange[];
}

/**
 * What changed since the previous pack, given its manifest and this pack's indicators (see
 * `manifestIndicators`). Indicators are matched by key; were two to share one, they are matched in
 * order, the first with the first.
 */
export function changesSince(previous: Comparable, current: readonly ManifestIndicator[]): Changes {
  const earlier = new Map<string, ManifestIndicator[]>();
  for (const p of previous.indicators) earlier.set(p.key, [...(earlier.get(p.key) ?? []), p]);
  const matched = new Set<ManifestIndicator>();
  const changes: Changes = {
    previous: { period: previous.period.label, title: previous.title },
    rag: [],
    direction: [],
    added: [],
    removed: [],
    targets: [],
  };
  for (const now of current) {
    const was = earlier.get(now.key)?.find((p) => !matched.has(p));
    if (!was) {
      changes.added.push(named(now));
      continue;
    }
    matched.add(was);
    if (was.rag !== now.rag) changes.rag.push({ ...named(now), from: was.rag, to: now.rag, reason: now.ragReason });
    if (was.direction !== now.direction) changes.direction.push({ ...named(now), from: was.direction, to: now.direction, reason: now.directionReason });
    const [from, to] = [written(was.target), written(now.target)];
    if (from !== to) changes.targets.push({ ...named(now), from, to });
  }
  for (const was of previous.indicators) if (!matched.has(was)) changes.removed.push(named(was));
  return changes;
}

/** Whether anything at all changed. */
export function anyChanges(c: Changes): boolean {
  return c.rag.length + c.direction.length + c.added.length + c.removed.length + c.targets.length > 0;
}

/**
 * This pack's indicators by their keys as `manifestIndicators` gives them (the ID, or `section ›
 * title` when there is none), so a change can be found in the pack and linked to its detail panel.
 */
export function indicatorsByKey(scorecard: Pick<Scorecard, 'indicators' | 'sections'>): Map<string, Indicator> {
  const sections = new Map(scorecard.sections.map((s) => [s.id, s.title]));
  const byKey = new Map<string, Indicator>();
  for (const ind of scorecard.indicators) {
    const key = indicatorKey(ind, sections);
    if (!byKey.has(key)) byKey.set(key, ind);
  }
  return byKey;
}

const named = (m: ManifestIndicator): ChangedIndicator => ({ key: m.key, id: m.id, title: m.title, section: m.section });

/** A target as written, with the spaces around it that no reader sees taken off; blank is none. */
const written = (target: string | null): string | null => (target === null || target.trim() === '' ? null : target.trim());
