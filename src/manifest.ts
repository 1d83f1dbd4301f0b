import type { Direction } from './assess/direction.js';
import type { Rag } from './assess/rag.js';
import { formatValue } from './model/format.js';
import type { Severity } from './model/scorecard.js';
import { stripMarkup } from './narrate/index.js';
import type { Analysis, Report } from './pipeline.js';

/** The file written beside each pack: `<pack>.manifest.json`. */
export const MANIFEST_SUFFIX = '.manifest.json';

/** One indicator as the pack reported it: what the next month's "Changes since the last pack" compares with. */
export interface ManifestIndicator {
  /** Stable across months: the indicator's ID, or `section › title` when it has none. */
  key: string;
  id: string | null;
  title: string;
  section: string | null;
  rag: Rag;
  direction: Direction;
  /** The rating's reason and the direction's, in plain words as the pack gives them. */
  ragReason: string;
  directionReason: string;
  /** The target as the workbook or report.yaml writes it, or null. */
  target: string | null;
  /** The newest figure the pack states, or null. */
  latest: { period: string; shown: string } | null;
}

export interface ManifestFile {
  /** Relative to the manifest's folder (absolute when on another drive). */
  path: string;
  bytes: number;
  sha256: string;
}

/**
 * What one run built from what: enough to check a pack against its inputs, to compare the next
 * month's pack with it, and to tell a scheduler what happened.
 */
export interface Manifest {
  manifest: 1;
  boardpack: string;
  title: string;
  /** When the run finished (ISO 8601), and the date the pack says it was generated. */
  builtAt: string;
  generated: string;
  /** report.yaml, or null when a workbook was built with default settings. */
  report: ManifestFile | null;
  /** The template pack: its folder (or `default`) and one hash over all its files. */
  templatePack: { name: string; path: string; sha256: string };
  inputs: ManifestFile[];
  period: { id: string; label: string; order: number; reason: string };
  counts: { indicators: number; rag: Record<Rag, number>; direction: Record<string, number> };
  findings: { counts: Record<Severity, number>; items: Array<{ severity: Severity; code: string; at: string | null; message: string }> };
  timings: Record<string, number>;
  output: ManifestFile & { pages: number };
  /** The previous pack this one's "Changes since the last pack" compared with, if any. */
  comparedWith: { path: string; period: string } | null;
  indicators: ManifestIndicator[];
}

/** Each indicator as this pack reports it, in the pack's order. */
export function manifestIndicators(report: Report, analysis: Analysis): ManifestIndicator[] {
  const sections = new Map(report.scorecard.sections.map((s) => [s.id, s.title]));
  return analysis.assessment.indicators.map((a) => {
    const ind = a.indicator;
    const section = ind.section === null ? null : (sections.get(ind.section) ?? ind.section);
    const text = analysis.narrative.indicators.get(a);
    const latest = a.latest;
    return {
      key: ind.id ?? `${section ?? ''} › ${ind.title}`,
      id: ind.id,
      title: ind.title,
      section,
      rag: a.rag,
      direction: a.direction,
      ragReason: text ? stripMarkup(text.ragReason) : '',
      directionReason: text ? stripMarkup(text.directionReason) : '',
      target: ind.target.raw,
      latest: latest && latest.value !== null ? { period: latest.period.label, shown: formatValue(latest.value, ind.unit, ind.decimals) } : null,
    };
  });
}
