import { createHash } from 'node:crypto';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { Direction } from './assess/direction.js';
import type { Rag } from './assess/rag.js';
import type { Effects } from './effects.js';
import { BoardpackError } from './errors.js';
import { formatValue } from './model/format.js';
import { type Indicator, type Severity, shownId } from './model/scorecard.js';
import { stripMarkup } from './narrate/index.js';
import type { Report } from './model/report.js';
import type { Analysis } from './narrate/analysis.js';

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

/** Stable across months: an indicator's ID (made from its title where the sheet has none), or `section › title`. */
export function indicatorKey(ind: Pick<Indicator, 'id' | 'title' | 'section'>, sections: ReadonlyMap<string, string>): string {
  return ind.id ?? `${sectionTitle(ind, sections) ?? ''} › ${ind.title}`;
}

const sectionTitle = (ind: Pick<Indicator, 'section'>, sections: ReadonlyMap<string, string>) =>
  ind.section === null ? null : (sections.get(ind.section) ?? ind.section);

/** Each indicator as this pack reports it, in the pack's order. */
export function manifestIndicators(report: Report, analysis: Analysis): ManifestIndicator[] {
  const sections = new Map(report.scorecard.sections.map((s) => [s.id, s.title]));
  return analysis.assessment.indicators.map((a) => {
    const ind = a.indicator;
    const section = sectionTitle(ind, sections);
    const text = analysis.narrative.indicators.get(a);
    const latest = a.latest;
    return {
      key: indicatorKey(ind, sections),
      id: shownId(ind) || null,
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

export const sha256 = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

/** A path as the manifest writes it: relative to the manifest's folder, with forward slashes. */
export const manifestPath = (from: string, path: string): string => {
  const r = relative(from, path);
  return (r === '' || isAbsolute(r) ? path : r).split(sep).join('/');
};

/** A file the run read, for the manifest: path, bytes and hash. */
export async function describeFile(path: string, manifestDir: string, fx: Effects): Promise<ManifestFile> {
  const data = await fx.readFile(path);
  return { path: manifestPath(manifestDir, path), bytes: data.byteLength, sha256: sha256(data) };
}

/** Every file under a folder (a CSV folder, a template pack), sorted, as absolute paths. */
export async function filesUnder(dir: string, fx: Effects): Promise<string[]> {
  const out: string[] = [];
  for (const name of (await fx.readdir(dir)).sort()) {
    const full = join(dir, name);
    const kind = await fx.kind(full);
    if (kind === 'dir') out.push(...(await filesUnder(full, fx)));
    else if (kind === 'file') out.push(full);
  }
  return out;
}

/** One hash over a folder's files: each file's path in the folder and its hash, in order. */
export async function hashFolder(dir: string, fx: Effects): Promise<string> {
  const lines: string[] = [];
  for (const file of await filesUnder(dir, fx)) lines.push(`${relative(dir, file).split(sep).join('/')} ${sha256(await fx.readFile(file))}`);
  return sha256(lines.join('\n'));
}

/**
 * The manifest of the newest pack of the same report for an earlier period in `dir`, or null on
 * the first pack. A manifest that cannot be read is passed over (it is named by the caller's log).
 */
export async function previousManifest(
  dir: string,
  title: string,
  periodOrder: number,
  fx: Effects,
): Promise<{ path: string; manifest: Manifest } | { path: string; problem: string } | null> {
  let names: string[];
  try {
    names = await fx.readdir(dir);
  } catch {
    return null;
  }
  let best: { path: string; manifest: Manifest } | null = null;
  let problem: { path: string; problem: string } | null = null;
  for (const name of names) {
    if (!name.endsWith(MANIFEST_SUFFIX)) continue;
    const path = join(dir, name);
    const read = await readManifest(path, fx).catch((e: unknown) => (e instanceof Error ? e.message : String(e)));
    if (typeof read === 'string') {
      problem ??= { path, problem: read };
      continue;
    }
    if (read.title !== title || read.period.order >= periodOrder) continue;
    if (!best || read.period.order > best.manifest.period.order) best = { path, manifest: read };
  }
  return best ?? problem;
}

/** A manifest written by boardpack; anything else is refused with what is wrong. */
export async function readManifest(path: string, fx: Effects): Promise<Manifest> {
  let data: unknown;
  try {
    data = JSON.parse(await fx.readText(path, { maxBytes: 64 * 1024 * 1024 }));
  } catch (e) {
    throw new BoardpackError('manifest-unreadable', `${path} is not a manifest boardpack can read (${e instanceof Error ? e.message : String(e)}).`, {
      at: path,
      hint: 'Give the .manifest.json written beside an earlier pack.',
    });
  }
  const m = data as Partial<Manifest> | null;
  if (m?.manifest !== 1 || typeof m.title !== 'string' || !m.period || typeof m.period.order !== 'number' || !Array.isArray(m.indicators)) {
    throw new BoardpackError('manifest-unreadable', `${path} is not a boardpack run manifest (version 1).`, {
      at: path,
      hint: 'Give the .manifest.json written beside an earlier pack.',
    });
  }
  return m as Manifest;
}
