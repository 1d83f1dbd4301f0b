import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { joinWords, speedUpLayout } from '../../src/layout/speed.js';

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
