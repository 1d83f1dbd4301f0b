import { createRequire } from 'node:module';
import { pdfmakeClass } from './pdfmakeInternals.js';

/**
 * Hot paths of pdfmake and pdfkit, done the same way with less work: the PDF is the same byte for
 * byte (tests/layout/speed.test.ts checks the answers; the sample's bytes were compared).
 *
 * - Style lookups. pdfmake resolves some twenty style properties for every word it measures, each
 *   by pushing the word onto its style stack, walking the stack and popping it again. A word with
 *   no named style of its own can only add its own properties, so the rest comes from the stack
 *   below it, the same for every word of a text: remembered until the stack next changes.
 * - Content streams (batchedContent, below).
 */
let installed = false;

export function speedUpLayout(): void {
  if (installed) return;
  memoStyles();
  batchedContent();
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

interface Reference {
  buffer: Uint8Array[];
  data: { Length?: number; Filter?: string };
  compress: boolean;
  uncompressedLength: number;
  /** Text written since the last binary chunk, joined into one buffer when it is needed. */
  pending?: string[] | undefined;
  write(chunk: string | Uint8Array): void;
  finalize(): void;
}

/**
 * pdfkit writes a page's content one operator at a time, each made into a buffer of its own: tens
 * of thousands of tiny buffers on a long pack, and as many for the garbage collector. The same
 * text, in the same order, is kept as strings and made into one buffer when the object is written.
 */
function batchedContent(): void {
  const PDFDocument = createRequire(import.meta.url)('pdfkit') as { prototype: { ref?: (...args: unknown[]) => unknown } };
  const proto = PDFDocument.prototype;
  const ref = proto.ref;
  if (typeof ref !== 'function') throw new Error('pdfkit no longer makes objects where boardpack expects (PDFDocument.ref); update src/layout/speed.ts.');
  // pdfkit's PDFReference is not exported: its prototype is reached through the first one made.
  proto.ref = function (this: unknown, ...args: unknown[]) {
    const made = ref.apply(this, args) as Reference;
    const reference = Object.getPrototypeOf(made) as Reference;
    if (typeof reference.write !== 'function' || typeof reference.finalize !== 'function') {
      throw new Error('pdfkit no longer writes objects where boardpack expects (PDFReference.write, finalize); update src/layout/speed.ts.');
    }
    const finalize = reference.finalize;
    reference.write = function (this: Reference, chunk: string | Uint8Array) {
      let length: number;
      if (chunk instanceof Uint8Array) {
        flush(this);
        this.buffer.push(chunk);
        length = chunk.length;
      } else {
        const text = `${chunk}\n`;
        (this.pending ??= []).push(text);
        // Written as latin1, one byte per character, as pdfkit writes it.
        length = text.length;
      }
      this.uncompressedLength += length;
      this.data.Length = (this.data.Length ?? 0) + length;
      if (this.compress) this.data.Filter = 'FlateDecode';
    };
    reference.finalize = function (this: Reference) {
      flush(this);
      finalize.call(this);
    };
    proto.ref = ref;
    return made;
  };
}

function flush(reference: Reference): void {
  if (!reference.pending) return;
  reference.buffer.push(Buffer.from(reference.pending.join(''), 'latin1'));
  reference.pending = undefined;
}
