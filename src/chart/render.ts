import type { Chart as ChartType } from 'chart.js';
import type { ChartSpec } from './builders.js';
import { FontChain, loadTextEngines, openFont, visualOrder } from './fontChain.js';
import { type ChartDrawing, type FontMetrics, RecordingContext, drawingProblem } from './recordingContext.js';
import { tickLabel } from './ticks.js';

type ChartModule = typeof import('chart.js');

let chartjs: ChartModule | undefined;
const metricsByFile = new Map<string, FontMetrics>();

/**
 * Draws chart configurations with Chart.js onto a recording context, measuring text with the
 * pack's own font so charts and text match. Chart.js and the font load once per process (or worker).
 */
export class ChartRenderer {
  private constructor(
    private readonly Chart: typeof ChartType,
    private readonly metrics: FontMetrics,
  ) {}

  /** `fallbackFiles`: the pack's `fonts.fallback`, for chart text its font lacks (titles, labels and legends in other scripts). */
  static async create(fontFile: string, family: string, fallbackFiles: readonly string[] = []): Promise<ChartRenderer> {
    chartjs ??= await import('chart.js');
    const { Chart, LineController, LineElement, PointElement, BarController, BarElement, LinearScale, CategoryScale, Legend, Filler } = chartjs;
    Chart.register(LineController, LineElement, PointElement, BarController, BarElement, LinearScale, CategoryScale, Legend, Filler);
    Chart.defaults.font.family = family;
    Chart.defaults.plugins.legend.labels.filter = (item) => item.text !== '' && item.text !== undefined;
    // Value axes are labelled by us (a function cannot travel in a spec to a worker, a default can).
    Chart.defaults.scales.linear.ticks.callback = tickLabel;
    return new ChartRenderer(Chart, await fontMetrics(fontFile, fallbackFiles));
  }

  /** One chart per kind and size, drawn again with each new configuration (see render). */
  private readonly charts = new Map<string, { chart: ChartType; ctx: RecordingContext }>();

  /**
   * Throws when Chart.js fails, or draws something that cannot go on a page (see drawingProblem).
   * Building a Chart.js chart (its options merged, scales and plugins set up) costs more than
   * drawing it, so one chart per kind and size is kept and given each new configuration: the same
   * drawing as a new chart's, as a test checks.
   */
  render(spec: ChartSpec): ChartDrawing {
    refuseExtreme(spec);
    const key = `${spec.config.type}|${spec.width}|${spec.height}`;
    const config = structuredClone(spec.config);
    let kept = this.charts.get(key);
    try {
      if (kept) {
        kept.chart.config.data = config.data;
        kept.chart.options = config.options as never;
        kept.chart.update();
      } else {
        kept = this.create(spec, config);
        this.charts.set(key, kept);
      }
      if (spec.figures) drawFigures(kept.ctx, kept.chart, spec);
    } catch (e) {
      // A chart Chart.js failed on is not drawn on again.
      this.charts.delete(key);
      kept?.chart.destroy();
      throw e;
    }
    const drawing = kept.ctx.take();
    const problem = drawingProblem(drawing);
    if (problem) throw new Error(problem);
    return drawing;
  }

  private create(spec: ChartSpec, config: ChartSpec['config']): { chart: ChartType; ctx: RecordingContext } {
    const canvas = { width: spec.width, height: spec.height, style: {} as Record<string, string> };
    const ctx = new RecordingContext(canvas, this.metrics);
    const target = Object.assign(canvas, { getContext: () => ctx });
    try {
      return { chart: new this.Chart(target as never, config), ctx };
    } catch (e) {
      // Chart.js has registered the chart by the time its constructor throws.
      this.Chart.getChart(target as never)?.destroy();
      throw e;
    }
  }
}

/**
 * Glyph advances and vertical metrics of the pack's font, cached per text. With fallback fonts,
 * text the pack's font cannot draw alone is cut into runs by the same chain as the page's text
 * (see fontChain.ts), each measured in its own font.
 */
async function fontMetrics(file: string, fallbacks: readonly string[]): Promise<FontMetrics> {
  const key = [file, ...fallbacks].join('\n');
  const cached = metricsByFile.get(key);
  if (cached) return cached;
  await loadTextEngines();
  const font = openFont(file);
  const chain = fallbacks.length > 0 ? new FontChain([file], fallbacks) : null;
  const widths = new Map<string, number>();
  const plainWidth = (text: string) => font.layout(text).advanceWidth / font.unitsPerEm;
  type Run = { text: string; fallback: number | null; width: number; offset: number };
  const runsOf = new Map<string, Run[]>();
  const runs = (text: string) => {
    let out = runsOf.get(text);
    if (!out) {
      if (!chain || chain.plain(text)) out = [{ text, fallback: null, width: plainWidth(text), offset: 0 }];
      else {
        const cut = chain.runs(text);
        const placed: Run[] = cut.map((r) => {
          const f = chain.font(r.font);
          return { text: r.text, fallback: r.font === 0 ? null : r.font - 1, width: f.layout(r.text).advanceWidth / f.unitsPerEm, offset: 0 };
        });
        // Placed in visual order, kept in reading order.
        let offset = 0;
        for (const k of visualOrder(
          cut.map((_, k) => k),
          (k) => cut[k]!.level,
        )) {
          placed[k]!.offset = offset;
          offset += placed[k]!.width;
        }
        out = placed;
      }
      runsOf.set(text, out);
    }
    return out;
  };
  const metrics: FontMetrics = {
    width(text) {
      let w = widths.get(text);
      if (w === undefined) {
        w = chain ? runs(text).reduce((sum, r) => sum + r.width, 0) : plainWidth(text);
        widths.set(text, w);
      }
      return w;
    },
    ...(chain ? { runs } : {}),
    ascent: font.ascent / font.unitsPerEm,
    descent: Math.abs(font.descent) / font.unitsPerEm,
  };
  metricsByFile.set(key, metrics);
  return metrics;
}

/** What drawFigures draws with: the recording context (the PDF and SVG) or canvas's (PNG). */
interface FiguresContext {
  save(): void;
  restore(): void;
  fillText(text: string, x: number, y: number): void;
  font: string;
  textAlign: string;
  textBaseline: string;
  fillStyle: unknown;
}

/**
 * Each period's figure under its tick label: the numbers behind the line, in the same column.
 * Drawn by boardpack, not Chart.js, for every output: the recording context here, a plugin for PNG.
 */
export function drawFigures(ctx: FiguresContext, chart: ChartType, spec: ChartSpec): void {
  const x = chart.scales.x;
  if (!x) return;
  const size = (chart.options.scales?.x?.ticks as { font?: { size?: number } } | undefined)?.font?.size ?? 7;
  // The chart's own family (the recording context draws in the pack's font whatever it is told).
  const family = (chart.options as { font?: { family?: string } }).font?.family ?? 'sans-serif';
  ctx.save();
  ctx.font = `${size}px ${family}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';
  const y = spec.height - 3;
  spec.figures!.forEach((f, i) => {
    ctx.fillStyle = f.colour;
    ctx.fillText(f.text, x.getPixelForValue(i), y);
  });
  ctx.restore();
}

/** Past this, Chart.js's tick arithmetic never ends (an axis from 2 to 1e308 runs out of memory). */
const PLOTTABLE = 1e100;

/** Chart.js spends without end on an axis from 2 to 1e308: such a chart is not drawn, and said so (for every renderer). */
export function refuseExtreme(spec: ChartSpec): void {
  const extreme = extremeFigure(spec);
  if (extreme !== null) throw new Error(`the values are too large, too small or too far apart to plot (${extreme})`);
}

/** The first figure in a chart's data or axis settings that no axis can show, or null. */
function extremeFigure(spec: ChartSpec): number | null {
  const seen: number[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'number') seen.push(v);
    else if (Array.isArray(v)) for (const x of v) walk(x);
    else if (v !== null && typeof v === 'object')
      for (const [k, x] of Object.entries(v))
        if (k === 'data' || k === 'datasets' || k === 'y' || k === 'min' || k === 'max' || k === 'scales' || k === 'suggestedMin' || k === 'suggestedMax')
          walk(x);
  };
  walk(spec.config.data);
  walk((spec.config.options as { scales?: unknown } | undefined)?.scales);
  return seen.find((n) => !Number.isFinite(n) || Math.abs(n) > PLOTTABLE) ?? null;
}
