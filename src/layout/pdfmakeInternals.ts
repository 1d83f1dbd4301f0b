import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The classes of pdfmake 0.3 whose methods the layout's hooks wrap (tagging, keep, watch, fallback, speed). */
export type PdfmakeClass = 'LayoutBuilder' | 'ElementWriter' | 'PageElementWriter' | 'Renderer' | 'StyleContextStack' | 'PDFDocument';

/**
 * One of pdfmake's classes, for a hook to wrap its methods (or, for a static one, the class's own).
 * pdfmake is pinned (see the README's dependency table); each hook still checks the methods it
 * needs are there.
 */
export function pdfmakeClass<T = Record<string, unknown>>(name: PdfmakeClass): T & { prototype: Record<string, unknown> } {
  const module = require(`pdfmake/js/${name}.js`) as { default?: T & { prototype?: Record<string, unknown> } };
  const cls = module.default;
  if (!cls?.prototype)
    throw new Error(`pdfmake no longer has its ${name} where boardpack's layout hooks expect it (pdfmake/js/${name}.js); update src/layout.`);
  return cls as T & { prototype: Record<string, unknown> };
}

/** The prototype of one of pdfmake's classes, for a hook to wrap its methods. */
export function pdfmakePrototype<T = Record<string, unknown>>(name: PdfmakeClass): T {
  return pdfmakeClass(name).prototype as T;
}
