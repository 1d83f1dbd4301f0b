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
 * Copies the pack and its manifest into `folder` (a mounted share the clerk collects from). Each is
 * written to a temporary file in that folder and renamed into place, so a reader there sees the
 * whole file or none of it. An earlier pack of another name stays as it is; one of the same name
 * with other bytes (a corrected rebuild, or a pack name without {period}) is first kept under a
 * name with its time (`pack (earlier 2026-04-02T070001Z).pdf`), then replaced. The same pack
 * already there is left as it is.
 */
export async function dropInFolder(folder: string, files: ReadonlyArray<{ name: string; data: Uint8Array }>, fx: Effects): Promise<Dropped> {
  const [pack] = files;
  const existing = pack ? await fx.kind(join(folder, pack.name)) : null;
  if (pack && existing === 'file' && sha256(await fx.readFile(join(folder, pack.name), { maxBytes: Number.MAX_SAFE_INTEGER })) === sha256(pack.data)) {
    return { files: files.map((f) => f.name), result: 'already-there', kept: [] };
  }
  const stamp = fx
    .now()
    .toISOString()
    .replace(/[:-]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const kept: Array<{ path: string; data: Uint8Array }> = [];
  for (const f of files) {
    const path = join(folder, f.name);
    if ((await fx.kind(path)) !== 'file') continue;
    kept.push({ path: join(folder, earlierName(f.name, stamp)), data: await fx.readFile(path, { maxBytes: Number.MAX_SAFE_INTEGER }) });
  }
  if (kept.length > 0) await fx.writeFilesAtomic(kept);
  await fx.writeFilesAtomic(files.map((f) => ({ path: join(folder, f.name), data: f.data })));
  return { files: files.map((f) => f.name), result: 'copied', kept: kept.map((k) => basename(k.path)) };
}

/** `pack.pdf` → `pack (earlier 20260402T070001Z).pdf`; `pack.manifest.json` → `pack (earlier …).manifest.json`. */
function earlierName(name: string, stamp: string): string {
  const ext = name.endsWith('.manifest.json') ? '.manifest.json' : extname(name);
  return `${name.slice(0, name.length - ext.length)} (earlier ${stamp})${ext}`;
}
