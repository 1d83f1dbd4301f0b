import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// Each by its own name, so that the bundle of the command line (scripts/bundle.mjs) holds the very
// modules pdfmake uses, and a hook wraps what pdfmake calls.
const MODULES = {
  LayoutBuilder: () => require('pdfmake/js/LayoutBuilder.js'),
  ElementWriter: () => require('pdfmake/js/ElementWriter.js'),
  PageElementWriter: () => require('pdfmake/js/PageElementWriter.js'),
  Renderer: () => require('pdfmake/js/Renderer.js'),
  StyleContextStack: () => require('pdfmake/js/StyleContextStack.js'),
  PDFDocument: () => require('pdfmake/js/PDFDocument.js'),
} as const;

/** The classes of pdfmake 0.3 whose methods the layout's hooks wrap (tagging, keep, watch, fallback, speed). */
export type PdfmakeClass = keyof typeof MODULES;

/** pdfkit's PDFDocument, as pdfmake has it. */
export const pdfkit = () => require('pdfkit') as { prototype: Record<string, unknown> };

/** pdfmake's SVG renderer module, whose default export a hook replaces. */
export const svgRendererModule = () => require('pdfmake/js/3rd-party/svg-to-pdfkit.js') as Record<string, unknown>;

/**
 * One of pdfmake's classes, for a hook to wrap its methods (or, for a static one, the class's own).
 * pdfmake is pinned (see the README's dependency table); each hook still checks the methods it
 * needs are there.
 */
export function pdfmakeClass<T = Record<string, unknown>>(name: PdfmakeClass): T & { prototype: Record<string, unknown> } {
  const module = MODULES[name]() as { default?: T & { prototype?: Record<string, unknown> } };
  const cls = module.default;
  if (!cls?.prototype)
    throw new Error(`pdfmake no longer has its ${name} where boardpack's layout hooks expect it (pdfmake/js/${name}.js); update src/layout.`);
  return cls as T & { prototype: Record<string, unknown> };
}

/** The prototype of one of pdfmake's classes, for a hook to wrap its methods. */
export function pdfmakePrototype<T = Record<string, unknown>>(name: PdfmakeClass): T {
  return pdfmakeClass(name).prototype as T;
}
