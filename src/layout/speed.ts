import { pdfmakeClass } from './pdfmakeInternals.js';

/**
 * pdfmake's style lookups, done the same way with less work (the PDF is the same byte for byte).
 * pdfmake resolves some twenty style properties for every word it measures, each by pushing the
 * word onto its style stack, walking the stack and popping it again. A word with no named style of
 * its own can only add its own properties, so the rest comes from the stack below it, which is the
 * same for every word of a text: remembered until the stack next changes.
 */
let installed = false;

export function speedUpLayout(): void {
  if (installed) return;
  memoStyles();
  installed = true;
}

interface Stack {
  getProperty(property: string): unknown;
  push(item: unknown): unknown;
  pop(howMany?: number): unknown;
  memo?: Map<string, unknown> | undefined;
}
type Lookup = (item: Record<string, unknown>, stack: Stack | undefined, property: string, defaultValue: unknown) => unknown;

const isValue = (v: unknown) => v !== null && v !== undefined;

function memoStyles(): void {
  const cls = pdfmakeClass<{ getStyleProperty?: Lookup }>('StyleContextStack');
  const proto = cls.prototype as unknown as Stack;
  const lookup = cls.getStyleProperty;
  if (typeof lookup !== 'function' || typeof proto.push !== 'function' || typeof proto.pop !== 'function' || typeof proto.getProperty !== 'function') {
    throw new Error('pdfmake no longer looks styles up where boardpack expects (StyleContextStack); update src/layout/speed.ts.');
  }
  const { push, pop } = proto;
  proto.push = function (this: Stack, item: unknown) {
    this.memo = undefined;
    return push.call(this, item);
  };
  proto.pop = function (this: Stack, howMany?: number) {
    this.memo = undefined;
    return pop.call(this, howMany);
  };
  cls.getStyleProperty = function (this: unknown, item, stack, property, defaultValue) {
    const own = item[property];
    if (isValue(own)) return own;
    // A named style of the item's own sits above it on the stack: looked up the long way.
    if (!stack || (typeof item === 'object' && item.style !== undefined)) return lookup.call(this, item, stack, property, defaultValue);
    const memo = (stack.memo ??= new Map());
    let value = memo.get(property);
    if (value === undefined && !memo.has(property)) {
      value = stack.getProperty(property);
      memo.set(property, value);
    }
    return isValue(value) ? value : defaultValue;
  };
}
