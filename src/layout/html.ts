import { readFileSync } from 'node:fs';
import type { ChartSpec } from '../chart/builders.js';
import type { ChartDrawing } from '../chart/recordingContext.js';
import { attr, drawingToSvg, text } from '../chart/svg.js';
import type { TemplatePack } from '../narrate/pack.js';
import type { Block, Cell, Figure, Heading, Inline, Look, PackBlocks, Runs, Table, Tone } from './blocks.js';
import { subsetFont } from './fontSubset.js';
import { openFont } from '../chart/fontChain.js';
import { FONT, RAG_SHAPE, directionColour, ragColour } from './theme.js';
import type { Rag } from '../assess/rag.js';

/**
 * The HTML renderer of the pack's tree of blocks: one self-contained page, drawn from the same
 * blocks as the PDF (pdfNodes.ts), so the two never say different things. Roles become elements
 * (h1–h3, p, ul, table with its caption and th scopes, figure, blockquote, nav, a); each chart is
 * the same drawing the PDF gets, as inline SVG named by its alternative text, with its figures in
 * a table beneath. No script and nothing fetched: the pack's fonts are embedded as data: URLs, cut
 * down to the characters the page uses (and a fallback font only when a character needs it), and
 * the logo likewise. RAG is a shape and a word, never colour alone; tables scroll sideways in
 * their own box on a narrow screen; a print stylesheet lays it out for paper.
 */

export interface HtmlOptions {
  /** The drawing of chart i (the same one the PDF draws). */
  chartAt: (index: number) => ChartDrawing;
  /** Told of a chart that could not be drawn (shown as its description, as in the PDF). */
  onChartFailure?: (index: number, reason: string) => void;
}

export function renderHtml(tree: PackBlocks, pack: TemplatePack, options: HtmlOptions): string {
  const r = new HtmlRenderer(tree, pack, options);
  const parts = tree.parts
    .map((part) => `<section class="part part-${part.name}${part.newPage ? ' new-page' : ''}">\n${part.blocks.map((b) => r.block(b)).join('\n')}\n</section>`)
    .join('\n');
  const { header, footer } = tree.furniture;
  // Page furniture: the header once, at the top; the footer's date (no page numbers on a page that is one).
  const body = [
    `<header class="furniture"><span class="fw-title">${r.esc(header.title)}</span> <span class="fw-period">${r.esc(header.period)}</span></header>`,
    `<main>\n${parts}\n</main>`,
    `<footer class="furniture"><p>${r.esc(footer.text)}</p></footer>`,
  ].join('\n');
  const m = tree.meta;
  return `<!DOCTYPE html>
<html lang="${attr(m.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${r.esc(m.title)}</title>
<meta name="author" content="${attr(m.author)}">
<meta name="description" content="${attr(m.subject)}">
<meta name="keywords" content="${attr(m.keywords)}">
<meta name="generator" content="boardpack">
<meta name="date" content="${m.date.toISOString().slice(0, 10)}">
<style>
${r.fontFaces()}
${stylesheet(tree, r.families)}
</style>
</head>
<body>
${body}
</body>
</html>
`;
}

class HtmlRenderer {
  /** Every character the page shows, for the embedded fonts. */
  private readonly used = new Set<number>();
  /** The text of the heading last written: the caption of a table under it. */
  private lastHeading = '';
  private tables = 0;
  /** The levels (as the tree gives them) of the headings the next one sits under. */
  private readonly open: number[] = [];
  private readonly anchors = new Map<string, string>();
  private readonly onPage: { before: string; after: string };
  /** The font families: the pack's, then its fallbacks', as the charts name them too. */
  readonly families: string[];

  constructor(
    private readonly tree: PackBlocks,
    private readonly pack: TemplatePack,
    private readonly options: HtmlOptions,
  ) {
    const [before = '', after = ''] = pack.spec.words.labels.onPage.split('{page}');
    this.onPage = { before, after };
    this.families = [FONT, ...pack.fallbackFonts.map((_, n) => `${FONT}-fallback-${n + 1}`)];
    // Each anchor's heading, in words: what a link shown only as "Details" goes to.
    for (const part of tree.parts) for (const h of headings(part.blocks)) if (h.anchor) this.anchors.set(h.anchor, plainRuns(h.text));
  }

  /** Text content, escaped for HTML, its characters noted for the fonts. */
  esc(s: string): string {
    for (const ch of s) this.used.add(ch.codePointAt(0)!);
    return text(s);
  }

  block(b: Block): string {
    switch (b.kind) {
      case 'heading':
        return this.heading(b);
      case 'paragraph':
        return `<p${this.cls(b.look, b.note ? ['note'] : [])}>${this.runs(b.text, b.look?.tone)}</p>`;
      case 'list':
        return `<ul${this.cls(b.look)}>${b.items.map((i) => `<li>${this.runs(i.text)}</li>`).join('')}</ul>`;
      case 'table':
        return this.table(b);
      case 'figure':
        return this.figure(b);
      case 'rule':
        return `<div class="rule rule-${b.variant}" aria-hidden="true"></div>`;
      case 'columns':
        return `<div${this.cls(b.look, ['columns'])}>${b.columns
          .map((c) => {
            // A column of a set width (a chart's) may grow to the chart's size on screen, and shrink on a phone.
            const fixed = typeof c.width === 'number' ? ` style="flex:1 1 ${Math.round(c.width)}px;max-width:${Math.round(c.width * CHART_SCALE)}px"` : '';
            return `<div class="column${c.width === '*' ? ' grow' : ''}"${fixed}>${this.block(c.block)}</div>`;
          })
          .join('')}</div>`;
      case 'group':
        return `<div${this.cls(b.look, b.shows ? [`shows-${b.shows.part}`] : [])}>${b.blocks.map((x) => this.block(x)).join('\n')}</div>`;
      case 'section':
        return `<section class="panel">${b.blocks.map((x) => this.block(x)).join('\n')}</section>`;
      case 'quote':
        return `<blockquote${this.cls(b.look, ['commentary'])}>${b.blocks.map((x) => this.block(x)).join('\n')}</blockquote>`;
      case 'contents':
        return this.contents(b.title);
    }
  }

  private heading(h: Heading): string {
    // Its bookmark's words where it has one: a section's title without its rating.
    this.lastHeading = h.bookmark?.text ?? plainRuns(h.text);
    // Never a level skipped on the way down (a panel, an H3, straight under "Indicator details" when
    // its indicators have no section, is an H2 here, as is every panel beside it): a page's outline
    // is read by its levels. A heading's level is one more than the headings it sits under.
    while (this.open.length > 0 && this.open.at(-1)! >= h.level) this.open.pop();
    const level = this.open.length + 1;
    this.open.push(h.level);
    const id = h.anchor === undefined ? '' : ` id="${attr(h.anchor)}"`;
    return `<h${level}${id}${this.cls(h.look)}>${this.runs(h.text)}</h${level}>`;
  }

  /** The contents: a nested list of links to every heading with `contents`, in order. */
  private contents(title: Heading): string {
    const entries = this.tree.parts.flatMap((p) => headings(p.blocks)).filter((h) => h.contents && h.anchor);
    let html = '';
    let open = false;
    for (const h of entries) {
      const link = `<a href="#${attr(h.anchor!)}">${this.esc(h.bookmark?.text ?? plainRuns(h.text))}</a>`;
      const nested = (h.contents?.indent ?? 0) > 0;
      if (nested && !open) {
        html = html.replace(/<\/li>$/, '');
        html += '<ol>';
        open = true;
      } else if (!nested && open) {
        html += '</ol></li>';
        open = false;
      }
      html += `<li>${link}</li>`;
    }
    if (open) html += '</ol></li>';
    return `<nav aria-labelledby="contents">${this.heading({ ...title, anchor: 'contents' })}<ol class="toc">${html}</ol></nav>`;
  }

  private table(t: Table): string {
    const id = `table-${++this.tables}`;
    const caption = this.lastHeading;
    const head = t.header.map((row) => `<tr>${row.map((c) => this.cell(c, 'col')).join('')}</tr>`).join('');
    const body = t.body.map((row) => `<tr>${row.map((c) => this.cell(c, c.rowHeader || c.shows?.part === 'row' ? 'row' : null)).join('')}</tr>`).join('');
    const kind = t.rules === 'none' ? 'plain' : 'ruled';
    return `<div class="table-scroll" role="region" aria-labelledby="${id}" tabindex="0"><table class="${kind}"><caption id="${id}" class="visually-hidden">${this.esc(caption)}</caption>${head ? `<thead>${head}</thead>` : ''}<tbody>${body}</tbody></table></div>`;
  }

  private cell(c: Cell, scope: 'col' | 'row' | null): string {
    const tag = scope ? 'th' : 'td';
    const span = c.span && c.span > 1 ? ` colspan="${c.span}"` : '';
    const sc = scope ? ` scope="${scope === 'col' && c.span && c.span > 1 ? 'colgroup' : scope}"` : '';
    const inner =
      'lines' in c
        ? c.lines.map((l) => `<span${this.cls(l.look, ['line'])}>${this.runs(l.text, l.look?.tone)}</span>`).join('')
        : this.runs(c.text, c.look?.tone);
    // A rating's reason, which the PDF gives as the cell's alternative text, is read out here too.
    const alt = c.alt ? `<span class="visually-hidden"> (${this.esc(c.alt)})</span>` : '';
    // A short heading (a period, `Mar-26`) never wraps at its hyphen; a long one (a benchmark's name) may.
    const words = 'text' in c ? plainRuns(c.text) : c.lines.map((l) => plainRuns(l.text)).join(' ');
    const short = scope === 'col' && words.length <= SHORT_HEADING;
    // A rating or direction stays on one line with its word; a long text (a measure, a reason) keeps
    // a readable width on a phone, where its table scrolls rather than squeezes it.
    const judged = c.alt !== undefined || rated(c);
    const wide = scope !== 'col' && words.length > WIDE_TEXT;
    const classes = [...(judged ? ['judged'] : []), ...(short ? ['short'] : []), ...(wide ? ['wide'] : [])];
    return `<${tag}${sc}${span}${this.cls(c.look, classes)}>${inner}${alt}</${tag}>`;
  }

  private figure(f: Figure): string {
    const { source } = f;
    if ('image' in source) {
      const type = /\.png$/i.test(source.image) ? 'image/png' : 'image/jpeg';
      const data = readFileSync(source.image).toString('base64');
      return `<figure${this.cls(f.look, ['image'])}><img src="data:${type};base64,${data}" alt="${attr(f.alt)}" style="max-width:${f.width}px;max-height:${f.height}px"></figure>`;
    }
    const i = source.chart;
    const drawing = this.options.chartAt(i);
    if (drawing.failure) this.options.onChartFailure?.(i, drawing.failure.reason);
    const p = this.tree.theme.palette;
    for (const op of drawing.ops) if (op.kind === 'text') this.esc(op.text);
    const notDrawnLabel = this.pack.spec.words.labels.chartNotDrawn;
    if (drawing.failure) this.esc(`${notDrawnLabel}${drawing.failure.alt}`);
    const svg = drawingToSvg(drawing, {
      families: this.families,
      title: f.alt,
      idPrefix: `chart-${i}`,
      size: null,
      notDrawnLabel,
      notDrawnColours: { frame: p.rule, text: p.muted },
    });
    const spec = this.tree.charts[i]!;
    // A screen has room for a chart a little larger than the page's: its text is as small as the PDF's.
    return `<figure${this.cls(f.look, ['chart'])} style="max-width:${Math.round(drawing.width * CHART_SCALE)}px">${svg}${this.figures(spec, i)}</figure>`;
  }

  /** The chart's figures as a table: each period's figure (a trend), or each series by category (the summary). */
  private figures(spec: ChartSpec, i: number): string {
    const data = spec.config.data;
    const labels = (data.labels ?? []).map((l) => String(l));
    const rows: Array<{ name: string; cells: string[] }> = spec.figures
      ? [{ name: String(data.datasets[0]?.label ?? ''), cells: spec.figures.map((f) => f.text) }]
      : data.datasets
          .filter((d) => d.label)
          .map((d) => ({ name: String(d.label), cells: (d.data as unknown[]).map((v) => (typeof v === 'number' ? String(v) : '')) }));
    if (labels.length === 0 || rows.length === 0) return '';
    const id = `chart-${i}-figures`;
    const L = this.pack.spec.words.labels;
    const head = `<tr><td></td>${labels.map((l) => `<th scope="col" class="short">${this.esc(l)}</th>`).join('')}</tr>`;
    const body = rows.map((r) => `<tr><th scope="row">${this.esc(r.name)}</th>${r.cells.map((c) => `<td>${this.esc(c)}</td>`).join('')}</tr>`).join('');
    // The chart is named by its alternative text already; the table's caption says whose figures they are.
    const whose = this.lastHeading ? `<span class="visually-hidden">: ${this.esc(this.lastHeading)}</span>` : '';
    return `<div class="table-scroll figures" role="region" aria-labelledby="${id}" tabindex="0"><table class="ruled"><caption id="${id}">${this.esc(L.figures)}${whose}</caption><thead>${head}</thead><tbody>${body}</tbody></table></div>`;
  }

  /** Runs of text; `tone` is the block's own, for a plain string (a rating's shape in the key). */
  private runs(runs: Runs, tone?: Tone): string {
    if (typeof runs === 'string') return tone !== undefined && typeof tone !== 'string' ? this.toned(runs, tone) : this.lines(runs);
    const out: string[] = [];
    for (let i = 0; i < runs.length; i++) {
      const run = runs[i]!;
      const anchor = typeof run === 'string' ? undefined : 'pageOf' in run ? run.pageOf : run.link;
      if (anchor === undefined) {
        out.push(this.inline(run as string | Exclude<Inline, { pageOf: string }>));
        continue;
      }
      // A link and the page it points to (`Scorecard p. 6`): one link, with no page number on a page that has none.
      const group: Inline[] = [];
      while (i < runs.length) {
        const x = runs[i]!;
        const a = typeof x === 'string' ? undefined : 'pageOf' in x ? x.pageOf : x.link;
        if (a !== anchor) break;
        group.push(x);
        i++;
      }
      i--;
      out.push(this.link(anchor, group));
    }
    return out.join('');
  }

  private link(anchor: string, group: Inline[]): string {
    const paged = group.some((x) => typeof x !== 'string' && 'pageOf' in x);
    const words = group.filter((x): x is Exclude<Inline, { pageOf: string } | string> => typeof x !== 'string' && !('pageOf' in x));
    const shown = paged ? words.filter((w) => w.text !== this.onPage.before && w.text !== this.onPage.after) : words;
    const inner =
      shown.length > 0
        ? shown.map((w) => this.inline({ ...w, link: undefined } as Exclude<Inline, { pageOf: string }>)).join('')
        : this.esc(this.pack.spec.words.labels.detailsLink);
    // Where the link goes, for a reader who hears only "Details".
    const where = shown.length === 0 && this.anchors.has(anchor) ? `<span class="visually-hidden">: ${this.esc(this.anchors.get(anchor)!)}</span>` : '';
    const tone = paged ? ' class="goto"' : '';
    return `<a href="#${attr(anchor)}"${tone}>${inner.trim() === '' ? this.esc(this.anchors.get(anchor) ?? anchor) : inner}${where}</a>`;
  }

  private inline(i: string | Exclude<Inline, { pageOf: string }>): string {
    if (typeof i === 'string') return this.lines(i);
    if (i.link !== undefined) return this.link(i.link, [i]);
    let html = this.toned(i.text, i.tone);
    if (i.size !== undefined) html = `<span style="font-size:${round(i.size / this.tree.theme.size)}em">${html}</span>`;
    if (i.italic) html = `<em>${html}</em>`;
    if (i.bold) html = `<strong>${html}</strong>`;
    return html;
  }

  /**
   * Text in a tone. A rating's shape is drawn as a shape (an SVG the colour of the rating, hidden
   * from screen readers: the word beside it says the rating), so the rating's colour, too pale for
   * text on white, is never asked to be read; its word is in the text colour.
   */
  private toned(s: string, tone: Tone | undefined): string {
    if (tone === undefined) return this.lines(s);
    if (typeof tone === 'string') return `<span class="tone-${tone}">${this.lines(s)}</span>`;
    if ('rag' in tone) {
      const shape = RAG_SHAPE[tone.rag];
      const at = s.indexOf(shape);
      if (at < 0) return this.lines(s);
      return `${this.lines(s.slice(0, at))}${ragIcon(tone.rag)}${this.lines(s.slice(at + shape.length))}`;
    }
    return `<span class="dir-${tone.direction}">${this.lines(s)}</span>`;
  }

  private lines(s: string): string {
    return s
      .split('\n')
      .map((l) => this.esc(l))
      .join('<br>');
  }

  private cls(look: Look | undefined, extra: string[] = []): string {
    const c = [...extra];
    if (look?.style) c.push(`s-${look.style}`);
    if (look?.tone && typeof look.tone === 'string') c.push(`tone-${look.tone}`);
    if (look?.tone && typeof look.tone !== 'string' && 'direction' in look.tone) c.push(`dir-${look.tone.direction}`);
    if (look?.align) c.push(`align-${look.align}`);
    if (look?.bold) c.push('bold');
    if (look?.italic) c.push('italic');
    if (look?.fill) c.push('fill');
    if (look?.letterSpacing) c.push('spaced');
    const size = look?.size !== undefined && look.size !== this.tree.theme.size ? ` style="font-size:${round(look.size / this.tree.theme.size)}em"` : '';
    return `${c.length > 0 ? ` class="${c.join(' ')}"` : ''}${size}`;
  }

  /**
   * `@font-face` rules for the pack's four faces, each cut down to the page's characters, and for a
   * fallback font only the characters the pack's font lacks that it is the first to have.
   */
  fontFaces(): string {
    const { regular, bold, italics, bolditalics } = this.pack.fontFiles;
    const faces = [regular, bold, italics, bolditalics].map((f) => openFont(f));
    const own: number[] = [];
    const byFallback = this.pack.fallbackFonts.map(() => [] as number[]);
    for (const cp of [...this.used].sort((a, b) => a - b)) {
      if (cp < 0x20 || cp === 0x200b) continue;
      if (faces.every((f) => f.hasGlyphForCodePoint(cp))) {
        own.push(cp);
        continue;
      }
      const n = this.pack.fallbackFonts.findIndex((f) => openFont(f).hasGlyphForCodePoint(cp));
      if (n >= 0) byFallback[n]!.push(cp);
      else own.push(cp);
    }
    const face = (file: string, family: string, cps: number[], weight: string, style: string) => {
      const { data, format } = subsetFont(file, cps, family);
      return `@font-face{font-family:'${family}';src:url(data:font/${format === 'truetype' ? 'ttf' : 'otf'};base64,${Buffer.from(data).toString('base64')}) format('${format}');font-weight:${weight};font-style:${style};font-display:block}`;
    };
    const rules = [
      face(regular, FONT, own, 'normal', 'normal'),
      face(bold, FONT, own, 'bold', 'normal'),
      face(italics, FONT, own, 'normal', 'italic'),
      face(bolditalics, FONT, own, 'bold', 'italic'),
    ];
    this.pack.fallbackFonts.forEach((file, n) => {
      if (byFallback[n]!.length > 0) rules.push(face(file, `${FONT}-fallback-${n + 1}`, byFallback[n]!, 'normal', 'normal'));
    });
    return rules.join('\n');
  }
}

/** A rating's shape as a small SVG, in the rating's colour (by class), beside its word. */
function ragIcon(rag: Rag): string {
  const shapes: Record<Rag, string> = {
    green: '<circle cx="6" cy="6" r="5"/>',
    amber: '<path d="M6 0.8L11.4 11H0.6Z"/>',
    red: '<rect x="1.2" y="1.2" width="9.6" height="9.6"/>',
    'no-data': '<path d="M6 0.8L11.2 6L6 11.2L0.8 6Z" fill="none" stroke-width="1.4"/>',
    none: '<circle cx="6" cy="6" r="4.4" fill="none" stroke-width="1.4"/>',
  };
  return `<svg class="rag rag-${rag}" viewBox="0 0 12 12" width="12" height="12" aria-hidden="true" focusable="false">${shapes[rag]}</svg> `;
}

/** Every heading in blocks, in order, however deep. */
function headings(blocks: Block[]): Heading[] {
  const out: Heading[] = [];
  const walk = (b: Block) => {
    if (b.kind === 'heading') out.push(b);
    else if (b.kind === 'group' || b.kind === 'section' || b.kind === 'quote') b.blocks.forEach(walk);
    else if (b.kind === 'columns') for (const c of b.columns) walk(c.block);
    else if (b.kind === 'contents') out.push(b.title);
  };
  blocks.forEach(walk);
  return out;
}

/** A text's words, without the shapes of ratings (each has its word beside it): for captions, names and widths. */
const plainRuns = (runs: Runs): string =>
  (typeof runs === 'string' ? runs : runs.map((r) => (typeof r === 'string' ? r : 'pageOf' in r ? '' : r.text)).join(''))
    .replace(SHAPES, '')
    .replace(/\s+/g, ' ')
    .trim();

const SHAPES = new RegExp(`[${Object.values(RAG_SHAPE).join('')}]`, 'gu');

/** Characters of a cell's text past which it is given a readable width. */
const WIDE_TEXT = 30;

/** A cell showing a rating (its shape and word). */
const rated = (c: Cell): boolean =>
  ('text' in c ? [c.text] : c.lines.map((l) => l.text)).some(
    (runs) =>
      typeof runs !== 'string' && runs.some((r) => typeof r !== 'string' && 'tone' in r && typeof r.tone === 'object' && r.tone !== null && 'rag' in r.tone),
  );

/** Characters of a column heading that is kept on one line. */
const SHORT_HEADING = 10;

/** How much larger a chart may be drawn on screen than on the page. */
const CHART_SCALE = 1.3;

const round = (n: number) => Math.round(n * 1000) / 1000;

/** The page's look: the pack's palette and font, a column for reading, print rules for paper. */
function stylesheet(tree: PackBlocks, families: string[]): string {
  const p = tree.theme.palette;
  const base = tree.theme.size;
  const rag = (['green', 'amber', 'red', 'none', 'no-data'] as const).map((r) => `.rag-${r}{fill:${ragColour(p, r)};stroke:${ragColour(p, r)}}`).join('');
  const dir = (['improving', 'declining', 'no-change', 'up', 'down', 'same', 'not-comparable'] as const)
    .map((d) => `.dir-${d}{color:${directionColour(p, d)}}`)
    .join('');
  return `:root{--text:${p.text};--muted:${p.muted};--accent:${p.accent};--rule:${p.rule};--head:${p.headerFill};--stripe:${p.stripe}}
*,*::before,*::after{box-sizing:border-box}
html{font-family:${families.map((f) => `'${f}',`).join('')}sans-serif;font-size:${round((base / 9) * 100)}%;color:var(--text);background:#fff;line-height:1.45;-webkit-text-size-adjust:100%}
body{margin:0}
main,header.furniture,footer.furniture{max-width:80rem;margin:0 auto;padding:0 1.25rem}
header.furniture{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.25rem 1rem;padding-top:.75rem;padding-bottom:.5rem;border-bottom:1px solid var(--rule);color:var(--muted);font-size:.85rem}
.fw-title{font-weight:bold}
footer.furniture{border-top:1px solid var(--rule);margin-top:2rem;padding-top:.5rem;padding-bottom:2rem;color:var(--muted);font-size:.85rem}
.part{padding:1.5rem 0;border-bottom:1px solid var(--rule)}
.part:last-child{border-bottom:0}
h1,h2,h3{line-height:1.25;margin:1.2em 0 .4em;overflow-wrap:anywhere}
h1{font-size:2rem;color:var(--accent)}
h2{font-size:1.45rem;color:var(--accent)}
h3{font-size:1.15rem}
.part-cover h1{font-size:2.6rem;color:var(--text);margin-top:.2em}
h2.s-h3,h3.s-h3{font-size:1.15rem;color:var(--text)}
h3.s-h2{font-size:1.45rem;color:var(--accent)}
.columns h2,.columns h3{margin-top:.3em}
p,li{max-width:48rem;overflow-wrap:anywhere}
p{margin:0 0 .6em}
ul,ol{padding-left:1.4em;margin:0 0 .8em}
a{color:var(--accent)}
a:focus-visible,.table-scroll:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.tone-muted{color:var(--muted)}.tone-accent{color:var(--accent)}.tone-text{color:var(--text)}
.bold{font-weight:bold}.italic{font-style:italic}.spaced{letter-spacing:.1em}
.align-right{text-align:right}.align-center{text-align:center}
.s-small,.note{font-size:.85rem;color:var(--muted)}
.rule-bar{width:6rem;height:.3rem;background:var(--accent);margin:.6rem 0 1.2rem}
.rule-line{border-top:1px solid var(--rule);margin:1rem 0}
.columns{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:flex-start}
.column{min-width:0;max-width:100%}
.column.grow{flex:1 1 16rem}
.part-cover .columns .column{flex:0 0 auto}
.part-cover .columns p{margin:0}
.part-cover .columns+p{margin-top:.75rem}
svg.rag{width:.8em;height:.8em;vertical-align:-.02em;stroke-width:0;overflow:visible}
svg.rag-none,svg.rag-no-data{fill:none;stroke-width:1.4}
${rag}${dir}
.table-scroll{overflow-x:auto;max-width:100%;margin:.5rem 0 1rem;position:relative}
table{border-collapse:collapse;font-size:.85rem}
table.ruled{min-width:100%}
table.ruled th,table.ruled td{padding:.3rem .45rem;border-bottom:1px solid var(--rule);vertical-align:top;text-align:left}
table.ruled thead th{background:var(--head);border-bottom:2px solid var(--rule);vertical-align:bottom}
table.ruled tbody tr:nth-child(even){background:var(--stripe)}
table.plain th,table.plain td{padding:.25rem .6rem .25rem 0;text-align:left;vertical-align:middle}
table.plain thead th{font-weight:bold;background:var(--head);padding:.3rem .6rem}
td.align-right,th.align-right{text-align:right !important}
td.align-right{white-space:nowrap}
td.judged,th.short{white-space:nowrap}
tbody th[scope=row]{font-weight:normal}
.table-scroll:not(.figures) tbody th[scope=row],td.wide{min-width:12rem}
td .line,th .line{display:block}
tbody td:first-child{white-space:nowrap}
a.goto{font-size:.8rem;color:var(--muted);white-space:nowrap}
.panel{border-bottom:1px solid var(--rule);padding-bottom:1rem;margin-bottom:1rem}
.panel .rule-line{display:none}
.panel h3{margin-top:.6em}
figure{margin:.5rem 0 1rem}
figure.chart{width:100%}
figure.chart>svg{display:block;width:100%;height:auto}
figure.image img{display:block;margin-left:auto}
.figures{font-size:.8rem}
.figures caption{text-align:left;font-weight:bold;color:var(--muted);padding:.2rem 0}
.figures td{text-align:right;white-space:nowrap}
.figures th,.figures td{padding:.15rem .4rem}
blockquote{margin:.4rem 0 .8rem;padding:.5rem .75rem;border-left:3px solid var(--accent);background:var(--stripe)}
blockquote p:last-child{margin-bottom:0}
nav ol.toc{list-style:none;padding-left:0}
nav ol.toc ol{list-style:none;padding-left:1.25rem;margin:.2rem 0 .4rem}
nav ol.toc li{margin:.2rem 0}
.visually-hidden{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
@media (max-width:40rem){main,header.furniture,footer.furniture{padding:0 .9rem}h1{font-size:1.6rem}.part-cover h1{font-size:2rem}}
@media print{
@page{size:${tree.page.size} ${tree.page.orientation};margin:14mm}
html{font-size:${round((base / 12) * 100)}%}
main,header.furniture,footer.furniture{max-width:none;padding:0}
.new-page{break-before:page}
.part{border-bottom:0}
.table-scroll{overflow:visible}
thead{display:table-header-group}
tr,.panel .shows-panel,figure,blockquote{break-inside:avoid}
h1,h2,h3{break-after:avoid}
a{color:inherit;text-decoration:none}
}`;
}
