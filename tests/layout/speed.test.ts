import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { speedUpLayout } from '../../src/layout/speed.js';

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
