import { pdfmakePrototype } from './pdfmakeInternals.js';

/**
 * Keeping a block with what follows it, in one pass. An unbreakable node with `keepWithNext: h`
 * (a section's heading and introduction, a list's lead-in) is placed on the current page only if
 * `h` points are left below it for what comes next (a table's header and first rows, a first list
 * item); otherwise it starts the next page. pdfmake's own way, `pageBreakBefore`, lays the whole
 * document out again for every break it makes.
 *
 * It wraps LayoutBuilder.processNode and ElementWriter.addFragment, as pdfmake 0.3 has them; a
 * test checks that a heading never ends a page.
 */

interface Context {
  y: number;
  availableHeight: number;
  pageMargins: { top: number };
}

let keeping: number | null = null;
let installed = false;

export function keepWithNext(): void {
  if (installed) return;
  const builder = pdfmakePrototype('LayoutBuilder');
  const writer = pdfmakePrototype('ElementWriter');
  const processNode = builder.processNode as (this: unknown, node: Keep, ...rest: unknown[]) => unknown;
  const addFragment = writer.addFragment as (this: { context(): Context }, block: { height: number }, ...rest: unknown[]) => unknown;
  if (typeof processNode !== 'function' || typeof addFragment !== 'function') {
    throw new Error(
      'pdfmake no longer lays out blocks where boardpack expects (LayoutBuilder.processNode, ElementWriter.addFragment); update src/layout/keep.ts.',
    );
  }
  builder.processNode = function (this: unknown, node: Keep, ...rest: unknown[]) {
    if (!node || typeof node.keepWithNext !== 'number') return processNode.call(this, node, ...rest);
    const outer = keeping;
    keeping = node.keepWithNext;
    try {
      return processNode.call(this, node, ...rest);
    } finally {
      keeping = outer;
    }
  };
  writer.addFragment = function (this: { context(): Context }, block: { height: number }, ...rest: unknown[]) {
    const ctx = this.context();
    // Not where a page starts: there it goes, whatever follows.
    if (keeping !== null && ctx.y > ctx.pageMargins.top + 1 && block.height + keeping > ctx.availableHeight) return false;
    return addFragment.call(this, block, ...rest);
  };
  installed = true;
}

interface Keep {
  keepWithNext?: number;
}
