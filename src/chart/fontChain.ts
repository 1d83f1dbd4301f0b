import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { createRequire } from 'node:module';
import type { Bidi } from 'bidi-js';
import { BoardpackError } from '../errors.js';

const require = createRequire(import.meta.url);

/**
 * The pack's font and its fallback fonts (`fonts.fallback` in pack.yaml), and how a text is cut into
 * runs that each font can draw, in the order they are seen. One module for the page (layout/fallback.ts),
 * the charts (render.ts) and the glyph check (layout/glyphs.ts), so all three agree on which font
 * draws which character.
 *
 * pdfkit lays text out with fontkit, which shapes Arabic (joining forms) and reverses the glyphs of
 * a right-to-left word, one space-separated word at a time, but knows nothing of the Unicode
 * bidirectional algorithm: the words of a line stay in their logical order (so Arabic reads
 * backwards word by word), brackets are not mirrored, and digits joined to an Arabic word are
 * reversed with it. So the runs carry bidi embedding levels (bidi-js), cut where the level changes
 * and at each word where it is right to left; whoever draws them puts them in visual order with
 * `visualOrder`, per line, and fontkit reverses the letters inside each right-to-left word itself,
 * exactly once. A right-to-left run it would leave alone (" - " between Arabic words) is cut into
 * single characters, which `visualOrder` then places.
 */

/** What a font needs to answer here: fontkit's font objects have it. */
export interface ChainFont {
  hasGlyphForCodePoint(codePoint: number): boolean;
  unitsPerEm: number;
  ascent: number;
  descent: number;
  layout(text: string): { advanceWidth: number };
  GSUB?: unknown;
  GPOS?: unknown;
  morx?: unknown;
}

/** A piece of text in one font at one bidi level. `font` 0 is the pack's font, n the n-th fallback. */
export interface TextRun {
  text: string;
  font: number;
  /** The bidi embedding level: odd is right to left. 0 for text with nothing right-to-left in it. */
  level: number;
  /** Where it starts in the text it was cut from (UTF-16 offset). */
  start: number;
}

type Fontkit = typeof import('fontkit');
type BidiFactory = () => Bidi;
let fontkit: Fontkit | undefined;
let bidi: Bidi | undefined;
const opened = new Map<string, ChainFont>();

/** Loads fontkit and bidi-js, once per process (or worker), so that everything after is synchronous. */
export async function loadTextEngines(): Promise<void> {
  // The CommonJS build, the one pdfkit requires: importing it would load fontkit's ES module build
  // (and its dependencies) a second time, ~30 ms and several MB.
  fontkit ??= require('fontkit') as Fontkit;
  if (!bidi) {
    // bidi-js is CommonJS: its factory is the module's default export under Node, though its types say otherwise.
    const mod = (await import('bidi-js')) as unknown as { default: BidiFactory | { default: BidiFactory } };
    bidi = (typeof mod.default === 'function' ? mod.default : mod.default.default)();
  }
}

/**
 * A font file opened with fontkit, once per process while the file is unchanged (a scheduler's
 * process builds many packs); `font-unreadable`, naming it, when it is not a font fontkit can read.
 */
export function openFont(file: string): ChainFont {
  let key = file;
  try {
    const stat = statSync(file);
    key = `${file}\n${stat.size}\n${stat.mtimeMs}`;
  } catch {
    // Not there: reading it below says so.
  }
  let font = opened.get(key);
  if (!font) {
    if (!fontkit) throw new Error('loadTextEngines() must be awaited before a font is opened');
    try {
      const created = fontkit.create(readFileSync(file)) as unknown as ChainFont;
      // A collection (.ttc) has no glyphs of its own: pdfkit would need a face named inside it.
      if (typeof created.hasGlyphForCodePoint !== 'function') throw new Error('it is a collection of fonts, not one font');
      font = created;
    } catch (e) {
      throw new BoardpackError(
        'font-unreadable',
        `The font ${basename(file)} is not a font boardpack can read (${e instanceof Error ? e.message : String(e)}).`,
        {
          at: file,
          hint: "Name a TrueType (.ttf) or OpenType (.otf) file under `fonts:` in the template pack's pack.yaml.",
          cause: e,
        },
      );
    }
    opened.set(key, font);
  }
  return font;
}

/** Characters that draw nothing, whatever font they are given: fontkit hides them (spaces excepted). */
const IGNORABLE: ReadonlyArray<readonly [number, number]> = [
  [0xad, 0xad],
  [0x34f, 0x34f],
  [0x61c, 0x61c],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180b, 0x180f],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x206f],
  [0x3164, 0x3164],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
  [0x1bca0, 0x1bca3],
  [0x1d173, 0x1d17a],
  [0xe0000, 0xe0fff],
];
const ignorable = (ch: string) => {
  const cp = ch.codePointAt(0)!;
  return IGNORABLE.some(([from, to]) => cp >= from && cp <= to);
};
/** Combining marks and emoji skin tones: they belong to the character before them. */
const mark = (ch: string) => /^\p{M}$/u.test(ch) || (ch.codePointAt(0)! >= 0x1f3fb && ch.codePointAt(0)! <= 0x1f3ff);
const SPACE = /^\s$/u;
/** Nothing past `~`: text the pack's font is known to draw alone, checked without a lookup per character. */
const ascii = (text: string): boolean => {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7e) return false;
  return true;
};
/** Characters of a script written right to left, or marks that force it: the only text that needs the bidi algorithm. */
const RTL = /[\u0590-\u08ff\u200f\u202b\u202e\u2067\ufb1d-\ufdff\ufe70-\ufefc\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;

export class FontChain {
  private readonly faces: ChainFont[];
  private readonly fallbackFonts: Array<ChainFont | null>;
  private readonly known = new Map<number, number>();

  /**
   * `faces`: the pack's regular, bold, italic and bold italic files (a character goes to them only
   * when every face has it); `fallbacks`: the fallback files in order, opened only when a character
   * needs one, so a pack in Latin alone never reads them.
   */
  constructor(
    faces: readonly string[],
    private readonly fallbacks: readonly string[],
  ) {
    this.faces = faces.map(openFont);
    this.fallbackFonts = fallbacks.map(() => null);
  }

  /** Font n of the chain: 0 the pack's regular face, n ≥ 1 fallback n. */
  font(n: number): ChainFont {
    if (n === 0) return this.faces[0]!;
    let font = this.fallbackFonts[n - 1];
    if (!font) {
      font = openFont(this.fallbacks[n - 1]!);
      this.fallbackFonts[n - 1] = font;
    }
    return font;
  }

  /** How many fonts the chain has, the pack's own counted as one. */
  get size(): number {
    return 1 + this.fallbacks.length;
  }

  /**
   * The font that draws a character: the pack's when every face of it has the character, else the
   * first fallback that has it, else the pack's if any face has it; -1 when no font has it.
   */
  fontFor(codePoint: number): number {
    let n = this.known.get(codePoint);
    if (n === undefined) {
      const faces = this.faces.filter((f) => f.hasGlyphForCodePoint(codePoint)).length;
      n = faces === this.faces.length ? 0 : -1;
      for (let i = 1; n === -1 && i < this.size; i++) if (this.font(i).hasGlyphForCodePoint(codePoint)) n = i;
      if (n === -1 && faces > 0) n = 0;
      this.known.set(codePoint, n);
    }
    return n;
  }

  /** Whether the pack's font alone draws all of `text` with no bidi reordering: nothing to do. */
  plain(text: string): boolean {
    if (ascii(text)) return true;
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (cp > 0x7e && !ignorable(ch) && this.fontFor(cp) !== 0) return false;
    }
    return !RTL.test(text);
  }

  /**
   * `text` cut into runs of one font and one bidi level, in logical order, with brackets at
   * right-to-left levels mirrored. Runs also break at each offset in `breaks` (where the styled pieces of a paragraph
   * meet), at line breaks, and after each word at a right-to-left level.
   */
  runs(text: string, breaks: ReadonlySet<number> = new Set()): TextRun[] {
    const chars = [...text];
    const offsets: number[] = [];
    let o = 0;
    for (const ch of chars) {
      offsets.push(o);
      o += ch.length;
    }
    const fonts = this.assign(chars);
    let levels: Uint8Array | null = null;
    if (RTL.test(text)) {
      levels = this.levels(text, breaks);
      const index = new Map(offsets.map((at, k) => [at, k]));
      for (const [at, mirror] of bidi!.getMirroredCharactersMap(text, levels)) {
        const k = index.get(at);
        if (k !== undefined) chars[k] = mirror;
      }
    }
    const runs: TextRun[] = [];
    let run: TextRun | null = null;
    chars.forEach((ch, k) => {
      const at = offsets[k]!;
      const level = levels ? levels[at]! : 0;
      const newline = ch === '\n' || ch === '\r';
      const wordStart = level % 2 === 1 && k > 0 && SPACE.test(chars[k - 1]!) && !SPACE.test(ch);
      if (
        !run ||
        newline ||
        run.text.endsWith('\n') ||
        run.text.endsWith('\r') ||
        breaks.has(at) ||
        run.font !== fonts[k] ||
        run.level !== level ||
        wordStart
      ) {
        run = { text: '', font: fonts[k]!, level, start: at };
        runs.push(run);
      }
      run.text += ch;
    });
    // A right-to-left run fontkit leaves in logical order (punctuation, spaces) is cut into single
    // characters, which are then ordered like any other run. (Reversed whole here, it would be
    // reversed again once pdfmake cut it into words.)
    return runs.flatMap((r) => (r.level % 2 === 1 && !this.reversedByFontkit(r) ? clusters(r) : [r]));
  }

  /**
   * Bidi embedding levels, per UTF-16 unit of `text`. The pack is written left to right, and a
   * text is often the pack's own words around a value from the workbook ("<title>  ● Green",
   * "Lead officer: <name>", "A1 <title>: 70 is below the 90 target"). So the paragraph runs left
   * to right, and right-to-left text in it is isolated (RLI … PDI), as a browser isolates a value
   * in <bdi>, so that it neither takes the pack's words into its own order nor they it:
   *
   * - a stretch of pieces (cut at `breaks`) that each begin and end with a right-to-left letter,
   *   with any pieces of no letters between them, is one isolate: an Arabic comment reads right
   *   to left with its full stop at its left end and an English word inside it in place;
   * - in any other piece, each stretch from a right-to-left letter to the last one before the next
   *   left-to-right letter is one: "A1 <title>: 70 is below" keeps its colon and its 70 after the
   *   title, where the bidi algorithm alone would take both into the title's right-to-left run.
   */
  private levels(text: string, breaks: ReadonlySet<number>): Uint8Array {
    if (!bidi) throw new Error('loadTextEngines() must be awaited before text is cut into runs');
    const cuts = [...new Set([0, ...breaks, text.length])].filter((b) => b >= 0 && b <= text.length).sort((a, b) => a - b);
    const strong = cuts.slice(1).map((end, i) => rtlPiece(text.slice(cuts[i], end)));
    // A piece with no letters goes with its neighbours when both are right to left.
    const pieces = strong.map((dir, i) => ({
      start: cuts[i]!,
      end: cuts[i + 1]!,
      rtl:
        dir ??
        (strong
          .slice(0, i)
          .reverse()
          .find((d) => d !== null) === true &&
          strong.slice(i + 1).find((d) => d !== null) === true),
    }));
    let isolated = '';
    const at: number[] = [];
    const copy = (from: number, to: number) => {
      for (let k = from; k < to; k++) {
        at.push(isolated.length);
        isolated += text[k];
      }
    };
    pieces.forEach((p, i) => {
      if (p.rtl) {
        if (!pieces[i - 1]?.rtl) isolated += RLI;
        copy(p.start, p.end);
        if (!pieces[i + 1]?.rtl) isolated += PDI;
        return;
      }
      let from = p.start;
      for (const [start, end] of rtlStretches(text, p.start, p.end)) {
        copy(from, start);
        isolated += RLI;
        copy(start, end);
        isolated += PDI;
        from = end;
      }
      copy(from, p.end);
    });
    const all = bidi.getEmbeddingLevels(isolated, 'ltr').levels;
    return Uint8Array.from(at, (k) => all[k]!);
  }

  /**
   * Per character, the font that draws it. Marks and invisible characters (joiners, variation
   * selectors) stay with the letter before them, so emoji sequences and Arabic vowels are shaped in
   * one font; a space goes with the words either side when both are in the same fallback.
   */
  private assign(chars: string[]): number[] {
    const fonts = chars.map(() => 0);
    const spaces: number[] = [];
    chars.forEach((ch, k) => {
      const cp = ch.codePointAt(0)!;
      // Line breaks and tabs are drawn by no font: the pack's keeps them.
      if (cp < 0x20) fonts[k] = 0;
      else if (ignorable(ch)) fonts[k] = k > 0 ? fonts[k - 1]! : 0;
      else if (k > 0 && mark(ch) && this.font(fonts[k - 1]!).hasGlyphForCodePoint(cp)) fonts[k] = fonts[k - 1]!;
      else if (SPACE.test(ch)) spaces.push(k);
      else fonts[k] = Math.max(0, this.fontFor(cp));
    });
    for (const k of spaces) {
      const cp = chars[k]!.codePointAt(0)!;
      let before = k - 1;
      while (before >= 0 && SPACE.test(chars[before]!)) before--;
      let after = k + 1;
      while (after < chars.length && SPACE.test(chars[after]!)) after++;
      const font = before >= 0 && after < chars.length && fonts[before] === fonts[after] ? fonts[before]! : 0;
      fonts[k] = font !== 0 && this.font(font).hasGlyphForCodePoint(cp) ? font : Math.max(0, this.fontFor(cp));
    }
    return fonts;
  }

  /**
   * fontkit reverses a word's glyphs when its first letter belongs to a right-to-left script and
   * its font has OpenType or AAT layout tables; runs here hold a single word, and right-to-left
   * letters only ever sit at odd levels, so a run with one is reversed by fontkit.
   */
  private reversedByFontkit(run: TextRun): boolean {
    const font = this.font(run.font);
    return RTL_LETTER.test(run.text) && Boolean(font.GSUB || font.GPOS || font.morx);
  }
}

/** A run as one run per character, each with the marks and invisible characters that follow it. */
function clusters(run: TextRun): TextRun[] {
  const out: TextRun[] = [];
  let at = run.start;
  for (const ch of run.text) {
    const last = out.at(-1);
    if (last && (mark(ch) || ignorable(ch))) last.text += ch;
    else out.push({ ...run, text: ch, start: at });
    at += ch.length;
  }
  return out;
}

const RLI = '\u2067';
const PDI = '\u2069';

/** Where `text` from `start` to `end` has right-to-left letters: each stretch from one to the last before a left-to-right letter. */
function rtlStretches(text: string, start: number, end: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let open = -1;
  let last = -1;
  for (let k = start; k < end; ) {
    const ch = String.fromCodePoint(text.codePointAt(k)!);
    const type = bidi!.getBidiCharTypeName(ch);
    if (type === 'R' || type === 'AL') {
      if (open < 0) open = k;
      last = k + ch.length;
    } else if (type === 'L' && open >= 0) {
      out.push([open, last]);
      open = -1;
    }
    k += ch.length;
  }
  if (open >= 0) out.push([open, last]);
  return out;
}

/** Whether a text begins and ends with a right-to-left letter (true), has a left-to-right one at either end (false), or has no letters (null). */
function rtlPiece(text: string): boolean | null {
  const strong = (ch: string) => {
    const type = bidi!.getBidiCharTypeName(ch);
    return type === 'L' ? 'ltr' : type === 'R' || type === 'AL' ? 'rtl' : null;
  };
  const chars = [...text];
  let first: 'ltr' | 'rtl' | null = null;
  for (let i = 0; first === null && i < chars.length; i++) first = strong(chars[i]!);
  if (first === null) return null;
  let last: 'ltr' | 'rtl' | null = null;
  for (let i = chars.length - 1; last === null; i--) last = strong(chars[i]!);
  return first === 'rtl' && last === 'rtl';
}

const RTL_LETTER = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}]/u;

/**
 * Items in visual order from their bidi levels (rule L2 of the Unicode bidirectional algorithm):
 * from the highest level down to the lowest odd one, every stretch at that level or above is
 * reversed. Items at level 0 only are returned as they are.
 */
export function visualOrder<T>(items: readonly T[], levelOf: (item: T) => number): T[] {
  const levels = items.map(levelOf);
  const highest = Math.max(0, ...levels);
  if (highest === 0) return [...items];
  const lowestOdd = Math.min(...levels.map((l) => (l % 2 === 1 ? l : l + 1)));
  const order = items.map((_, i) => i);
  for (let level = highest; level >= lowestOdd; level--) {
    for (let i = 0; i < order.length; ) {
      if (levels[order[i]!]! < level) {
        i++;
        continue;
      }
      let j = i;
      while (j < order.length && levels[order[j]!]! >= level) j++;
      order.splice(i, j - i, ...order.slice(i, j).reverse());
      i = j;
    }
  }
  return order.map((i) => items[i]!);
}
