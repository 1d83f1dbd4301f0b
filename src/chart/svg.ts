import type { ChartDrawing, DrawOp, Paint } from './recordingContext.js';

export interface SvgOptions {
  /**
   * Font families for the chart's text: the pack's first, then its fallbacks' (a text op's
   * `fallback: n` is drawn in `families[n + 1]`). Each is written with a generic family after it,
   * for a reader without the font.
   */
  families: readonly string[];
  /** The chart's accessible name: its alternative text, as the PDF's Figure has it. */
  title: string;
  /** Makes the title's id unique where several charts share a page (`<prefix>-title`). */
  idPrefix?: string;
  /** Width and height as written on the element (default: the drawing's own, in points as CSS pixels). */
  size?: { width: string; height: string } | null;
  /** Where a chart could not be drawn: the label above its description (the pack's `labels.chartNotDrawn`). */
  notDrawnLabel?: string;
  /** Colours of the frame and text shown in its place. */
  notDrawnColours?: { frame: string; text: string };
}

/**
 * A drawing as SVG: the same operations the PDF draws (one source of truth for what a chart looks
 * like), text as text in the pack's fonts, named by its alternative text (`role="img"` with a
 * `<title>`), so a screen reader announces it once and does not read out its axis labels. A chart
 * that could not be drawn is a framed box with the label and its description, as on the page.
 */
export function drawingToSvg(drawing: ChartDrawing, options: SvgOptions): string {
  const id = `${options.idPrefix ?? 'chart'}-title`;
  const { width, height } = drawing;
  const size = options.size === undefined ? { width: String(width), height: String(height) } : options.size;
  const dims = size ? ` width="${attr(size.width)}" height="${attr(size.height)}"` : '';
  const family = (fallback?: number) => {
    const name = options.families[fallback === undefined ? 0 : fallback + 1] ?? options.families[0] ?? 'sans-serif';
    return attr(`'${name.replace(/'/g, '')}', sans-serif`);
  };
  const body = drawing.failure ? notDrawn(drawing, options, family) : drawing.ops.map((op) => opSvg(op, family)).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}"${dims} role="img" aria-labelledby="${attr(id)}"><title id="${attr(id)}">${text(options.title)}</title>${body}</svg>`;
}

function opSvg(op: DrawOp, family: (fallback?: number) => string): string {
  if (op.kind === 'text') {
    const place = op.matrix ? ` transform="matrix(${op.matrix.join(' ')})"` : '';
    return `<text${place} x="${op.x}" y="${op.y}" font-family="${family(op.fallback)}" font-size="${op.size}"${op.bold && op.fallback === undefined ? ' font-weight="bold"' : ''} ${paint('fill', op.fill)} aria-hidden="true">${text(op.text)}</text>`;
  }
  const fill = op.fill ? paint('fill', op.fill) : 'fill="none"';
  const s = op.stroke;
  const stroke = s
    ? ` ${paint('stroke', s)} stroke-width="${s.width}" stroke-linecap="${attr(s.cap)}" stroke-linejoin="${attr(s.join)}"${s.dash.length ? ` stroke-dasharray="${s.dash.join(' ')}"` : ''}`
    : '';
  return `<path d="${attr(op.d)}" ${fill}${stroke}/>`;
}

function notDrawn(drawing: ChartDrawing, options: SvgOptions, family: (fallback?: number) => string): string {
  const { width, height } = drawing;
  const colours = options.notDrawnColours ?? { frame: '#999999', text: '#555555' };
  const frame = `<path d="M0.5 0.5L${width - 0.5} 0.5L${width - 0.5} ${height - 0.5}L0.5 ${height - 0.5}Z" fill="none" stroke="${attr(colours.frame)}" stroke-width="0.8" stroke-dasharray="3 2"/>`;
  const label = `<text x="10" y="18" font-family="${family()}" font-size="8" font-weight="bold" fill="${attr(colours.text)}">${text(options.notDrawnLabel ?? 'Chart not drawn')}</text>`;
  const alt = `<text x="10" y="32" font-family="${family()}" font-size="7.5" fill="${attr(colours.text)}">${text(drawing.failure!.alt)}</text>`;
  return frame + label + alt;
}

const paint = (name: string, p: Paint) => (p.opacity < 1 ? `${name}="${attr(p.colour)}" ${name}-opacity="${p.opacity}"` : `${name}="${attr(p.colour)}"`);

/** Text content, escaped for XML and HTML alike. */
export const text = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An attribute value in double quotes, escaped for XML and HTML alike. */
export const attr = (s: string) => text(s).replace(/"/g, '&quot;');
