import type { Effects } from '../../src/effects.js';

/**
 * Effects over a map of absolute paths to bytes: the reader runs exactly as on disk, without the
 * disk, so a property test can read thousands of generated workbooks quickly.
 */
export function memoryEffects(files: Map<string, Uint8Array>, now = new Date('2026-01-15T09:00:00Z')): Effects {
  const under = (dir: string) => [...files.keys()].filter((p) => p.startsWith(`${dir.replace(/\/$/, '')}/`));
  const read = (path: string) => {
    const bytes = files.get(path);
    if (!bytes) throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: 'ENOENT' });
    return bytes;
  };
  const kind = (path: string) => (files.has(path) ? 'file' : under(path).length > 0 ? 'dir' : null);
  return {
    readFile: async (path) => read(path),
    readText: async (path) => new TextDecoder('utf-8').decode(read(path)),
    readdir: async (path) => [...new Set(under(path).map((p) => p.slice(path.replace(/\/$/, '').length + 1).split('/')[0]!))],
    kind: async (path) => kind(path),
    stat: async (path) => {
      const k = kind(path);
      return k === null ? null : { kind: k, size: files.get(path)?.byteLength ?? 0, what: k === 'file' ? 'a file' : 'a folder' };
    },
    realpath: async (path) => (kind(path) === null ? null : path),
    prepareWrite: async () => undefined,
    writeFileAtomic: async (path, data) => void files.set(path, typeof data === 'string' ? new TextEncoder().encode(data) : data),
    writeFilesAtomic: async (list) => {
      for (const { path, data } of list) files.set(path, typeof data === 'string' ? new TextEncoder().encode(data) : data);
    },
    lock: async () => ({ release: async () => undefined, lost: () => null }),
    now: () => now,
  };
}
