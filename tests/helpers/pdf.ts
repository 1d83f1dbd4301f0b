import { readFileSync } from 'node:fs';

/** The text of every page, the outline and the metadata of a PDF, read with pdfjs-dist. */
export async function readPdf(path: string) {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const bytes = new Uint8Array(readFileSync(path));
  const doc = await pdfjs.getDocument({ data: bytes.slice(), useSystemFonts: false, disableFontFace: true, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : ' ') : '')).join(''));
  }
  type Item = { title: string; items: Item[]; dest: string | unknown[] | null };
  const outline = ((await doc.getOutline()) ?? []) as Item[];
  const flat = (items: Item[]): string[] => items.flatMap((i) => [i.title, ...flat(i.items)]);
  /** Every bookmark with the page (1-based) it opens and the bookmarks above it. */
  const bookmarks: Array<{ title: string; page: number | null; path: string[] }> = [];
  const walk = async (items: Item[], path: string[]): Promise<void> => {
    for (const item of items) {
      const dest = typeof item.dest === 'string' ? await doc.getDestination(item.dest) : item.dest;
      const page = Array.isArray(dest) && dest[0] ? (await doc.getPageIndex(dest[0] as never)) + 1 : null;
      bookmarks.push({ title: item.title, page, path });
      await walk(item.items, [...path, item.title]);
    }
  };
  await walk(outline, []);
  const { info } = (await doc.getMetadata()) as unknown as { info: Record<string, string> };
  await doc.destroy();
  const raw = Buffer.from(bytes).toString('latin1');
  return { pages, text: pages.join('\n'), outline: flat(outline), topOutline: outline.map((i) => i.title), bookmarks, info, raw };
}
