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
  type Item = { title: string; items: Item[] };
  const outline = ((await doc.getOutline()) ?? []) as Item[];
  const flat = (items: Item[]): string[] => items.flatMap((i) => [i.title, ...flat(i.items)]);
  const { info } = (await doc.getMetadata()) as unknown as { info: Record<string, string> };
  await doc.destroy();
  const raw = Buffer.from(bytes).toString('latin1');
  return { pages, text: pages.join('\n'), outline: flat(outline), topOutline: outline.map((i) => i.title), info, raw };
}
