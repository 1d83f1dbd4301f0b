/**
 * A CanvasRenderingContext2D that rasterises nothing: it records what Chart.js draws as vector
 * operations in points. Text stays text in the document's font (measured with that font's own
 * metrics), so charts are sharp at any zoom, small, and match the pack's type. It implements what
 * Chart.js's line and bar charts use; anything else is a harmless no-op.
 */

/** One thing a chart draws: a path with its paint, or a line of text. Plain data, so it can cross threads. */
export type DrawOp =
  | { kind: 'path'; d: string; fill: Paint | null; stroke: (Paint & { width: number; dash: number[]; cap: string; join: string }) | null }
  | {
      kind: 'text';
      text: string;
      x: number;
      y: number;
      size: number;
      bold: boolean;
      fill: Paint;
      matrix: Matrix | null;
      /** Set when the run is in a fallback font (`fonts.fallback[n]`), not the pack's; drawn in its regular face. */
      fallback?: number;
    };

export interface Paint {
  colour: string;
  opacity: number;
}

/** A drawn chart: its size in points and what to draw, in order. */
export interface ChartDrawing {
  width: number;
  height: number;
  ops: DrawOp[];
  /** Set (and `ops` empty) when the chart could not be drawn: why, and its description to show instead. */
  failure?: { reason: string; alt: string };
}

export interface FontMetrics {
  /** Advance width of `text` at 1pt, in points. */
  width(text: string): number;
  /**
   * `text` as runs in reading order, each in one font (null: the pack's; n: fallback n) with its
   * advance and its place from the text's left edge (right-to-left runs are placed from the right),
   * at 1pt. Absent, or one run, when the pack's font draws it all left to right.
   */
  runs?(text: string): Array<{ text: string; fallback: number | null; width: number; offset: number }>;
  /** Ascent and descent (positive) at 1pt. */
  ascent: number;
  descent: number;
}

type Matrix = [number, number, number, number, number, number];

interface State {
  m: Matrix;
  fillStyle: string;
  strokeStyle: string;
  lineWidth: number;
  lineCap: string;
  lineJoin: string;
  font: string;
  textAlign: string;
  textBaseline: string;
  globalAlpha: number;
  dash: number[];
}

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** A new canvas's drawing state. */
const initialState = (): State => ({
  m: IDENTITY,
  fillStyle: '#000000',
  strokeStyle: '#000000',
  lineWidth: 1,
  lineCap: 'butt',
  lineJoin: 'miter',
  font: '10px sans-serif',
  textAlign: 'start',
  textBaseline: 'alphabetic',
  globalAlpha: 1,
  dash: [],
});

export class RecordingContext {
  readonly canvas: { width: number; height: number };
  private state: State;
  private stack: State[] = [];
  private path = '';
  private readonly out: DrawOp[] = [];

  constructor(
    canvas: { width: number; height: number },
    private readonly metrics: FontMetrics,
  ) {
    this.canvas = canvas;
    this.state = initialState();
  }

  /** What was drawn since the last take, the context cleared for the next chart as if new. */
  take(): ChartDrawing {
    const drawing = this.drawing();
    this.out.length = 0;
    this.stack = [];
    this.path = '';
    this.state = initialState();
    return drawing;
  }

  /**
   * What was drawn. Shapes drawn one after another with the same paint become one path: far fewer
   * operations for the PDF writer (a line's 12 point markers are one path), the same picture.
   */
  drawing(): ChartDrawing {
    const ops: DrawOp[] = [];
    for (const op of this.out) {
      const last = ops[ops.length - 1];
      if (op.kind === 'path' && last?.kind === 'path' && JSON.stringify([last.fill, last.stroke]) === JSON.stringify([op.fill, op.stroke])) last.d += op.d;
      else ops.push(op.kind === 'path' ? { ...op } : op);
    }
    return { width: this.canvas.width, height: this.canvas.height, ops };
  }

  get fillStyle() {
    return this.state.fillStyle;
  }
  set fillStyle(v: string) {
    this.state.fillStyle = String(v);
  }
  get strokeStyle() {
    return this.state.strokeStyle;
  }
  set strokeStyle(v: string) {
    this.state.strokeStyle = String(v);
  }
  get lineWidth() {
    return this.state.lineWidth;
  }
  set lineWidth(v: number) {
    this.state.lineWidth = v;
  }
  get lineCap() {
    return this.state.lineCap;
  }
  set lineCap(v: string) {
    this.state.lineCap = v;
  }
  get lineJoin() {
    return this.state.lineJoin;
  }
  set lineJoin(v: string) {
    this.state.lineJoin = v;
  }
  get font() {
    return this.state.font;
  }
  set font(v: string) {
    this.state.font = v;
  }
  get textAlign() {
    return this.state.textAlign;
  }
  set textAlign(v: string) {
    this.state.textAlign = v;
  }
  get textBaseline() {
    return this.state.textBaseline;
  }
  set textBaseline(v: string) {
    this.state.textBaseline = v;
  }
  get globalAlpha() {
    return this.state.globalAlpha;
  }
  set globalAlpha(v: number) {
    this.state.globalAlpha = v;
  }
  lineDashOffset = 0;
  miterLimit = 10;
  shadowBlur = 0;
  shadowColor = 'rgba(0,0,0,0)';
  shadowOffsetX = 0;
  shadowOffsetY = 0;
  direction = 'ltr';
  imageSmoothingEnabled = true;

  save() {
    this.stack.push({ ...this.state, dash: [...this.state.dash] });
  }
  restore() {
    this.state = this.stack.pop() ?? this.state;
  }
  setLineDash(d: number[]) {
    this.state.dash = [...d];
  }
  getLineDash() {
    return [...this.state.dash];
  }

  translate(x: number, y: number) {
    this.transform(1, 0, 0, 1, x, y);
  }
  scale(x: number, y: number) {
    this.transform(x, 0, 0, y, 0, 0);
  }
  rotate(a: number) {
    this.transform(Math.cos(a), Math.sin(a), -Math.sin(a), Math.cos(a), 0, 0);
  }
  transform(a: number, b: number, c: number, d: number, e: number, f: number) {
    const [A, B, C, D, E, F] = this.state.m;
    this.state.m = [A * a + C * b, B * a + D * b, A * c + C * d, B * c + D * d, A * e + C * f + E, B * e + D * f + F];
  }
  setTransform(a: number | Matrix = 1, b = 0, c = 0, d = 1, e = 0, f = 0) {
    this.state.m = Array.isArray(a) ? ([...a] as Matrix) : [a, b, c, d, e, f];
  }
  resetTransform() {
    this.state.m = IDENTITY;
  }
  getTransform() {
    return this.state.m;
  }

  beginPath() {
    this.path = '';
  }
  closePath() {
    this.path += 'Z';
  }
  moveTo(x: number, y: number) {
    this.path += `M${this.pt(x, y)}`;
  }
  lineTo(x: number, y: number) {
    this.path += `L${this.pt(x, y)}`;
  }
  bezierCurveTo(x1: number, y1: number, x2: number, y2: number, x: number, y: number) {
    this.path += `C${this.pt(x1, y1)} ${this.pt(x2, y2)} ${this.pt(x, y)}`;
  }
  quadraticCurveTo(x1: number, y1: number, x: number, y: number) {
    this.path += `Q${this.pt(x1, y1)} ${this.pt(x, y)}`;
  }
  rect(x: number, y: number, w: number, h: number) {
    this.path += `M${this.pt(x, y)}L${this.pt(x + w, y)}L${this.pt(x + w, y + h)}L${this.pt(x, y + h)}Z`;
  }
  arc(x: number, y: number, r: number, start: number, end: number, ccw = false) {
    const full = Math.abs(end - start) >= Math.PI * 2 - 1e-6;
    const rr = r * Math.hypot(this.state.m[0], this.state.m[1]);
    if (full) {
      const [cx, cy] = this.apply(x, y);
      this.path += `M${n(cx - rr)} ${n(cy)}a${n(rr)} ${n(rr)} 0 1 0 ${n(2 * rr)} 0a${n(rr)} ${n(rr)} 0 1 0 ${n(-2 * rr)} 0`;
      return;
    }
    const sx = x + r * Math.cos(start);
    const sy = y + r * Math.sin(start);
    const ex = x + r * Math.cos(end);
    const ey = y + r * Math.sin(end);
    const sweep = (((end - start) % (Math.PI * 2)) + Math.PI * 2) % (Math.PI * 2);
    const large = (ccw ? Math.PI * 2 - sweep : sweep) > Math.PI ? 1 : 0;
    this.path += `${this.path === '' ? 'M' : 'L'}${this.pt(sx, sy)}A${n(rr)} ${n(rr)} 0 ${large} ${ccw ? 0 : 1} ${this.pt(ex, ey)}`;
  }
  ellipse(x: number, y: number, rx: number, _ry: number, _rot: number, start: number, end: number, ccw?: boolean) {
    this.arc(x, y, rx, start, end, ccw);
  }
  roundRect(x: number, y: number, w: number, h: number) {
    this.rect(x, y, w, h);
  }

  stroke() {
    if (this.path === '' || this.state.lineWidth <= 0) return;
    const s = this.state;
    const p = paint(s.strokeStyle, s.globalAlpha);
    if (p)
      this.out.push({
        kind: 'path',
        d: this.path,
        fill: null,
        stroke: { ...p, width: round(s.lineWidth * this.scaleOf()), dash: s.dash.map(round), cap: s.lineCap, join: s.lineJoin },
      });
  }
  fill() {
    if (this.path === '') return;
    const p = paint(this.state.fillStyle, this.state.globalAlpha);
    if (p) this.out.push({ kind: 'path', d: this.path, fill: p, stroke: null });
  }
  fillRect(x: number, y: number, w: number, h: number) {
    const saved = this.path;
    this.path = '';
    this.rect(x, y, w, h);
    this.fill();
    this.path = saved;
  }
  strokeRect(x: number, y: number, w: number, h: number) {
    const saved = this.path;
    this.path = '';
    this.rect(x, y, w, h);
    this.stroke();
    this.path = saved;
  }
  clearRect() {}
  clip() {}

  measureText(value: string) {
    // As a canvas does: whatever it is given is text (Chart.js passes a dataset's missing label).
    const text = String(value);
    const size = this.fontSize();
    return {
      width: this.metrics.width(text) * size,
      actualBoundingBoxAscent: this.metrics.ascent * size,
      actualBoundingBoxDescent: this.metrics.descent * size,
      actualBoundingBoxLeft: 0,
      actualBoundingBoxRight: this.metrics.width(text) * size,
      fontBoundingBoxAscent: this.metrics.ascent * size,
      fontBoundingBoxDescent: this.metrics.descent * size,
    };
  }

  fillText(value: string, x: number, y: number) {
    const text = String(value);
    const size = this.fontSize();
    const runs = this.metrics.runs?.(text) ?? null;
    const width = (runs ? runs.reduce((sum, r) => sum + r.width, 0) : this.metrics.width(text)) * size;
    const align = this.state.textAlign;
    const dx = align === 'center' ? -width / 2 : align === 'right' || align === 'end' ? -width : 0;
    const base = this.state.textBaseline;
    const { ascent, descent } = this.metrics;
    const dy =
      base === 'top' || base === 'hanging'
        ? ascent * size
        : base === 'middle'
          ? ((ascent - descent) / 2) * size
          : base === 'bottom' || base === 'ideographic'
            ? -descent * size
            : 0;
    const [a, b, c, d, e, f] = this.state.m;
    const fill = paint(this.state.fillStyle, this.state.globalAlpha);
    if (!fill || text === '') return;
    const bold = /\bbold\b|\b[6-9]00\b/.test(this.state.font);
    const plain = b === 0 && c === 0 && a === 1 && d === 1;
    // Text in one font is one operation; text that needs fallback fonts is one per run, in reading order, each at its place.
    for (const run of runs && runs.length > 1 ? runs : [{ text, fallback: runs?.[0]?.fallback ?? null, offset: 0 }]) {
      const at = run.offset * size;
      this.out.push({
        kind: 'text',
        text: run.text,
        size: round(size),
        bold,
        fill,
        x: round(plain ? x + dx + at + e : x + dx + at),
        y: round(plain ? y + dy + f : y + dy),
        matrix: plain ? null : ([a, b, c, d, e, f].map(round) as Matrix),
        ...(run.fallback === null ? {} : { fallback: run.fallback }),
      });
    }
  }
  strokeText() {}

  createLinearGradient() {
    return { addColorStop() {} };
  }
  createRadialGradient() {
    return { addColorStop() {} };
  }
  createPattern() {
    return null;
  }
  drawImage() {}
  getImageData(_x: number, _y: number, w: number, h: number) {
    return { data: new Uint8ClampedArray(Math.max(0, w * h * 4)), width: w, height: h };
  }
  putImageData() {}
  isPointInPath() {
    return false;
  }

  private fontSize(): number {
    const m = /(\d+(?:\.\d+)?)px/.exec(this.state.font);
    return m ? Number(m[1]) : 10;
  }
  private scaleOf(): number {
    return Math.hypot(this.state.m[0], this.state.m[1]);
  }
  private apply(x: number, y: number): [number, number] {
    const [a, b, c, d, e, f] = this.state.m;
    return [a * x + c * y + e, b * x + d * y + f];
  }
  private pt(x: number, y: number): string {
    const [px, py] = this.apply(x, y);
    return `${n(px)} ${n(py)}`;
  }
}

const n = (v: number) => round(v).toString();

/** `rgba(0,0,0,0.1)` becomes a colour and an opacity; null when nothing would show. */
function paint(colour: string, alpha: number): Paint | null {
  const m = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)(?:[\s,/]+([\d.]+))?\s*\)$/i.exec(colour.trim());
  let value = colour;
  let opacity = alpha;
  if (m) {
    value = `#${[m[1], m[2], m[3]].map((x) => Number(x).toString(16).padStart(2, '0')).join('')}`;
    opacity *= m[4] === undefined ? 1 : Number(m[4]);
  }
  return opacity <= 0 || value === 'transparent' ? null : { colour: value, opacity: round(opacity) };
}

const round = (v: number) => Math.round(v * 100) / 100;

/** Farther than this from a chart's corner, in points, a coordinate is a scale gone wrong (and PDF writers refuse 1e21). */
const FAR = 1e6;
const PATH = /^[MLCQAZa\d\s.e+-]*$/;
const near = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < FAR;
const isPaint = (p: unknown) => typeof p === 'object' && p !== null && typeof (p as Paint).colour === 'string' && near((p as Paint).opacity);

/**
 * What is wrong with a drawing, or null when it can be drawn as it is. Chart.js turns values it
 * cannot place (a span past 1e308) into NaN coordinates without complaint; JSON turns those into
 * null; either way a PDF writer would throw halfway through a page. So every drawing is checked,
 * once where it is recorded and again where it arrives from shared memory.
 */
export function drawingProblem(drawing: unknown): string | null {
  if (typeof drawing !== 'object' || drawing === null) return 'what came back is not a drawing';
  const d = drawing as Partial<ChartDrawing>;
  if (!near(d.width) || !near(d.height) || !Array.isArray(d.ops)) return 'the drawing has no size or no operations';
  for (const op of d.ops as unknown[]) {
    const o = op as Record<string, unknown>;
    if (o?.kind === 'text') {
      const matrix = o.matrix;
      if (
        typeof o.text !== 'string' ||
        (o.fallback !== undefined && !(Number.isInteger(o.fallback) && (o.fallback as number) >= 0)) ||
        !near(o.x) ||
        !near(o.y) ||
        !near(o.size) ||
        !isPaint(o.fill) ||
        (matrix !== null && !(Array.isArray(matrix) && matrix.length === 6 && matrix.every(near)))
      ) {
        return `the values are too large, too small or too far apart to plot: the text "${String(o.text).slice(0, 20)}" falls outside the chart`;
      }
    } else if (o?.kind === 'path') {
      const stroke = o.stroke as Record<string, unknown> | null;
      if (typeof o.d !== 'string' || !PATH.test(o.d) || !(o.d.match(/[-+\d.e]+/g) ?? []).every((n) => near(Number(n)))) {
        return 'the values are too large, too small or too far apart to plot: a line falls outside the chart';
      }
      if (
        (o.fill !== null && !isPaint(o.fill)) ||
        (stroke !== null && !(isPaint(stroke) && near(stroke.width) && Array.isArray(stroke.dash) && stroke.dash.every(near)))
      )
        return 'the drawing has a paint that cannot be drawn';
    } else return 'the drawing has an operation of no known kind';
  }
  return null;
}
