import { basename, extname, join } from 'node:path';
import type { Effects } from '../effects.js';
import { sha256 } from '../manifest.js';

export interface Dropped {
  /** The names the files have in the folder. */
  files: string[];
  result: 'copied' | 'already-there';
  /** Earlier files of the same names that were kept under new names, so none is lost. */
  kept: string[];
}

/**
 * Copies the pack (its PDF, and its web page when there is one) and its manifest into `folder` (a
 * mounted share the clerk collects from). Each is written to a temporary file in that folder and
 * renamed into place, so a reader there sees the whole file or none of it. Each file of the pack is
 * looked at on its own: one already there with the same bytes is left as it is, a missing one is
 * copied, and one of the same name with other bytes (a corrected rebuild, or a pack name without
 * {period}) is first kept under a name with its time (`pack (earlier 2026-04-02T070001Z).pdf`),
 * with the manifest that described it, then replaced. An earlier pack of another name stays as it is.
 */
export async function dropInFolder(folder: string, files: ReadonlyArray<{ name: string; data: Uint8Array }>, fx: Effects): Promise<Dropped> {
  const isManifest = (name: string) => name.endsWith('.manifest.json');
  const existing = async (name: string) =>
    (await fx.kind(join(folder, name))) === 'file' ? await fx.readFile(join(folder, name), { maxBytes: Number.MAX_SAFE_INTEGER }) : null;
  const replaced: Array<{ name: string; data: Uint8Array }> = [];
  const due: Array<{ name: string; data: Uint8Array }> = [];
  for (const f of files.filter((f) => !isManifest(f.name))) {
    const there = await existing(f.name);
    if (there && sha256(there) === sha256(f.data)) continue;
    due.push(f);
    if (there) replaced.push({ name: f.name, data: there });
  }
  const manifests = files.filter((f) => isManifest(f.name));
  const missing = [];
  for (const m of manifests) if (!(await existing(m.name))) missing.push(m);
  if (due.length === 0 && missing.length === 0) return { files: files.map((f) => f.name), result: 'already-there', kept: [] };
  // A pack replaced keeps the manifest that described it.
  if (replaced.length > 0)
    for (const m of manifests) {
      const there = await existing(m.name);
      if (there) replaced.push({ name: m.name, data: there });
    }
  const stamp = fx
    .now()
    .toISOString()
    .replace(/[:-]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const kept = replaced.map((r) => ({ path: join(folder, earlierName(r.name, stamp)), data: r.data }));
  if (kept.length > 0) await fx.writeFilesAtomic(kept);
  const written = [...due, ...manifests];
  await fx.writeFilesAtomic(written.map((f) => ({ path: join(folder, f.name), data: f.data })));
  return { files: written.map((f) => f.name), result: 'copied', kept: kept.map((k) => basename(k.path)) };
}

/** `pack.pdf` → `pack (earlier 20260402T070001Z).pdf`; `pack.manifest.json` → `pack (earlier …).manifest.json`. */
function earlierName(name: string, stamp: string): string {
  const ext = name.endsWith('.manifest.json') ? '.manifest.json' : extname(name);
  return `${name.slice(0, name.length - ext.length)} (earlier ${stamp})${ext}`;
}
