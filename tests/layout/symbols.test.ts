import { join } from 'node:path';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { DIRECTION_SHAPE, RAG_SHAPE } from '../../src/layout/theme.js';
import { FONTS_DIR } from '../../src/narrate/pack.js';

const symbols = [...Object.entries(RAG_SHAPE).map(([k, s]) => [`rag ${k}`, s]), ...Object.entries(DIRECTION_SHAPE).map(([k, s]) => [`direction ${k}`, s])];

describe('the key to ratings and directions', () => {
  it('gives every symbol one meaning: no shape is both a rating and a direction, or two of either', () => {
    const meanings = new Map<string, string[]>();
    for (const [meaning, s] of symbols) meanings.set(s!, [...(meanings.get(s!) ?? []), meaning!]);
    expect([...meanings].filter(([, m]) => m.length > 1)).toEqual([]);
  });

  it('draws every symbol in the bundled font, regular and bold', () => {
    for (const face of ['DejaVuSansCondensed.ttf', 'DejaVuSansCondensed-Bold.ttf']) {
      const font = fontkit.openSync(join(FONTS_DIR, face)) as fontkit.Font;
      expect(
        symbols.filter(([, s]) => !font.hasGlyphForCodePoint(s!.codePointAt(0)!)),
        face,
      ).toEqual([]);
    }
  });
});
