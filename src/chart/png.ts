import { createRequire } from 'node:module';
import type { Chart as ChartType, ChartConfiguration, Plugin } from 'chart.js';
import { BoardpackError } from '../errors.js';
import type { ChartSpec } from './builders.js';
import { drawFigures, refuseExtreme } from './render.js';
import { tickLabel } from './ticks.js';

/**
 * What boardpack uses of chartjs-node-canvas, written out here rather than imported, so that the
 * code type-checks (and the default install works) without the optional peer installed.
 */
export interface ChartJSNodeCanvasLike {
  registerFont(path: string, options: { family: string; weight?: string; style?: string }): void;
  renderToBuffer(configuration: ChartConfiguration, mimeType?: 'image/png'): Promise<Buffer>;
}
export interface PngModule {
  ChartJSNodeCanvas: new (options: {
    width: number;
    height: number;
    backgroundColour?: string;
    chartCallback?: (chartJs: typeof ChartType) => void;
  }) => ChartJSNodeCanvasLike;
}
/** Loads chartjs-node-canvas and its canvas module; throws what Node threw when either cannot be loaded. */
export type LoadPng = () => Promise<PngModule>;

/**
 * chartjs-node-canvas and canvas are optional peers, required at run time by name (never bundled:
 * scripts/bundle.mjs marks them external), so only `charts --format png` needs them. canvas is
 * required here too, from where chartjs-node-canvas would find it: it loads canvas only when a
 * chart is made, and a missing or broken native module is better found before any work.
 */
export const loadChartjsNodeCanvas: LoadPng = async () => {
  const requireHere = createRequire(import.meta.url);
  const mod = requireHere('chartjs-node-canvas') as PngModule;
  createRequire(requireHere.resolve('chartjs-node-canvas'))('canvas');
  return mod;
};

/** The packages to install, and the system libraries canvas builds against where no prebuilt binary can be downloaded. */
export const PNG_INSTALL =
  'Install them in the boardpack folder with `npm install --save-optional chartjs-node-canvas canvas` (in a project that depends on boardpack, `npm install chartjs-node-canvas canvas` there). ' +
  'canvas downloads a prebuilt binary for your platform; where it cannot (no access to GitHub, or no binary for your system or Node.js version) it is built from source, which needs a C++ compiler, cairo and pango first: ' +
  'Debian/Ubuntu `sudo apt-get install build-essential libcairo2-dev libpango1.0-dev libjpeg-dev libgif-dev librsvg2-dev pkg-config`; ' +
  'Fedora `sudo dnf install gcc-c++ cairo-devel pango-devel libjpeg-turbo-devel giflib-devel librsvg2-devel`; ' +
  'macOS `brew install pkg-config cairo pango libpng jpeg giflib librsvg`; ' +
  "Windows: the prebuilt binary normally installs; to build it, follow node-canvas's 'Installation: Windows' guide (GTK and libjpeg-turbo). " +
  'Or write the charts as SVG (--format svg), which needs nothing more.';

/** Loads the PNG renderer, or says in one paragraph why it cannot and what to install (exit 2). */
export async function loadPngRenderer(load: LoadPng): Promise<PngModule> {
  try {
    return await load();
  } catch (e) {
    const missing = missingModule(e);
    const message =
      missing === 'chartjs-node-canvas'
        ? 'PNG charts are drawn by chartjs-node-canvas, which is not installed: boardpack leaves it out of the default install because it needs the native canvas module.'
        : missing === 'canvas'
          ? 'PNG charts are drawn by chartjs-node-canvas, which is installed, but the native canvas module it draws with is not.'
          : `PNG charts are drawn by chartjs-node-canvas, but it could not be loaded: ${firstLine(e)} (a canvas module built for another Node.js version or system, or cairo's libraries missing at run time, is reinstalled with the command below).`;
    throw new BoardpackError('png-renderer-missing', message, { at: '--format png', hint: PNG_INSTALL, cause: e });
  }
}

/** The package a MODULE_NOT_FOUND error is about, if it is one of the two. */
function missingModule(e: unknown): 'chartjs-node-canvas' | 'canvas' | null {
  if ((e as NodeJS.ErrnoException | null)?.code !== 'MODULE_NOT_FOUND') return null;
  const text = e instanceof Error ? e.message : String(e);
  if (/'chartjs-node-canvas'/.test(text)) return 'chartjs-node-canvas';
  if (/'canvas'/.test(text)) return 'canvas';
  return null;
}

const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0]!.trim();

export interface PngFonts {
  /** The family name the chart configurations use (the pack's). */
  family: string;
  regular: string;
  bold: string;
  /** The pack's `fonts.fallback`, registered under names of their own and named after the pack's font. */
  fallbacks: readonly string[];
}

/**
 * Draws chart specs as PNG with chartjs-node-canvas, from the same Chart.js configurations the PDF's
 * charts are drawn from, at `scale` pixels per point (Chart.js's devicePixelRatio), in the pack's
 * font (registered with canvas), with boardpack's own figures row under the axis.
 */
export class PngRenderer {
  private readonly canvases = new Map<string, ChartJSNodeCanvasLike>();
  private readonly familyList: string;

  constructor(
    private readonly mod: PngModule,
    private readonly fonts: PngFonts,
    private readonly scale: number,
  ) {
    const fallbackNames = fonts.fallbacks.map((_, i) => `${fonts.family} Fallback ${i + 1}`);
    // Pango picks each character's font from the list in turn, as the PDF's font chain does.
    this.familyList = [fonts.family, ...fallbackNames].map((f) => `"${f}"`).join(', ');
    this.familyList += ', sans-serif';
  }

  /** Width and height of the PNG in pixels: the chart's size in points, rounded, times the scale. */
  size(spec: ChartSpec): { width: number; height: number } {
    return { width: Math.floor(Math.round(spec.width) * this.scale), height: Math.floor(Math.round(spec.height) * this.scale) };
  }

  async render(spec: ChartSpec): Promise<Buffer> {
    refuseExtreme(spec);
    const width = Math.round(spec.width);
    const height = Math.round(spec.height);
    const key = `${width}x${height}`;
    let canvas = this.canvases.get(key);
    if (!canvas) {
      canvas = new this.mod.ChartJSNodeCanvas({
        width,
        height,
        // White, as on the page: a transparent chart pasted on a dark slide loses its text.
        backgroundColour: '#ffffff',
        chartCallback: (Chart) => {
          Chart.defaults.font.family = this.familyList;
          Chart.defaults.plugins.legend.labels.filter = (item) => item.text !== '' && item.text !== undefined;
          Chart.defaults.scales.linear.ticks.callback = tickLabel;
        },
      });
      this.register(canvas);
      this.canvases.set(key, canvas);
    }
    const config = withFamily(structuredClone(spec.config), this.fonts.family, this.familyList);
    config.options = { ...config.options, devicePixelRatio: this.scale };
    if (spec.figures) {
      const figures: Plugin = { id: 'boardpackFigures', afterDraw: (chart) => drawFigures(chart.ctx, chart, spec) };
      config.plugins = [...(config.plugins ?? []), figures];
    }
    return canvas.renderToBuffer(config, 'image/png');
  }

  private registered = false;
  /** canvas's fonts are the process's: registered once, before the first canvas is made. */
  private register(canvas: ChartJSNodeCanvasLike): void {
    if (this.registered) return;
    this.registered = true;
    canvas.registerFont(this.fonts.regular, { family: this.fonts.family });
    canvas.registerFont(this.fonts.bold, { family: this.fonts.family, weight: 'bold' });
    for (const [i, file] of this.fonts.fallbacks.entries()) canvas.registerFont(file, { family: `${this.fonts.family} Fallback ${i + 1}` });
  }
}

/** The configuration with every font family that names the pack's font replaced by the list with its fallbacks. */
function withFamily(config: ChartConfiguration, family: string, list: string): ChartConfiguration {
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) for (const x of v) walk(x);
    else if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      for (const [k, x] of Object.entries(o)) {
        if (k === 'family' && x === family) o[k] = list;
        else walk(x);
      }
    }
  };
  walk(config.options);
  return config;
}
