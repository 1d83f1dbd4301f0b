import { dirname, resolve, sep } from 'node:path';
import { FONTS_DIR, type TemplatePack } from '../narrate/pack.js';
import { FontChain, loadTextEngines } from '../chart/fontChain.js';
import type { ChartDrawing } from '../chart/recordingContext.js';
import { useCharts } from './drawCharts.js';
import { orderLines, withFallbacks } from './fallback.js';
import { FONT } from './theme.js';
import { keepWithNext } from './keep.js';
import { relieveWhileLayingOut } from './memory.js';
import { speedUpLayout } from './speed.js';
import { tagNextDocument } from './tagging.js';
import { watchLayout } from './watch.js';

type PdfMake = typeof import('pdfmake');
let pdfmake: PdfMake | undefined;

/**
 * Renders a document definition with pdfmake. No URL is ever fetched, and only the template pack's
 * folder and the bundled fonts may be read from disk, so a pack cannot reach anything else. A chart
 * that could not be drawn is shown as a labelled box with its description, and passed to the
 * document's `onChartFailure` (see layoutPack), which pdfmake itself never sees.
 */
export async function renderPdf(
  definition: Record<string, unknown>,
  pack: TemplatePack,
  chartAt: (index: number) => ChartDrawing | undefined = () => undefined,
): Promise<{ bytes: Buffer; pages: number; cut: ReadonlySet<string> }> {
  pdfmake ??= ((await import('pdfmake')) as unknown as { default: PdfMake }).default;
  await loadTextEngines();
  const { onChartFailure, ...written } = definition as Record<string, unknown> & { onChartFailure?: (index: number, reason: string) => void };
  const { regular, bold, italics, bolditalics } = pack.fontFiles;
  // Each fallback is a family of its own, its regular face standing in for bold and italic.
  const families = [FONT, ...pack.fallbackFonts.map((_, i) => `${FONT}-fallback-${i + 1}`)];
  const chain = new FontChain([regular, bold, italics, bolditalics], pack.fallbackFonts);
  const doc = withFallbacks(written, chain, families);
  orderLines();
  const p = pack.spec.palette;
  useCharts(chartAt, families, {
    label: pack.spec.words.labels.chartNotDrawn,
    frame: p.rule,
    text: p.muted,
    report: onChartFailure ?? (() => undefined),
    runs: (text) => (chain.plain(text) ? [{ text, font: 0 }] : byFont(chain.runs(text))),
  });
  const allowed = [pack.dir, FONTS_DIR, ...[...Object.values(pack.fontFiles), ...pack.fallbackFonts].map((f) => dirname(f))].map((d) => resolve(d));
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path: string) => allowed.some((dir) => resolve(path) === dir || resolve(path).startsWith(dir + sep)));
  // pdfkit embeds a font only once text is drawn in it, and only the glyphs drawn: a fallback no
  // text needs costs nothing.
  pdfmake.addFonts({
    [FONT]: { normal: regular, bold, italics, bolditalics },
    ...Object.fromEntries(pack.fallbackFonts.map((file, i) => [families[i + 1]!, { normal: file, bold: file, italics: file, bolditalics: file }])),
  });
  let pages = 0;
  const footer = doc.footer as ((page: number, count: number) => unknown) | undefined;
  const counted = {
    ...doc,
    footer: (page: number, count: number) => {
      pages = count;
      return footer ? footer(page, count) : null;
    },
  };
  const { cut } = watchLayout();
  tagNextDocument();
  keepWithNext();
  speedUpLayout();
  relieveWhileLayingOut();
  const bytes = (await pdfmake.createPdf(counted as never).getBuffer()) as Buffer;
  return { bytes, pages, cut };
}

/** Runs in logical order with neighbours in the same font joined. */
const byFont = (runs: ReadonlyArray<{ text: string; font: number }>) =>
  runs.reduce<Array<{ text: string; font: number }>>((out, r) => {
    const last = out.at(-1);
    if (last?.font === r.font) last.text += r.text;
    else out.push({ text: r.text, font: r.font });
    return out;
  }, []);
