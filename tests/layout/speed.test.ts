import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeEffects } from '../../src/effects.js';
import { renderPdf } from '../../src/layout/pdf.js';
import { pdfmakePrototype } from '../../src/layout/pdfmakeInternals.js';
import { joinWords, speedUpLayout } from '../../src/layout/speed.js';
import { loadPack } from '../../src/narrate/pack.js';
import { repoDir } from '../helpers/examples.js';
import { readPdf } from '../helpers/pdf.js';
import { tempDir } from '../helpers/workbooks.js';

type Stack = { push(x: unknown): void; pop(n?: number): void };
type StackClass = (new (
  styles: object,
  defaults: object,
) => Stack) & {
  getStyleProperty(item: unknown, stack: Stack, property: string, defaultValue: unknown): unknown;
};
const StyleContextStack = (createRequire(import.meta.url)('pdfmake/js/StyleContextStack.js') as { default: StackClass }).default;

describe("pdfmake's style lookups, remembered (src/layout/speed.ts)", () => {
  const styles = { head: { fontSize: 14, bold: true }, quiet: { color: 'grey', extends: 'head' } };
  const lookups = (stack: Stack) => {
    const out: unknown[] = [];
    for (const item of [{}, { fontSize: 9 }, { style: 'quiet' }, { style: ['head', 'quiet'], color: 'red' }, 'plain'])
      for (const p of ['fontSize', 'bold', 'color', 'font', 'italics']) out.push(StyleContextStack.getStyleProperty(item, stack, p, 'default'));
    return out;
  };
  const scenario = () => {
    const stack = new StyleContextStack(styles, { font: 'Body' });
    const seen = [lookups(stack)];
    stack.push('head');
    seen.push(lookups(stack));
    stack.push({ color: 'blue', bold: false });
    seen.push(lookups(stack));
    stack.pop();
    seen.push(lookups(stack));
    stack.push('quiet');
    seen.push(lookups(stack));
    stack.pop(2);
    seen.push(lookups(stack));
    return seen;
  };

  it('gives every answer pdfmake gives, as the stack grows and shrinks', () => {
    const before = scenario();
    const original = StyleContextStack.getStyleProperty;
    speedUpLayout();
    // The hook is in place (pdfmake still looks styles up where it wraps)...
    expect(StyleContextStack.getStyleProperty).not.toBe(original);
    // ...and changes no answer.
    expect(scenario()).toEqual(before);
  });
});

describe('words drawn as one text (src/layout/speed.ts)', () => {
  const font = {};
  const word = (text: string, x: number, over: Record<string, unknown> = {}) => ({
    text,
    x,
    width: text.length * 5,
    font,
    fontSize: 9,
    color: 'black',
    ...over,
  });

  it('joins words side by side that look the same and lead to the same place', () => {
    const joined = joinWords([word('Red ', 0), word('and ', 20), word('late', 40, { trailingCut: 0 })]);
    expect(joined).toEqual([{ ...word('Red and late', 0), trailingCut: 0 }]);
  });

  it('keeps apart what looks different, leads elsewhere, is letter-spaced, is not side by side, or is a page number', () => {
    const apart = [
      [word('Red ', 0), word('Amber', 20, { color: 'orange' })],
      [word('SG1 ', 0), word('p. 7', 20, { linkToDestination: 'indicator-7' })],
      [word('APPENDIX ', 0, { characterSpacing: 1 }), word('A', 45, { characterSpacing: 1 })],
      [word('one ', 0), word('two', 25)],
      [word('p. ', 0), word('7', 15, { _pageNodeRef: {} })],
    ];
    for (const words of apart) expect(joinWords(words)).toBe(words);
    // A line of runs joins within each run only.
    const line = [word('a ', 0), word('b ', 10), word('c ', 20, { bold: true, font: {} }), word('d', 30)];
    expect(joinWords(line).map((w) => w.text)).toEqual(['a b ', 'c ', 'd']);
  });
});

describe('a laid-out document, held lightly (src/layout/speed.ts)', () => {
  it('joins the words of a line as it is placed, and lets each page go once the next is begun', async () => {
    type Page = { items: Array<{ type: string; item: { inlines?: Array<{ text: string }> } }> };
    const renderer = pdfmakePrototype<{ renderPages(this: unknown, pages: Page[]): unknown }>('Renderer');
    const pack = await loadPack({ template: 'default', baseDir: repoDir }, nodeEffects);
    const sentence = 'The quick brown fox jumps over the lazy dog and runs on through the long grass.';
    const content = Array.from({ length: 3 }, (_, i) => ({ text: `${i + 1}. ${sentence}`, ...(i > 0 ? { pageBreak: 'before' } : {}) }));
    const seen: { texts: string[][]; after: number[] } = { texts: [], after: [] };
    speedUpLayout();
    const wrapped = renderer.renderPages;
    renderer.renderPages = function (pages) {
      seen.texts = pages.map((p) => p.items.filter((e) => e.type === 'line').map((e) => e.item.inlines!.map((w) => w.text).join('|')));
      const result = wrapped.call(this, pages);
      seen.after = pages.map((p) => p.items.length);
      return result;
    };
    try {
      const { bytes, pages } = await renderPdf({ content, defaultStyle: { font: 'PackSans', fontSize: 10 } }, pack);
      expect(pages).toBe(3);
      // Each line is one run of words by the time it is drawn: joined when placed.
      expect(seen.texts.map((lines) => lines.every((l) => !l.includes('|')))).toEqual([true, true, true]);
      expect(seen.texts[1]!.join(' ')).toContain('2. The quick brown fox');
      // Pages drawn are let go; the last is kept to the end.
      expect(seen.after.slice(0, 2)).toEqual([0, 0]);
      expect(seen.after[2]).toBeGreaterThan(0);
      // And every page has its words.
      const file = join(tempDir(), 'three.pdf');
      writeFileSync(file, bytes);
      const { pages: text } = await readPdf(file);
      for (let i = 0; i < 3; i++) expect(text[i]).toContain(`${i + 1}. The quick brown fox`);
    } finally {
      renderer.renderPages = wrapped;
    }
  });
});
