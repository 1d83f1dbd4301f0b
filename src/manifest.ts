import { createHash } from 'node:crypto';
import { z } from 'zod';
import { isAbsolute, join, relative, sep } from 'node:path';
import { type Direction, Direction as DirectionSpec } from './assess/direction.js';
import { type Rag, Rag as RagSpec } from './assess/rag.js';
import { type Effects, filesUnder } from './effects.js';
import { BoardpackError } from './errors.js';
import { formatFigure } from './model/format.js';
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

/** What "Changes since the last pack" needs of the pack compared with. */
export interface Comparable {
  title: string;
  period: { label: string; order: number };
  indicators: ManifestIndicator[];
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
  /** The web page of the same pack (`build --format html`), or null when only the PDF was built. */
  html?: ManifestFile | null;
  /**
   * The previous pack this one's "Changes since the last pack" compared with, if any, kept whole:
   * a rebuild of this period compares with the same pack even after its file has been replaced.
   */
  comparedWith: (Comparable & { path: string }) | null;
  indicators: ManifestIndicator[];
  /**
   * What the pack was made from, as one hash (see `deliveryKey`): deliveries of a pack with the same
   * key are of the same pack, even when a date printed in it differs.
   */
  deliveryKey: string;
  /**
   * Every delivery of this pack (distribute: in report.yaml), in the order they were made. Kept
   * when the same period is built again from the same inputs, so a repeated run does not send twice.
   */
  deliveries: Delivery[];
}

/** One delivery of a pack: an email to its recipients, or a copy into a folder. No credential is ever here. */
export type Delivery =
  | {
      kind: 'email';
      /** What was delivered: the manifest's `deliveryKey` (the report, its period and its inputs). */
      key: string;
      at: string;
      to: string[];
      cc: string[];
      bcc: string[];
      result: 'sent' | 'failed';
      /** The Message-ID the server accepted, for finding the message in its logs. */
      messageId: string | null;
      /** Recipients the server refused when it took the message for the others: not sent to them. */
      refused: string[];
      attempts: number;
      error: string | null;
    }
  | {
      kind: 'folder';
      key: string;
      at: string;
      /** The folder as report.yaml names it, and the file names the pack and manifest were given there. */
      folder: string;
      files: string[];
      result: 'copied' | 'already-there' | 'failed';
      error: string | null;
    };

/**
 * What a pack was made from: its title and period, report.yaml's settings as read (`settings`: a hash
 * of them without `distribute:`, so adding a recipient does not make the pack another one), the
 * template pack and every workbook, by their hashes.
 */
export function deliveryKey(m: Pick<Manifest, 'title' | 'period' | 'inputs' | 'templatePack'>, settings: string): string {
  return sha256(JSON.stringify([m.title, m.period.id, settings, m.templatePack.sha256, m.inputs.map((i) => [i.path, i.sha256])]));
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
      latest: latest && latest.value !== null ? { period: latest.period.label, shown: formatFigure(latest.value, ind) } : null,
    };
  });
}

export const sha256 = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

/** A path as the manifest writes it: relative to the manifest's folder, with forward slashes. */
export const manifestPath = (from: string, path: string): string => {
  const r = relative(from, path);
  return (r === '' || isAbsolute(r) ? path : r).split(sep).join('/');
};

/** One hash over a folder's files: each file's path in the folder and its hash, in order. */
export async function hashFolder(dir: string, fx: Effects): Promise<string> {
  const lines: string[] = [];
  for (const file of await filesUnder(dir, fx)) lines.push(`${manifestPath(dir, file)} ${sha256(await fx.readFile(file))}`);
  return sha256(lines.join('\n'));
}

/**
 * What to compare a pack for `periodOrder` with: the newest pack of the same report for an earlier
 * period in `dir` (or what a pack of this period in `dir` itself compared with, when the earlier
 * pack's file has since been replaced: a pack name without {period}), or null on the first pack.
 * Manifests that cannot be read are passed over, and named for the log.
 */
export async function previousPack(
  dir: string,
  title: string,
  periodOrder: number,
  fx: Effects,
): Promise<{ found: { path: string; pack: Comparable } | null; passedOver: Array<{ path: string; problem: string }> }> {
  let names: string[];
  try {
    names = await fx.readdir(dir);
  } catch {
    return { found: null, passedOver: [] };
  }
  let found: { path: string; pack: Comparable } | null = null;
  const passedOver: Array<{ path: string; problem: string }> = [];
  const consider = (path: string, pack: Comparable) => {
    if (pack.title === title && pack.period.order < periodOrder && (!found || pack.period.order > found.pack.period.order)) found = { path, pack };
  };
  for (const name of names.sort()) {
    if (!name.endsWith(MANIFEST_SUFFIX)) continue;
    const path = join(dir, name);
    try {
      const manifest = await readManifest(path, fx);
      consider(path, manifest);
      if (manifest.comparedWith && manifest.title === title && manifest.period.order === periodOrder)
        consider(join(dir, manifest.comparedWith.path), manifest.comparedWith);
    } catch (e) {
      passedOver.push({ path, problem: e instanceof BoardpackError ? e.message : String(e) });
    }
  }
  return { found, passedOver };
}

const IndicatorSpec = z.object({
  key: z.string(),
  id: z.string().nullable(),
  title: z.string(),
  section: z.string().nullable(),
  rag: RagSpec,
  direction: DirectionSpec,
  ragReason: z.string(),
  directionReason: z.string(),
  target: z.string().nullable(),
  latest: z.object({ period: z.string(), shown: z.string() }).nullable(),
});
const ComparableSpec = z.object({
  title: z.string(),
  period: z.object({ label: z.string(), order: z.number().int() }),
  indicators: z.array(IndicatorSpec),
});
const FileSpec = z.object({ path: z.string(), bytes: z.number(), sha256: z.string() });
const DeliverySpec = z.union([
  z.object({
    kind: z.literal('email'),
    key: z.string(),
    at: z.string(),
    to: z.array(z.string()),
    cc: z.array(z.string()),
    bcc: z.array(z.string()),
    result: z.enum(['sent', 'failed']),
  }),
  z.object({ kind: z.literal('folder'), key: z.string(), at: z.string(), folder: z.string(), result: z.enum(['copied', 'already-there', 'failed']) }),
]);
const ManifestSpec = ComparableSpec.extend({
  manifest: z.literal(1),
  comparedWith: ComparableSpec.extend({ path: z.string() }).nullable().optional(),
  report: FileSpec.nullable().optional(),
  inputs: z.array(FileSpec).optional(),
  templatePack: z.object({ name: z.string(), path: z.string(), sha256: z.string() }).optional(),
  output: FileSpec.extend({ pages: z.number() }).optional(),
  // Manifests written before deliveries were recorded have none.
  deliveries: z.array(DeliverySpec).optional(),
  deliveryKey: z.string().optional(),
});

/** A manifest written by boardpack, checked as far as a comparison reads it; anything else is refused with what is wrong. */
export async function readManifest(path: string, fx: Effects, purpose: 'compared with' | 'delivered' = 'compared with'): Promise<Manifest> {
  const refuse = (why: string) =>
    new BoardpackError('manifest-unreadable', `${why}, so it cannot be ${purpose}.`, {
      at: path,
      hint:
        purpose === 'delivered'
          ? 'Give the .manifest.json that boardpack build wrote beside the pack.'
          : 'Give --compare the .manifest.json written beside an earlier pack of this report.',
    });
  let text: string;
  try {
    text = await fx.readText(path, { maxBytes: 64 * 1024 * 1024 });
  } catch (e) {
    throw refuse(e instanceof BoardpackError ? e.message.replace(/\.$/, '') : `${path} cannot be read (${String(e)})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw refuse(`${path} is not JSON`);
  }
  const checked = ManifestSpec.safeParse(data);
  if (!checked.success) {
    const first = checked.error.issues[0]!;
    throw refuse(`${path} is not a boardpack run manifest (version 1): ${first.path.join('.') || 'the file'}: ${first.message}`);
  }
  const manifest = data as Partial<Pick<Manifest, 'deliveries' | 'deliveryKey'>> & Omit<Manifest, 'deliveries' | 'deliveryKey'>;
  // A manifest written before deliveries were recorded: keyed by report.yaml's bytes.
  const key = manifest.deliveryKey ?? (manifest.templatePack && manifest.inputs ? deliveryKey(manifest, manifest.report?.sha256 ?? '') : '');
  return { ...manifest, deliveryKey: key, deliveries: manifest.deliveries ?? [] };
}
