import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Font } from 'fontkit';
import { describe, expect, it } from 'vitest';
import { loadTextEngines } from '../../src/chart/fontChain.js';
import { subsetFont } from '../../src/layout/fontSubset.js';
import { FONTS_DIR } from '../../src/narrate/pack.js';

const require = createRequire(import.meta.url);
const fontkit = require('fontkit') as typeof import('fontkit');
/** A font as fontkit reads it, with the table directory its types leave out. */
type Opened = Font & { directory: { tables: Record<string, unknown> } };
const open = (data: Uint8Array) => fontkit.create(Buffer.from(data)) as Opened;

describe('a font cut down for the web page', () => {
  it('maps exactly the characters asked for to glyphs drawn and spaced as in the whole font, with the tables a browser needs', async () => {
    await loadTextEngines();
    const file = join(FONTS_DIR, 'DejaVuSansCondensed-Bold.ttf');
    const text = 'Amber ▲ 72.2% → ⬆ £1,036 Ŵ';
    const { data, format } = subsetFont(
      file,
      [...text].map((c) => c.codePointAt(0)!),
      'PackSans',
    );
    expect(format).toBe('truetype');
    const whole = fontkit.openSync(file) as Font;
    const cut = open(data);
    expect(data.byteLength).toBeLessThan(readFileSync(file).byteLength / 10);
    for (const tag of ['cmap', 'OS/2', 'name', 'post', 'head', 'hhea', 'hmtx', 'maxp', 'loca', 'glyf']) expect(cut.directory.tables[tag], tag).toBeDefined();
    expect(cut.familyName).toBe('PackSans');
    for (const ch of new Set(text)) {
      const cp = ch.codePointAt(0)!;
      expect(cut.hasGlyphForCodePoint(cp), ch).toBe(true);
      const a = cut.glyphForCodePoint(cp);
      const b = whole.glyphForCodePoint(cp);
      expect(a.advanceWidth, ch).toBe(b.advanceWidth);
      expect(a.path.toSVG(), ch).toBe(b.path.toSVG());
    }
    for (const ch of 'zQ€') expect(cut.hasGlyphForCodePoint(ch.codePointAt(0)!), ch).toBe(false);
  });

  it('maps characters beyond the Basic Multilingual Plane (emoji) too', async () => {
    await loadTextEngines();
    const file = join(FONTS_DIR, 'NotoEmoji-Regular.ttf');
    const { data } = subsetFont(file, [0x1f600, 0x1f389], 'PackSans-fallback-4');
    const cut = open(data);
    for (const cp of [0x1f600, 0x1f389]) expect(cut.hasGlyphForCodePoint(cp)).toBe(true);
    expect(cut.hasGlyphForCodePoint(0x1f680)).toBe(false);
  });
});
