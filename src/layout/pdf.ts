import { dirname, resolve, sep } from 'node:path';
import { FONTS_DIR, type TemplatePack } from '../narrate/pack.js';
import type { ChartDrawing } from '../chart/recordingContext.js';
import { useCharts } from './drawCharts.js';
import { FONT } from './theme.js';
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
  const { onChartFailure, ...doc } = definition as Record<string, unknown> & { onChartFailure?: (index: number, reason: string) => void };
  const p = pack.spec.palette;
  useCharts(chartAt, FONT, { label: pack.spec.words.labels.chartNotDrawn, frame: p.rule, text: p.muted, report: onChartFailure ?? (() => undefined) });
  const allowed = [pack.dir, FONTS_DIR, ...Object.values(pack.fontFiles).map((f) => dirname(f))].map((d) => resolve(d));
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path: string) => allowed.some((dir) => resolve(path) === dir || resolve(path).startsWith(dir + sep)));
  pdfmake.addFonts({
    [FONT]: { normal: pack.fontFiles.regular, bold: pack.fontFiles.bold, italics: pack.fontFiles.italics, bolditalics: pack.fontFiles.bolditalics },
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
  const bytes = (await pdfmake.createPdf(counted as never).getBuffer()) as Buffer;
  return { bytes, pages, cut };
}
