// The Typst side of `npm run bench`: typesets the same pack as boardpack with a small Typst template,
// in a fresh process, and prints its wall time and peak memory as JSON on stdout.
//
//   node scripts/bench-typst.mjs <assessed.json> <out.pdf> [--title T] [--organisation O] [--committee C] [--typ out.typ]
//
// <assessed.json> is `boardpack assess <report.yaml> --json`, made once before timing, so Typst is
// charged neither for reading the workbook nor for assessing and wording it: only for what a
// pipeline feeding Typst would do itself, which is turning that data into markup and typesetting it.
// The markup gives the content the pack has: cover with the RAG counts, contents, a key, the
// executive summary (a bar chart of ratings by section and the worded summary), a table per section
// (header repeated on every page, rows never split, each ID linking to its panel with its page) and a
// panel per indicator (a vector line chart of its values drawn with Typst's own shapes, target and
// benchmark lines, the figures under it; the latest value, target, rating, direction and their
// reasons, benchmarks, lead, commentary or narrative, a link back to the table), headers, footers
// with page X of Y, bookmarks, alt text for every chart and a tagged PDF identified as PDF/UA-1, as
// boardpack's is. Fonts: the bundled DejaVu Sans Condensed only (the
// repository's fonts/ folder); no packages, no network.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const started = performance.now();
const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args.splice(i, 2)[1] : fallback;
};
const title = option('title', 'Performance Scorecard');
const organisation = option('organisation', '');
const committee = option('committee', '');
const typPath = option('typ');
const [input, output] = args;
if (!input || !output) {
  console.error('usage: node scripts/bench-typst.mjs <assessed.json> <out.pdf> [--title T] [--organisation O] [--committee C] [--typ out.typ]');
  process.exit(2);
}

/** A Typst string literal: shown as written, never read as markup. */
function s(text) {
  return `"${String(text ?? '')
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\r?\n/g, '\\n')
    .replace(/\t/g, ' ')
    .replace(/\p{Cc}/gu, '')}"`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const longPeriod = (p) => {
  const m = /^(\d{4})-(\d{2})$/.exec(p.id);
  return m ? `${MONTHS[Number(m[2]) - 1]} ${m[1]}` : p.label;
};

const formats = new Map();
function figure(o, ind) {
  if (!o || o.value === null || o.value === undefined || o.status !== 'ok') return o?.raw ?? '';
  const d = ind.decimals ?? 0;
  if (!formats.has(d)) formats.set(d, new Intl.NumberFormat('en-GB', { minimumFractionDigits: d, maximumFractionDigits: d }));
  const text = formats.get(d).format(o.value) + (ind.unit === '%' ? '%' : '');
  return /r$/i.test(String(o.raw ?? '').trim()) ? `${text}r` : text;
}

/** y axis: a few round ticks covering the values, the target and the benchmarks. */
function niceScale(lo, hi) {
  if (lo === hi) {
    lo -= 1;
    hi += 1;
  }
  const raw = (hi - lo) / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((x) => x >= raw);
  const start = Math.floor(lo / step) * step;
  const end = Math.ceil(hi / step) * step;
  const ticks = [];
  for (let t = start; t <= end + step / 2; t += step) ticks.push(Number(t.toFixed(10)));
  return { lo: start, hi: end, ticks };
}

const n1 = (x) => `${Math.round(x * 10) / 10}pt`;

/** The chart as data for the template's `chart` function: positions in points, worked out here. */
function chart(ind) {
  const W = 470;
  const L = 34;
  const T = 6;
  const PW = W - L - 6;
  const PH = 118;
  const values = ind.values;
  const numbers = values.map((v) => (v.status === 'ok' && typeof v.value === 'number' ? v.value : null));
  const t = ind.target ?? {};
  const targetLines = t.kind === 'min' || t.kind === 'max' ? [t.value] : [];
  const band = t.kind === 'range' ? [t.min, t.max] : null;
  const benches = withValues(ind.benchmarks);
  const all = [...numbers.filter((v) => v !== null), ...targetLines, ...(band ?? []), ...benches.map((b) => b.value)].filter((v) => Number.isFinite(v));
  const { lo, hi, ticks } = niceScale(Math.min(...(all.length ? all : [0])), Math.max(...(all.length ? all : [1])));
  const x = (i) => L + ((i + 0.5) * PW) / values.length;
  const y = (v) => T + PH * (1 - (v - lo) / (hi - lo));
  const segments = [];
  let current = null;
  numbers.forEach((v, i) => {
    if (v === null) current = null;
    else {
      if (!current) segments.push((current = []));
      current.push(`(${n1(x(i))}, ${n1(y(v))})`);
    }
  });
  const last = numbers.length - 1;
  const points = numbers.map((v, i) => (v === null ? null : `(${n1(x(i))}, ${n1(y(v))}, ${i === last ? s(ind.rag ?? 'none') : 'none'})`)).filter(Boolean);
  const tickText = (v) => (ind.unit === '%' ? `${v}` : new Intl.NumberFormat('en-GB').format(v));
  return `(w: ${W}pt, l: ${L}pt, pw: ${PW}pt, ph: ${PH}pt, top: ${T}pt, ticks: (${ticks.map((v) => `(${s(tickText(v))}, ${n1(y(v))})`).join(', ')},), targets: (${targetLines.map((v) => n1(y(v))).join(', ')}${targetLines.length ? ',' : ''}), band: ${band ? `(${n1(y(band[1]))}, ${n1(y(band[0]))})` : 'none'}, benches: (${benches.map((b, i) => `(${n1(y(b.value))}, ${i})`).join(', ')}${benches.length ? ',' : ''}), segments: (${segments.map((sg) => `(${sg.join(', ')},)`).join(', ')}${segments.length ? ',' : ''}), points: (${points.join(', ')}${points.length ? ',' : ''}), xs: (${values.map((v, i) => `(${n1(x(i))}, ${s(v.period.label)}, ${s(figure(v, ind))})`).join(', ')},), unit: ${s(ind.unit === '%' ? 'Per cent' : '')})`;
}

function withValues(benchmarks) {
  return (benchmarks ?? []).filter((b) => typeof b.value === 'number');
}

function targetText(t) {
  return t?.raw ?? '';
}

/** The worded executive summary: paragraphs, a bold line before each list, lists of "- " lines. */
function summaryMarkup(text) {
  const out = [];
  for (const block of String(text ?? '').split(/\n\s*\n/)) {
    const lines = block.split('\n').filter((l) => l.trim());
    if (!lines.length) continue;
    if (lines.every((l) => l.startsWith('- '))) {
      out.push(`#list(${lines.map((l) => `[${itemMarkup(l.slice(2))}]`).join(', ')})`);
    } else if (lines.length === 1 && lines[0].length < 60 && !/[.:]$/.test(lines[0])) out.push(`#strong(${s(lines[0])})`);
    else out.push(`#par(${s(lines.join(' '))})`);
  }
  return out.join('\n\n');
}

function itemMarkup(line) {
  const m = /^(\S+) (.*)$/.exec(line);
  return m ? `#strong(${s(m[1])}) #${s(m[2])}` : `#${s(line)}`;
}

function markup(r) {
  const indicators = r.indicators;
  const index = new Map(indicators.map((ind, i) => [ind.id, i]));
  const periodLong = longPeriod(r.period);
  const benchNames = [...new Set(indicators.flatMap((i) => (i.benchmarks ?? []).map((b) => b.name)))];
  const periodCount = Math.min(6, Math.max(...indicators.map((i) => i.values.length)));
  const counts = r.summary.rag;
  const out = [];

  out.push(`#set document(title: ${s(`${title} — ${periodLong}`)}, author: ${s(organisation)}, keywords: ("performance scorecard", "RAG", ${s(committee)}), date: datetime(year: 2026, month: 3, day: 20))
#set text(font: "DejaVu Sans", stretch: 87.5%, size: 8pt, lang: "en", region: "GB", fallback: false)
#set par(leading: 0.5em, spacing: 0.8em)
#let navy = rgb("#1f4e89")
#let grey = rgb("#5b6573")
#let rule = rgb("#d5dbe3")
#let rag-colour = ("green": rgb("#00946b"), "amber": rgb("#e0a100"), "red": rgb("#d95f0e"), "no-data": rgb("#5a6470"), "none": rgb("#8b95a5"))
#let rag-symbol = ("green": "●", "amber": "▲", "red": "■", "no-data": "◇", "none": "○")
#let rag-word = ("green": "Green", "amber": "Amber", "red": "Red", "no-data": "No data", "none": "Not rated")
#let rag(r) = [#text(fill: rag-colour.at(r), rag-symbol.at(r)) #rag-word.at(r)]
#let dir-symbol = ("improving": ("⬆", rgb("#00946b")), "declining": ("⬇", rgb("#d95f0e")), "no-change": ("⬌", grey), "up": ("↑", grey), "down": ("↓", grey), "same": ("→", grey), "not-comparable": ("–", grey))
#let dir-word = ("improving": "Improving", "declining": "Declining", "no-change": "No change", "up": "Up", "down": "Down", "same": "Same", "not-comparable": "Not comparable")
#let dir(d) = [#text(fill: dir-symbol.at(d).at(1), dir-symbol.at(d).at(0)) #dir-word.at(d)]
#let bench-stroke = ((paint: rgb("#2a7ab0"), thickness: 0.8pt, dash: "densely-dotted"), (paint: rgb("#b03a7a"), thickness: 0.8pt, dash: "dotted"), (paint: grey, thickness: 0.8pt, dash: "dash-dotted"))
#let page-of(l) = context link(l, text(size: 6.5pt, fill: grey)[p. #locate(l).page()])
#set page(paper: "a4", flipped: true, margin: (x: 40pt, top: 52pt, bottom: 44pt),
  header: context if here().page() > 1 [#text(size: 6.5pt, fill: grey)[#strong(${s(title)}) #h(1fr) Performance to ${periodLong}] #v(-4pt) #line(length: 100%, stroke: 0.5pt + rule)],
  footer: context text(size: 6.5pt, fill: grey)[#${s(organisation)} · Generated 20 March 2026 #h(1fr) Page #counter(page).display() of #counter(page).final().first()])
#show heading: set text(fill: navy)
#show heading.where(level: 1): it => { pagebreak(weak: true); set text(size: 17pt); block(below: 14pt, it.body) }
#show heading.where(level: 2): set text(size: 12pt)
#show heading.where(level: 3): set text(size: 9.5pt)
#set table(stroke: (x, y) => (bottom: 0.5pt + rule), inset: (x: 4pt, y: 4pt))
#set table.cell(breakable: false)
#show table.cell.where(y: 0): set text(weight: "bold")
#let chart(c) = box(width: c.w, height: c.top + c.ph + 26pt, {
  for t in c.ticks {
    place(dx: c.l, dy: t.at(1), line(length: c.pw, stroke: 0.4pt + rule))
    place(dx: 0pt, dy: t.at(1) - 4pt, box(width: c.l - 5pt, align(right, text(size: 6pt, fill: grey, t.at(0)))))
  }
  if c.band != none { place(dx: c.l, dy: c.band.at(0), rect(width: c.pw, height: c.band.at(1) - c.band.at(0), fill: rgb(0, 148, 107, 25), stroke: (paint: rgb("#00946b"), thickness: 0.6pt, dash: "dashed"))) }
  for t in c.targets { place(dx: c.l, dy: t, line(length: c.pw, stroke: (paint: black, thickness: 0.8pt, dash: "dashed"))) }
  for b in c.benches { place(dx: c.l, dy: b.at(0), line(length: c.pw, stroke: bench-stroke.at(calc.rem(b.at(1), 3)))) }
  for seg in c.segments {
    place(curve(stroke: 1.2pt + navy, curve.move(seg.first()), ..seg.slice(1).map(p => curve.line(p))))
  }
  for p in c.points {
    let fill = if p.at(2) == none { navy } else { rag-colour.at(p.at(2)) }
    let r = if p.at(2) == none { 1.8pt } else { 3pt }
    place(dx: p.at(0) - r, dy: p.at(1) - r, circle(radius: r, fill: fill, stroke: 0.5pt + white))
  }
  for x in c.xs {
    place(dx: x.at(0) - 19pt, dy: c.top + c.ph + 4pt, box(width: 38pt, align(center, text(size: 5.8pt)[#text(fill: grey, x.at(1)) \\ #x.at(2)])))
  }
  if c.unit != "" { place(dx: -2pt, dy: c.top + c.ph / 2 + 12pt, rotate(-90deg, origin: top + left, text(size: 6pt, fill: grey, c.unit))) }
})
#let legend(targeted, band, benches) = text(size: 6.5pt)[
  #box(line(length: 14pt, stroke: 1.2pt + navy), baseline: -2.5pt) Value
  #if targeted [ #h(8pt) #box(line(length: 14pt, stroke: (paint: black, thickness: 0.8pt, dash: "dashed")), baseline: -2.5pt) Target ]
  #if band [ #h(8pt) #box(rect(width: 12pt, height: 6pt, fill: rgb(0, 148, 107, 25), stroke: (paint: rgb("#00946b"), thickness: 0.6pt, dash: "dashed")), baseline: 0pt) Target range ]
  #for (i, b) in benches.enumerate() [ #h(8pt) #box(line(length: 14pt, stroke: bench-stroke.at(calc.rem(i, 3))), baseline: -2.5pt) #b ]
]
#let panel(i, id, name, chart-data, alt, targeted, band, benches, facts, words, back) = block(breakable: false, width: 100%, below: 10pt, stroke: (bottom: 0.5pt + rule), inset: (bottom: 8pt))[
  #grid(columns: (1fr, 250pt), column-gutter: 18pt,
    [#heading(level: 3)[#text(fill: navy, id) #h(4pt) #text(fill: black, name)] #label("d-" + str(i))
     #align(right, legend(targeted, band, benches))
     #figure(alt: alt, chart(chart-data))],
    [#align(right)[#strong(facts.rag) \\ #text(size: 6.5pt, fill: grey, back)]
     #set par(spacing: 0.55em)
     #facts.body
     #words])
]
`);

  // Cover.
  out.push(`#page(header: none)[
#v(90pt)
#text(size: 8pt, weight: "bold", fill: navy, tracking: 1pt)[APPENDIX A]
#v(4pt)
#text(size: 22pt, weight: "bold", ${s(title)})
#v(2pt) #line(length: 70pt, stroke: 3pt + navy) #v(8pt)
#text(size: 11pt)[Performance to ${periodLong}]
#v(4pt)
#text(fill: grey)[#${s(committee)} \\ #${s(organisation)}]
#v(30pt)
#grid(columns: 5, column-gutter: 26pt, ${['green', 'amber', 'red', 'no-data', 'none'].map((k) => `[#text(size: 14pt, weight: "bold")[#text(fill: rag-colour.at("${k}"), rag-symbol.at("${k}")) ${counts[k] ?? 0}] \\ #text(size: 6.5pt, fill: grey, rag-word.at("${k}"))]`).join(', ')})
#text(size: 6.5pt, fill: grey)[${r.summary.total} indicators]
]`);

  // Contents and key.
  out.push(`#outline(title: [Contents], depth: 2)
= How to read this report
#table(columns: (auto, 110pt, auto, 110pt, auto, 110pt), stroke: none, fill: (x, y) => if y == 0 { rgb("#e8edf5") },
  table.header(table.cell(colspan: 2)[Rating], table.cell(colspan: 2)[Better or worse], table.cell(colspan: 2)[Which way]),
  ..range(5).map(i => {
    let r = ("green", "amber", "red", "no-data", "none").at(i)
    let b = ("improving", "declining", "no-change", none, none).at(i)
    let w = ("up", "down", "same", "not-comparable", none).at(i)
    (text(fill: rag-colour.at(r), rag-symbol.at(r)), strong(rag-word.at(r)),
     if b == none [] else { text(fill: dir-symbol.at(b).at(1), dir-symbol.at(b).at(0)) }, if b == none [] else { strong(dir-word.at(b)) },
     if w == none [] else { dir-symbol.at(w).at(0) }, if w == none [] else { strong(dir-word.at(w)) })
  }).flatten())
*Green*: the target is met. *Amber*: the target is missed by no more than the tolerance. *Red*: the target is missed by more than the tolerance. *Not rated*: monitored without a target. *No data*: no usable figure for ${periodLong}.

Direction of travel compares the latest figure with the previous period's. Where it is known whether a higher or lower figure is better, a filled arrow shows whether it improved or declined; otherwise a thin arrow shows only whether it went up or down. Section ratings are the worst rating of the section's indicators.

*Markers in the tables* #list([*r*: revised since first published.], [*Suppressed*: withheld to protect confidentiality where numbers are small.], [*NYC*: not yet collected.])
`);

  // Executive summary: ratings by section as stacked bars, then the worded summary.
  const maxTotal = Math.max(...r.sections.map((sec) => sec.summary.total));
  out.push(`= Executive summary
#let bar(counts, total) = box(width: 330pt, height: 10pt, stack(dir: ltr, ..("green", "amber", "red", "no-data", "none").filter(k => counts.at(k) > 0).map(k => rect(width: 330pt * counts.at(k) / total, height: 10pt, fill: rag-colour.at(k), stroke: none))))
#align(center, grid(columns: (auto, auto), column-gutter: 8pt, row-gutter: 7pt, align: (right + horizon, left + horizon),
${r.sections
  .filter((sec) => sec.summary.total > 0)
  .map(
    (sec) =>
      `  text(size: 7pt, ${s(sec.title)}), bar((${Object.entries(sec.summary.rag)
        .map(([k, v]) => `"${k}": ${v}`)
        .join(', ')}), ${maxTotal}),`,
  )
  .join('\n')}
))
#align(center, text(size: 6.5pt)[${['green', 'amber', 'red', 'no-data', 'none'].map((k) => `#box(rect(width: 7pt, height: 7pt, fill: rag-colour.at("${k}")), baseline: 1pt) #rag-word.at("${k}")`).join(' #h(10pt) ')}])
#v(6pt)
${summaryMarkup(r.executiveSummary)}
`);

  // Scorecard: a table per section.
  out.push('= Scorecard');
  const byId = new Map(indicators.map((ind) => [ind.id, ind]));
  for (const sec of r.sections) {
    const inds = sec.indicators.map((id) => byId.get(id)).filter(Boolean);
    if (!inds.length) continue;
    const periods = inds[0].values.slice(-periodCount).map((v) => v.period.label);
    const cols = ['34pt', '1fr', ...periods.map(() => '44pt'), '46pt', ...benchNames.map(() => '46pt'), '56pt', '62pt'];
    const right = 2 + periods.length + 1 + benchNames.length;
    const header = ['ID', 'Measure', ...periods, 'Target', ...benchNames, 'RAG', 'Direction'].map((h) => s(h)).join(', ');
    const rows = inds.map((ind) => {
      const i = index.get(ind.id);
      const vals = ind.values.slice(-periodCount).map((v) => (v.status === 'ok' ? s(figure(v, ind)) : `emph(${s(v.raw)})`));
      while (vals.length < periods.length) vals.unshift('[]');
      const benches = benchNames.map((name) => {
        const b = (ind.benchmarks ?? []).find((x) => x.name === name);
        return b ? s(b.raw ?? b.value) : '[]';
      });
      const unit = ind.unit && ind.unit !== '%' && ind.unit !== 'number' ? ` #text(fill: grey, ${s(`(${ind.unit})`)})` : '';
      return `  [#link(label("d-${i}"), text(weight: "bold", fill: navy, ${s(ind.id)})) #label("s-${i}") \\ #page-of(label("d-${i}"))], [#${s(ind.title)}${unit}], ${vals.join(', ')}, ${s(targetText(ind.target))}, ${benches.join(', ')}, rag(${s(ind.rag ?? 'none')}), dir(${s(ind.direction ?? 'not-comparable')}),`;
    });
    const commentary = (sec.commentary ?? [])
      .map((c) => `#block(fill: rgb("#f3f5f9"), stroke: (left: 2pt + navy), inset: 7pt, width: 100%, ${s(c.text)})`)
      .join('\n');
    out.push(`== ${'#'}${s(sec.title)} #h(6pt) #text(size: 9pt, fill: black, rag(${s(sec.rag ?? 'none')}))
#text(fill: grey, ${s(sec.intro)})
${commentary}
#table(columns: (${cols.join(', ')}), align: (x, y) => if x >= 2 and x < ${right} { right } else { left }, fill: (x, y) => if y == 0 { rgb("#e8edf5") },
  table.header(repeat: true, ${header}),
${rows.join('\n')}
)
#text(size: 6.5pt, fill: grey)[r: revised since first published · NYC: not yet collected]
`);
  }

  // Indicator details: a panel per indicator, by section.
  out.push('= Indicator details');
  for (const sec of r.sections) {
    const inds = sec.indicators.map((id) => byId.get(id)).filter(Boolean);
    if (!inds.length) continue;
    out.push(`== ${'#'}${s(sec.title)}`);
    for (const ind of inds) {
      const i = index.get(ind.id);
      const latest = ind.latest ? `${figure(ind.latest, ind)} (${ind.latest.period.label})` : 'No figure';
      const benches = withValues(ind.benchmarks)
        .map((b) => `${b.name} ${b.raw ?? b.value}${b.comparison ? ` (${b.comparison})` : ''}`)
        .join('; ');
      const facts = [
        `#text(fill: grey)[Latest:] #${s(latest)}`,
        `#text(fill: grey)[Target:] #${s(targetText(ind.target) || 'None')}`,
        `#text(fill: grey)[Rating:] #rag(${s(ind.rag ?? 'none')}) — #${s(ind.reason)}`,
        `#text(fill: grey)[Direction:] #dir(${s(ind.direction ?? 'not-comparable')}) — #${s(ind.directionReason)}`,
        benches ? `#text(fill: grey)[Benchmarks:] #${s(benches)}` : null,
        ind.lead ? `#text(fill: grey)[Lead officer:] #${s(ind.lead)}` : null,
      ]
        .filter(Boolean)
        .join(' \\ ');
      const words = ind.commentary?.length
        ? ind.commentary
            .map(
              (c) =>
                `block(fill: rgb("#f3f5f9"), stroke: (left: 2pt + navy), inset: 6pt, width: 100%)[#${s(c.text)}${c.author ? ` \\ #text(size: 6.5pt, fill: grey, ${s(`— ${c.author}`)})` : ''}]`,
            )
            .join(' + ')
        : `par(${s(ind.narrative)})`;
      const t = ind.target ?? {};
      out.push(
        `#panel(${i}, ${s(ind.id)}, ${s(ind.title)}, ${chart(ind)}, ${s(ind.chart?.alt ?? '')}, ${t.kind === 'min' || t.kind === 'max'}, ${t.kind === 'range'}, (${withValues(
          ind.benchmarks,
        )
          .map((b) => `${s(`${b.name} ${b.raw ?? b.value}`)},`)
          .join(
            ' ',
          )}), (rag: rag(${s(ind.rag ?? 'none')}), body: [${facts}]), ${words}, link(label("s-${i}"))[Scorecard p. #context locate(label("s-${i}")).page()])`,
      );
    }
  }
  return out.join('\n\n');
}

let NodeCompiler;
try {
  ({ NodeCompiler } = createRequire(import.meta.url)('@myriaddreamin/typst-ts-node-compiler'));
} catch (e) {
  console.error(
    `The Typst comparison needs the dev dependency @myriaddreamin/typst-ts-node-compiler (npm install), or run the bench with BENCH_TYPST=0.\n${e.message}`,
  );
  process.exit(3);
}
const loaded = performance.now();

const report = JSON.parse(readFileSync(input, 'utf8'));
const read = performance.now();
const source = markup(report);
if (typPath) writeFileSync(typPath, source);
const marked = performance.now();

const compiler = NodeCompiler.create({ workspace: root, fontArgs: [{ fontPaths: [`${root}fonts`] }] });
const compiled = compiler.compile({ mainFileContent: source });
const document = compiled.result;
if (!document) {
  compiled.printDiagnostics();
  process.exit(1);
}
const laidOut = performance.now();
const pdf = compiler.pdf(document, { pdfStandard: 'ua-1', creationTimestamp: 1774000000 });
const rendered = performance.now();
writeFileSync(output, pdf);
const written = performance.now();

const ms = (a, b) => Math.round(b - a);
console.log(
  JSON.stringify({
    startup: Math.round(started),
    'load typst': ms(started, loaded),
    read: ms(loaded, read),
    markup: ms(read, marked),
    'compile (layout)': ms(marked, laidOut),
    pdf: ms(laidOut, rendered),
    write: ms(rendered, written),
    total: Math.round(written),
    pages: document.numOfPages,
    bytes: pdf.byteLength,
    sourceKB: Math.round(Buffer.byteLength(source) / 1024),
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
