import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';

/** Everything boardpack does to the outside world, passed in so the pipeline stays testable. */
export interface Effects {
  readFile(path: string): Promise<Uint8Array>;
  readText(path: string): Promise<string>;
  readdir(path: string): Promise<string[]>;
  /** 'file', 'dir', or null when nothing is there. */
  kind(path: string): Promise<'file' | 'dir' | null>;
  /** Writes through a temporary file and a rename, so a failed run never leaves half a file. */
  writeFileAtomic(path: string, data: Uint8Array | string): Promise<void>;
  now(): Date;
}

export const nodeEffects: Effects = {
  readFile: (p) => readFile(p),
  readText: (p) => readFile(p, 'utf8'),
  readdir: (p) => readdir(p),
  async kind(p) {
    try {
      const s = await stat(p);
      return s.isDirectory() ? 'dir' : 'file';
    } catch {
      return null;
    }
  },
  async writeFileAtomic(path, data) {
    const dir = path.slice(0, Math.max(path.lastIndexOf('/'), 0)) || '.';
    await mkdir(dir, { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    try {
      await writeFile(tmp, data);
      await rename(tmp, path);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  },
  now: () => new Date(),
};
