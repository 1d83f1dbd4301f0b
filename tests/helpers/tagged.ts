import { readFileSync } from 'node:fs';

type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
export interface StructNode {
  role?: string;
  alt?: string;
  type?: string;
  children?: StructNode[];
}

/** Every page's structure tree and operators, read back with pdfjs-dist. */
export async function readTagged(path: string) {
  const pdfjs: Pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(path)), useSystemFonts: false, disableFontFace: true, isEvalSupported: false })
    .promise;
  const trees: StructNode[] = [];
  /** Internal links: the page each is on (1-based), and the page its destination opens. */
  const links: Array<{ page: number; dest: string; opens: number | null }> = [];
  const texts: string[] = [];
  const unmarked: string[] = [];
  const { OPS } = pdfjs;
  const paint = new Set<number>([
    OPS.stroke,
    OPS.closeStroke,
    OPS.fill,
    OPS.eoFill,
    OPS.fillStroke,
    OPS.eoFillStroke,
    OPS.closeFillStroke,
    OPS.closeEOFillStroke,
    OPS.showText,
    OPS.showSpacedText,
    OPS.nextLineShowText,
    OPS.nextLineSetSpacingShowText,
    OPS.paintImageXObject,
    OPS.paintInlineImageXObject,
    OPS.paintImageMaskXObject,
    OPS.paintFormXObjectBegin,
    OPS.shadingFill,
  ]);
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    trees.push((await page.getStructTree()) as StructNode);
    texts.push((await page.getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' '));
    for (const a of (await page.getAnnotations()) as Array<{ subtype: string; dest?: unknown }>) {
      if (a.subtype !== 'Link' || typeof a.dest !== 'string') continue;
      const target = await doc.getDestination(a.dest);
      links.push({ page: n, dest: a.dest, opens: target?.[0] ? (await doc.getPageIndex(target[0] as never)) + 1 : null });
    }
    const ops = await page.getOperatorList();
    let depth = 0;
    ops.fnArray.forEach((fn, i) => {
      if (fn === OPS.beginMarkedContent || fn === OPS.beginMarkedContentProps) depth++;
      else if (fn === OPS.endMarkedContent) depth--;
      // pdfjs folds a path and the operator that paints it into one constructPath.
      const painted = fn === OPS.constructPath ? (ops.argsArray[i] as [number])[0] : fn;
      if (paint.has(painted) && depth === 0) unmarked.push(`page ${n}: operator ${painted}`);
    });
  }
  const { info, metadata } = (await doc.getMetadata()) as unknown as { info: Record<string, unknown>; metadata: { get(key: string): unknown } | null };
  const pdfua = metadata?.get('pdfuaid:part') ?? null;
  const preferences = await doc.getViewerPreferences();
  const markInfo = await doc.getMarkInfo();
  await doc.destroy();
  const all = (node: StructNode): StructNode[] => [node, ...(node.children ?? []).flatMap(all)];
  const nodes = trees.flatMap(all);
  return { pdfua, trees, texts, links, nodes, roles: new Set(nodes.map((n) => n.role).filter(Boolean)), unmarked, info, preferences, markInfo };
}
