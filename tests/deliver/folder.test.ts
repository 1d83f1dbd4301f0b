import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dropInFolder } from '../../src/deliver/folder.js';
import { type Effects, nodeEffects } from '../../src/effects.js';
import { tempDir } from '../helpers/workbooks.js';

const at = (iso: string): Effects => ({ ...nodeEffects, now: () => new Date(iso) });

describe('the folder drop', () => {
  it('is atomic: a reader polling the folder throughout sees the earlier file or the whole new one, never part of one', async () => {
    const share = join(tempDir(), 'share');
    mkdirSync(share);
    const earlier = randomBytes(3 * 1024 * 1024);
    writeFileSync(join(share, 'pack.pdf'), earlier);
    // Large enough that writing it takes many turns of the event loop (written in chunks).
    const pack = randomBytes(48 * 1024 * 1024);
    const manifest = Buffer.from('{"manifest":1}\n');
    const seen = { whole: 0, earlier: 0, other: 0, reads: 0 };
    let done = false;
    const reader = (async () => {
      while (!done) {
        const data = await readFile(join(share, 'pack.pdf')).catch(() => null);
        seen.reads++;
        if (data === null) seen.other++;
        else if (data.equals(pack)) seen.whole++;
        else if (data.equals(earlier)) seen.earlier++;
        else seen.other++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    const dropped = await dropInFolder(
      share,
      [
        { name: 'pack.pdf', data: pack },
        { name: 'pack.manifest.json', data: manifest },
      ],
      at('2026-04-02T07:00:01.412Z'),
    );
    done = true;
    await reader;
    expect(seen.other, JSON.stringify(seen)).toBe(0);
    expect(seen.earlier).toBeGreaterThan(0);
    expect(seen.reads).toBeGreaterThan(2);
    expect(dropped).toEqual({ files: ['pack.pdf', 'pack.manifest.json'], result: 'copied', kept: ['pack (earlier 20260402T070001Z).pdf'] });
    expect(readFileSync(join(share, 'pack.pdf')).equals(pack)).toBe(true);
    // Nothing temporary is left behind.
    expect(readdirSync(share).sort()).toEqual(['pack (earlier 20260402T070001Z).pdf', 'pack.manifest.json', 'pack.pdf']);
  });

  it('keeps earlier packs: another period is left alone, a replaced one kept under a dated name, the same pack not copied again', async () => {
    const share = join(tempDir(), 'share');
    mkdirSync(share);
    const february = Buffer.from('%PDF february');
    writeFileSync(join(share, 'scorecard-2026-02.pdf'), february);
    const march = Buffer.from('%PDF march');
    const files = (pdf: Buffer, manifest: string) => [
      { name: 'scorecard-2026-03.pdf', data: pdf },
      { name: 'scorecard-2026-03.manifest.json', data: Buffer.from(manifest) },
    ];
    expect((await dropInFolder(share, files(march, '{"v":1}'), at('2026-04-02T07:00:00Z'))).result).toBe('copied');
    expect((await dropInFolder(share, files(march, '{"v":1}'), at('2026-04-02T08:00:00Z'))).result).toBe('already-there');
    const corrected = Buffer.from('%PDF march, corrected');
    const again = await dropInFolder(share, files(corrected, '{"v":2}'), at('2026-04-03T09:30:00Z'));
    expect(again.kept).toEqual(['scorecard-2026-03 (earlier 20260403T093000Z).pdf', 'scorecard-2026-03 (earlier 20260403T093000Z).manifest.json']);
    expect(readdirSync(share).sort()).toEqual([
      'scorecard-2026-02.pdf',
      'scorecard-2026-03 (earlier 20260403T093000Z).manifest.json',
      'scorecard-2026-03 (earlier 20260403T093000Z).pdf',
      'scorecard-2026-03.manifest.json',
      'scorecard-2026-03.pdf',
    ]);
    expect(readFileSync(join(share, 'scorecard-2026-02.pdf')).equals(february)).toBe(true);
    expect(readFileSync(join(share, 'scorecard-2026-03 (earlier 20260403T093000Z).pdf')).equals(march)).toBe(true);
    expect(readFileSync(join(share, 'scorecard-2026-03 (earlier 20260403T093000Z).manifest.json'), 'utf8')).toBe('{"v":1}');
    expect(readFileSync(join(share, 'scorecard-2026-03.pdf')).equals(corrected)).toBe(true);
  });

  it('looks at each file of the pack: the same PDF is left alone while its missing web page is copied, with the manifest', async () => {
    const share = join(tempDir(), 'share');
    mkdirSync(share);
    const pdf = Buffer.from('%PDF the pack');
    const page = Buffer.from('<!doctype html><title>the pack</title>');
    const first = await dropInFolder(
      share,
      [
        { name: 'pack.pdf', data: pdf },
        { name: 'pack.manifest.json', data: Buffer.from('{"v":1}') },
      ],
      at('2026-04-02T07:00:01Z'),
    );
    expect(first.result).toBe('copied');
    // Rebuilt from the same inputs with the web page too: the PDF is the same bytes.
    const second = await dropInFolder(
      share,
      [
        { name: 'pack.pdf', data: pdf },
        { name: 'pack.html', data: page },
        { name: 'pack.manifest.json', data: Buffer.from('{"v":2}') },
      ],
      at('2026-04-03T07:00:01Z'),
    );
    expect(second).toEqual({ files: ['pack.html', 'pack.manifest.json'], result: 'copied', kept: [] });
    expect(readdirSync(share).sort()).toEqual(['pack.html', 'pack.manifest.json', 'pack.pdf']);
    expect(readFileSync(join(share, 'pack.html'))).toEqual(page);
    expect(readFileSync(join(share, 'pack.manifest.json'), 'utf8')).toBe('{"v":2}');
    // Everything there now: nothing is copied again.
    const third = await dropInFolder(
      share,
      [
        { name: 'pack.pdf', data: pdf },
        { name: 'pack.html', data: page },
        { name: 'pack.manifest.json', data: Buffer.from('{"v":3}') },
      ],
      at('2026-04-04T07:00:01Z'),
    );
    expect(third.result).toBe('already-there');
  });
});
