import type { ChartDrawing } from '../chart/recordingContext.js';
import { relieveMemory } from './memory.js';
import { svgRendererModule } from './pdfmakeInternals.js';

/**
 * Draws recorded charts straight onto pdfkit's page. pdfmake sees each chart as a tiny placeholder
 * SVG (`<svg width height data-chart="n"/>`, cheap to measure); when it renders one, this draws the
 * chart's paths and text with pdfkit's own path and text calls. That skips building and parsing an
 * SVG document per chart, which was most of the time charts cost in the PDF. Any other SVG goes to
 * pdfmake's own SVG renderer. Being called all through rendering, it also lets memory be relieved.
 */

interface PdfKitDoc {
  save(): PdfKitDoc;
  restore(): PdfKitDoc;
  translate(x: number, y: number): PdfKitDoc;
  transform(a: number, b: number, c: number, d: number, e: number, f: number): PdfKitDoc;
  path(d: string): PdfKitDoc;
  fillColor(c: string, o?: number): PdfKitDoc;
  strokeColor(c: string, o?: number): PdfKitDoc;
  lineWidth(w: number): PdfKitDoc;
  lineCap(c: string): PdfKitDoc;
  lineJoin(j: string): PdfKitDoc;
  dash(d: number[]): PdfKitDoc;
  undash(): PdfKitDoc;
  fill(): PdfKitDoc;
  stroke(): PdfKitDoc;
  fillAndStroke(): PdfKitDoc;
  font(file: string): PdfKitDoc;
  fontSize(s: number): PdfKitDoc;
  text(t: string, x: number, y: number, o: object): PdfKitDoc;
  text(t: string, o: object): PdfKitDoc;
}

type SvgRenderer = (
  doc: PdfKitDoc,
  svg: unknown,
  x: number,
  y: number,
  options: { fontCallback?: (family: string, bold: boolean, italic: boolean) => string },
) => void;

const PLACEHOLDER = /^<svg [^>]*data-chart="(\d+)"/;

/** What a chart that could not be drawn looks like in its place, and who hears of it. */
export interface NotDrawn {
  /** The heading of the box drawn instead (the pack's `chartNotDrawn` label); the chart's description follows. */
  label: string;
  frame: string;
  text: string;
  /** Told once per chart, with the reason, so the build can report it. */
  report: (index: number, reason: string) => void;
  /** The description cut into runs per font (0: the pack's, n: fallback n), in reading order; absent, all in the pack's. */
  runs?: (text: string) => Array<{ text: string; font: number }>;
}

let chartAt: (index: number) => ChartDrawing | undefined = () => undefined;
let families: readonly string[] = [];
const NOT_DRAWN: NotDrawn = { label: 'Chart not available', frame: '#C9D1DA', text: '#5B6673', report: () => undefined };
let notDrawn = NOT_DRAWN;
let reported = new Set<number>();
let installed = false;

export const chartPlaceholder = (index: number, width: number, height: number): string =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" data-chart="${index}"></svg>`;

/**
 * Sets where placeholders' charts come from, in which font families (the pack's, then its
 * fallbacks', as the chart text's runs number them), and how failed ones show, installing the
 * drawer on first use.
 */
export function useCharts(source: (index: number) => ChartDrawing | undefined, family: string | readonly string[], failed?: NotDrawn): void {
  chartAt = source;
  families = typeof family === 'string' ? [family] : family;
  notDrawn = failed ?? NOT_DRAWN;
  reported = new Set();
  if (installed) return;
  const module = svgRendererModule() as { default?: SvgRenderer };
  const original = module.default;
  if (typeof original !== 'function') {
    throw new Error(
      'pdfmake no longer exposes its SVG renderer where boardpack expects it (pdfmake/js/3rd-party/svg-to-pdfkit.js); update src/layout/drawCharts.ts for this pdfmake version.',
    );
  }
  module.default = (doc, svg, x, y, options) => {
    relieveMemory();
    const match = typeof svg === 'string' ? PLACEHOLDER.exec(svg) : null;
    const drawing = match ? chartAt(Number(match[1])) : undefined;
    if (!drawing) return original(doc, svg, x, y, options);
    // A fallback draws in its regular face; a run naming a font the pack no longer has falls back to the pack's.
    const font = (bold: boolean, fallback?: number) => {
      const name = fallback === undefined ? undefined : families[fallback + 1];
      return name ? options.fontCallback!(name, false, false) : options.fontCallback!(families[0]!, bold, false);
    };
    if (!drawing.failure) return draw(doc, drawing, x, y, font);
    const index = Number(match![1]);
    if (!reported.has(index)) {
      reported.add(index);
      notDrawn.report(index, drawing.failure.reason);
    }
    drawNotDrawn(doc, drawing, x, y, font);
  };
  installed = true;
}

function draw(doc: PdfKitDoc, drawing: ChartDrawing, x: number, y: number, font: (bold: boolean, fallback?: number) => string): void {
  doc.save().translate(x, y);
  for (const op of drawing.ops) {
    if (op.kind === 'text') {
      doc.save();
      if (op.matrix) doc.transform(...op.matrix);
      doc.font(font(op.bold, op.fallback)).fontSize(op.size).fillColor(op.fill.colour, op.fill.opacity);
      doc.text(op.text, op.x, op.y, { lineBreak: false, baseline: 'alphabetic' });
      doc.restore();
      continue;
    }
    doc.path(op.d);
    if (op.fill) doc.fillColor(op.fill.colour, op.fill.opacity);
    if (op.stroke) {
      doc.strokeColor(op.stroke.colour, op.stroke.opacity).lineWidth(op.stroke.width).lineCap(op.stroke.cap).lineJoin(op.stroke.join);
      if (op.stroke.dash.length > 0) doc.dash(op.stroke.dash);
      else doc.undash();
    }
    if (op.fill && op.stroke) doc.fillAndStroke();
    else if (op.fill) doc.fill();
    else doc.stroke();
  }
  doc.restore();
}

/** In a failed chart's place: a quiet frame, the pack's label and the chart's description, so nothing is lost. */
function drawNotDrawn(doc: PdfKitDoc, drawing: ChartDrawing, x: number, y: number, font: (bold: boolean, fallback?: number) => string): void {
  const { width, height } = drawing;
  const pad = 10;
  doc.save().translate(x, y);
  doc
    .path(`M0.5 0.5L${width - 0.5} 0.5L${width - 0.5} ${height - 0.5}L0.5 ${height - 0.5}Z`)
    .strokeColor(notDrawn.frame)
    .lineWidth(0.8)
    .dash([3, 2])
    .stroke()
    .undash();
  doc
    .font(font(true))
    .fontSize(8)
    .fillColor(notDrawn.text)
    .text(notDrawn.label, pad, pad, { width: width - 2 * pad, lineBreak: false, ellipsis: true });
  const box = { width: width - 2 * pad, height: Math.max(10, height - 2 * pad - 14), ellipsis: true };
  const runs = notDrawn.runs?.(drawing.failure!.alt) ?? [];
  if (runs.length <= 1 && (runs[0]?.font ?? 0) === 0)
    doc
      .font(font(false))
      .fontSize(7.5)
      .text(drawing.failure!.alt, pad, pad + 14, box);
  // A description with characters the pack's font lacks (a benchmark named in Arabic, say) flows
  // on run by run, each in a font that has it. It wraps in pdfkit, line by line in logical order.
  else
    runs.forEach((run, i) => {
      doc.font(run.font === 0 ? font(false) : font(false, run.font - 1)).fontSize(7.5);
      const options = { ...box, continued: i < runs.length - 1 };
      if (i === 0) doc.text(run.text, pad, pad + 14, options);
      else doc.text(run.text, options);
    });
  doc.restore();
}
