import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The classes of pdfmake 0.3 whose methods the layout's hooks wrap (tagging, keep, watch, fallback). */
export type PdfmakeClass = 'LayoutBuilder' | 'ElementWriter' | 'PageElementWriter' | 'Renderer';

/**
 * The prototype of one of pdfmake's classes, for a hook to wrap its methods. pdfmake is pinned
 * (see the README's dependency table); each hook still checks the methods it needs are there.
 */
export function pdfmakePrototype<T = Record<string, unknown>>(name: PdfmakeClass): T {
  const module = require(`pdfmake/js/${name}.js`) as { default?: { prototype?: T } };
  const proto = module.default?.prototype;
  if (!proto) throw new Error(`pdfmake no longer has its ${name} where boardpack's layout hooks expect it (pdfmake/js/${name}.js); update src/layout.`);
  return proto;
}
