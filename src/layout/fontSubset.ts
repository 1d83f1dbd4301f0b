import { readFileSync } from 'node:fs';
import type { Font } from 'fontkit';
import { openFont } from '../chart/fontChain.js';

/**
 * A font cut down to the characters a page uses, as a file a browser accepts (for an `@font-face`
 * data: URL). fontkit's subsetter writes only the tables a PDF needs (glyph outlines and metrics,
 * no character map), so the tables a browser also requires are added here: `cmap` (the used
 * characters to the subset's glyphs), `OS/2` (the original's), `name` (the family) and `post`
 * (version 3: no glyph names). Hinting is kept; kerning and ligatures (GPOS, GSUB) are not, so a
 * font that draws letters that join (Arabic) is embedded whole, as is one with PostScript outlines
 * (CFF), which fontkit cannot write as a whole font. Emoji sequences joined by ZWJ show as their parts.
 */
export function subsetFont(file: string, codePoints: Iterable<number>, family: string): { data: Uint8Array; format: 'truetype' | 'opentype' } {
  const font = openFont(file) as unknown as Font;
  const original = readFileSync(file);
  const tables = readTables(original);
  const cps = [...new Set(codePoints)];
  // Arabic letters take their joining forms from the font's GSUB, which a subset loses: such a font goes whole.
  if (!tables.has('glyf') || cps.some(joins)) return { data: original, format: tables.has('glyf') ? 'truetype' : 'opentype' };
  // fontkit returns the glyph's number in the subset (its types say a boolean).
  const subset = font.createSubset() as unknown as { includeGlyph(id: number): number; encode(): Uint8Array };
  const map: Array<[number, number]> = [];
  for (const cp of cps.sort((a, b) => a - b)) {
    if (!font.hasGlyphForCodePoint(cp)) continue;
    map.push([cp, subset.includeGlyph(font.glyphForCodePoint(cp).id)]);
  }
  const written = readTables(Buffer.from(subset.encode()));
  written.set('cmap', cmap(map));
  const os2 = tables.get('OS/2');
  if (os2) written.set('OS/2', os2);
  written.set('name', nameTable(family));
  written.set('post', post(tables.get('post')));
  return { data: writeFont(written), format: 'truetype' };
}

/** A letter of a script whose letters join (Arabic, Syriac, N'Ko and their presentation forms), shaped by the font's GSUB. */
const joins = (cp: number): boolean => (cp >= 0x0600 && cp <= 0x08ff) || (cp >= 0xfb50 && cp <= 0xfdff) || (cp >= 0xfe70 && cp <= 0xfeff);

/** The tables of a TrueType or OpenType file, by tag. */
function readTables(bytes: Buffer): Map<string, Buffer> {
  const count = bytes.readUInt16BE(4);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const at = 12 + i * 16;
    const tag = bytes.toString('latin1', at, at + 4);
    const offset = bytes.readUInt32BE(at + 8);
    const length = bytes.readUInt32BE(at + 12);
    out.set(tag, bytes.subarray(offset, offset + length));
  }
  return out;
}

/** A font file of these tables, in tag order, each checksummed, with the head's whole-file adjustment. */
function writeFont(tables: Map<string, Buffer>): Buffer {
  const tags = [...tables.keys()].sort();
  const n = tags.length;
  const log2 = Math.floor(Math.log2(n));
  const header = Buffer.alloc(12 + 16 * n);
  header.writeUInt32BE(0x00010000, 0);
  header.writeUInt16BE(n, 4);
  header.writeUInt16BE(2 ** log2 * 16, 6);
  header.writeUInt16BE(log2, 8);
  header.writeUInt16BE(n * 16 - 2 ** log2 * 16, 10);
  const bodies: Buffer[] = [];
  let offset = header.length;
  let headAt = -1;
  tags.forEach((tag, i) => {
    const data = Buffer.from(tables.get(tag)!);
    if (tag === 'head') {
      data.writeUInt32BE(0, 8);
      headAt = offset;
    }
    const padded = Buffer.concat([data, Buffer.alloc((4 - (data.length % 4)) % 4)]);
    const at = 12 + i * 16;
    header.write(tag, at, 'latin1');
    header.writeUInt32BE(checksum(padded), at + 4);
    header.writeUInt32BE(offset, at + 8);
    header.writeUInt32BE(data.length, at + 12);
    bodies.push(padded);
    offset += padded.length;
  });
  const file = Buffer.concat([header, ...bodies]);
  if (headAt >= 0) file.writeUInt32BE((0xb1b0afba - checksum(file)) >>> 0, headAt + 8);
  return file;
}

function checksum(data: Buffer): number {
  let sum = 0;
  for (let i = 0; i + 3 < data.length; i += 4) sum = (sum + data.readUInt32BE(i)) >>> 0;
  return sum;
}

/** A character map: format 4 (one segment per character) for the Basic Multilingual Plane, and format 12 for all when there is more. */
function cmap(map: ReadonlyArray<[number, number]>): Buffer {
  const bmp = map.filter(([cp]) => cp <= 0xffff);
  const segments = [...bmp.map(([cp, gid]) => ({ start: cp, end: cp, delta: (gid - cp) & 0xffff })), { start: 0xffff, end: 0xffff, delta: 1 }];
  const seg = segments.length;
  const f4 = Buffer.alloc(16 + seg * 8);
  f4.writeUInt16BE(4, 0);
  f4.writeUInt16BE(f4.length, 2);
  f4.writeUInt16BE(seg * 2, 6);
  const log2 = Math.floor(Math.log2(seg));
  f4.writeUInt16BE(2 * 2 ** log2, 8);
  f4.writeUInt16BE(log2, 10);
  f4.writeUInt16BE(2 * seg - 2 * 2 ** log2, 12);
  segments.forEach((s, i) => {
    f4.writeUInt16BE(s.end, 14 + i * 2);
    f4.writeUInt16BE(s.start, 16 + seg * 2 + i * 2);
    f4.writeUInt16BE(s.delta, 16 + seg * 4 + i * 2);
  });
  const wide = map.some(([cp]) => cp > 0xffff);
  const f12 = Buffer.alloc(wide ? 16 + map.length * 12 : 0);
  if (wide) {
    f12.writeUInt16BE(12, 0);
    f12.writeUInt32BE(f12.length, 4);
    f12.writeUInt32BE(map.length, 12);
    map.forEach(([cp, gid], i) => {
      f12.writeUInt32BE(cp, 16 + i * 12);
      f12.writeUInt32BE(cp, 20 + i * 12);
      f12.writeUInt32BE(gid, 24 + i * 12);
    });
  }
  const records = wide ? 2 : 1;
  const head = Buffer.alloc(4 + records * 8);
  head.writeUInt16BE(records, 2);
  head.writeUInt16BE(3, 4);
  head.writeUInt16BE(1, 6);
  head.writeUInt32BE(head.length, 8);
  if (wide) {
    head.writeUInt16BE(3, 12);
    head.writeUInt16BE(10, 14);
    head.writeUInt32BE(head.length + f4.length, 16);
  }
  return Buffer.concat([head, f4, f12]);
}

/** A name table of the family, its style (Regular: the @font-face rule gives weight and style) and the names derived from them. */
function nameTable(family: string): Buffer {
  const clean = family.replace(/[^\x20-\x7e]/g, '');
  const names: Array<[number, string]> = [
    [1, clean],
    [2, 'Regular'],
    [4, clean],
    [6, clean.replace(/[^A-Za-z0-9-]/g, '')],
  ];
  const strings = names.map(([, s]) => Buffer.from(s, 'utf16le').swap16());
  const header = Buffer.alloc(6 + names.length * 12);
  header.writeUInt16BE(names.length, 2);
  header.writeUInt16BE(header.length, 4);
  let offset = 0;
  names.forEach(([id], i) => {
    const at = 6 + i * 12;
    header.writeUInt16BE(3, at);
    header.writeUInt16BE(1, at + 2);
    header.writeUInt16BE(0x409, at + 4);
    header.writeUInt16BE(id, at + 6);
    header.writeUInt16BE(strings[i]!.length, at + 8);
    header.writeUInt16BE(offset, at + 10);
    offset += strings[i]!.length;
  });
  return Buffer.concat([header, ...strings]);
}

/** A post table of version 3 (no glyph names: the subset renumbers the glyphs), keeping the original's metrics. */
function post(original: Buffer | undefined): Buffer {
  const out = Buffer.alloc(32);
  if (original && original.length >= 32) original.copy(out, 0, 0, 32);
  out.writeUInt32BE(0x00030000, 0);
  return out;
}
