import { pdfmakePrototype } from './pdfmakeInternals.js';

/**
 * What became of the nodes the layout cares about, learnt while pdfmake lays them out. A node is
 * watched by giving it a `watch` key; a pass may copy nodes before pdfmake sees them, so the key,
 * not the object, names it.
 *
 * - `laidOut(key)`: the node as pdfmake laid it out, with the `positions` it recorded (the pages a
 *   flowing text ran on to, for the "continued" line in the page header).
 * - `cut`: the keys of nodes pdfmake could not wholly place. pdfmake has no multi-page unbreakable
 *   blocks: one taller than a page (a detail panel's head, a scorecard row) keeps what fits its first
 *   page and the rest is dropped without a word. While an outermost unbreakable block is laid out,
 *   the watched nodes in it are noted; if it is committed over more than one page, they are cut,
 *   so the build can refuse rather than lose them.
 *
 * It wraps LayoutBuilder.processNode and PageElementWriter's unbreakable blocks, as pdfmake 0.3
 * has them; tests check both still fire.
 */

interface Writer {
  transactionLevel: number;
  context(): { pages: unknown[] };
}
type Watched = { watch?: string; positions?: Array<{ pageNumber: number }> };

let inBlock: string[] | null = null;
let cut = new Set<string>();
let seen = new Map<string, Watched>();
let installed = false;

/** Starts a render: forgets the last one, installing the watch on first use. */
export function watchLayout(): { cut: ReadonlySet<string> } {
  cut = new Set();
  seen = new Map();
  inBlock = null;
  if (!installed) install();
  return { cut };
}

/** The watched node as pdfmake laid it out, once it has. */
export const laidOut = (key: string): Watched | undefined => seen.get(key);

function install(): void {
  const builder = pdfmakePrototype('LayoutBuilder');
  const writer = pdfmakePrototype('PageElementWriter');
  const processNode = builder.processNode;
  const begin = writer.beginUnbreakableBlock;
  const commit = writer.commitUnbreakableBlock;
  const addFragment = writer.addFragment;
  if (typeof processNode !== 'function' || typeof begin !== 'function' || typeof commit !== 'function' || typeof addFragment !== 'function') {
    throw new Error('pdfmake no longer lays out nodes where boardpack expects (LayoutBuilder.processNode, PageElementWriter); update src/layout/watch.ts.');
  }
  // The watched node that opens an unbreakable block is laid out just before the block begins.
  let opening: string | null = null;
  let committing: string[] | null = null;
  builder.processNode = function (this: unknown, node: Watched & { unbreakable?: boolean }, ...rest: unknown[]) {
    if (node?.watch !== undefined) {
      seen.set(node.watch, node);
      if (inBlock) inBlock.push(node.watch);
      else if (node.unbreakable) opening = node.watch;
    }
    return processNode.call(this, node, ...rest);
  };
  writer.beginUnbreakableBlock = function (this: Writer, ...args: unknown[]) {
    // Blocks in the flow only: headers, footers and backgrounds are placed at a size given (args).
    if (this.transactionLevel === 0 && args.length === 0) inBlock = opening === null ? [] : [opening];
    opening = null;
    return begin.apply(this, args);
  };
  writer.commitUnbreakableBlock = function (this: Writer, ...args: unknown[]) {
    if (this.transactionLevel !== 1 || inBlock === null || args.length > 0) return commit.apply(this, args);
    const keys = inBlock;
    inBlock = null;
    // Laid out over more than one page: only the first is kept.
    if (this.context().pages.length > 1) for (const key of keys) cut.add(key);
    committing = keys;
    try {
      return commit.apply(this, args);
    } finally {
      committing = null;
    }
  };
  // Taller than an empty page: pdfmake tries it on this page and the next, then leaves it out.
  writer.addFragment = function (this: Writer, ...args: unknown[]) {
    const placed = addFragment.apply(this, args);
    if (!placed && committing) for (const key of committing) cut.add(key);
    return placed;
  };
  installed = true;
}
