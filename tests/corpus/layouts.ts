import { type BookSpec, type Cell, type CsvStyle, SheetBuilder, type XCell, writeBook } from './book.js';
import { type Expected, type PolarityWords, type Shown, expectScorecard } from './expected.js';
import {
  type CorpusIndicator,
  type CorpusPeriod,
  type CorpusScorecard,
  type CorpusSection,
  type CorpusValue,
  type ScorecardOptions,
  allIndicators,
} from './scorecard.js';

/**
 * One writer per layout: the same abstract scorecard as a council might keep it. A writer is a pure
 * function of the scorecard (incidental choices come from its seed) and says what it wrote, so the
 * test knows what reading it back must give. Add each layout a user reports as a new entry here.
 */

export interface LayoutOutput {
  book: BookSpec;
  expected: Expected;
}

export interface Layout {
  name: string;
  /** What the layout needs of a scorecard (date headings are months). */
  options?: ScorecardOptions;
  write(sc: CorpusScorecard): LayoutOutput;
}

/** Writes the layout's files into `dir` and returns the path a user would give boardpack. */
export function writeLayout(layout: Layout, sc: CorpusScorecard, dir: string): { path: string; output: LayoutOutput } {
  const output = layout.write(sc);
  return { path: writeBook(output.book, dir), output };
}

// ── Incidental choices ──────────────────────────────────────────────────────────────────────────

/** Title rows, blank rows, column order and cell styles, drawn from the scorecard's seed (mulberry32). */
export class Chooser {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  bool(p = 0.5): boolean {
    return this.next() < p;
  }

  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  one<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)]!;
  }

  shuffle<T>(list: readonly T[]): T[] {
    const a = [...list];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a;
  }
}

// ── Period headings ─────────────────────────────────────────────────────────────────────────────

const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** As the KPI dashboard export writes bare months. */
const EXPORT_MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'June', 'July', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec'];
const yy = (y: number) => String(y % 100).padStart(2, '0');

type Label = (p: CorpusPeriod) => string;

const MONTH_LABELS: Label[] = [
  (p) => `${MON[p.end.month - 1]}-${yy(p.end.year)}`,
  (p) => `${MON[p.end.month - 1]} ${p.end.year}`,
  (p) => `${MONTH[p.end.month - 1]} ${p.end.year}`,
  (p) => `${MON[p.end.month - 1]}-${p.end.year}`,
  (p) => `${p.end.year}-${String(p.end.month).padStart(2, '0')}`,
];
const QUARTER_LABELS: Label[] = [
  (p) => `Qu ${p.quarter} ${yy(p.fyStart)}-${yy(p.fyStart + 1)}`,
  (p) => `${p.fyStart}/${yy(p.fyStart + 1)} Q${p.quarter}`,
  (p) => `Q${p.quarter} ${p.fyStart}-${yy(p.fyStart + 1)}`,
  (p) => `Quarter ${p.quarter} ${p.fyStart}/${yy(p.fyStart + 1)}`,
];

/** One labelling style per sheet, as a person types them. */
const labeller = (sc: CorpusScorecard, ch: Chooser): Label => ch.one(sc.frequency === 'month' ? MONTH_LABELS : QUARTER_LABELS);

const excelSerial = (y: number, m: number, d: number) => (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** A real date cell standing for its month: the 1st, or the month end as finance teams write it. */
function dateCell(p: CorpusPeriod, z: string, day: 'first' | 'last'): XCell {
  const { year, month } = p.end;
  return { t: 'n', v: excelSerial(year, month, day === 'first' ? 1 : lastDay(year, month)), z };
}

// ── Cells ───────────────────────────────────────────────────────────────────────────────────────

/** `typed`: numbers with display formats; `text`: typed in as text (`18.1%`); `plain`: bare numbers with the unit elsewhere. */
type ValueStyle = 'typed' | 'text' | 'plain' | 'mixed';

const decimalsFormat = (d: number) => (d === 0 ? '0' : `0.${'0'.repeat(d)}`);
const percentFormat = (d: number) => `${decimalsFormat(d)}%`;
const thousands = (text: string) => text.replace(/^(\d+)/, (int) => int.replace(/\B(?=(\d{3})+$)/g, ','));
const number = (x: number, d: number): Cell => (d === 0 ? x : { t: 'n', v: x, z: decimalsFormat(d) });

function valueCell(ind: CorpusIndicator, v: CorpusValue, style: ValueStyle, ch: Chooser): Cell {
  if (v.kind === 'blank') return null;
  if (v.kind === 'marker') return v.text;
  const s = style === 'mixed' ? ch.one<ValueStyle>(['typed', 'text']) : style;
  const text = v.value.toFixed(ind.decimals);
  if (ind.unit === '%') {
    if (s === 'typed') return { t: 'n', v: v.value / 100, z: percentFormat(ind.decimals) };
    return s === 'plain' ? number(v.value, ind.decimals) : `${text}%`;
  }
  if (s === 'text') return v.value >= 1000 && ch.bool() ? thousands(text) : text;
  if (s === 'typed' && v.value >= 1000 && ind.decimals === 0 && ch.bool()) return { t: 'n', v: v.value, z: '#,##0' };
  return number(v.value, ind.decimals);
}

/** A target as a number cell where its text is a plain figure (shown exactly as the text), else as text. */
function targetCell(text: string | null, typed: boolean): Cell {
  if (text === null) return null;
  const m = text.match(/^(\d+)(?:\.(\d+))?(%?)$/);
  if (!typed || !m) return text;
  const d = m[2]?.length ?? 0;
  if (m[3]) return { t: 'n', v: Number(text.slice(0, -1)) / 100, z: percentFormat(d) };
  return number(Number(text), d);
}

/** `1.10` as a number shown with two decimals, as the quarterly scorecard keeps its PI Refs. */
function idCell(id: string, typed: boolean): Cell {
  const m = id.match(/^\d+(?:\.(\d+))?$/);
  if (!typed || !m) return id;
  return number(Number(id), m[1]?.length ?? 0);
}

const POLARITY_WORDS: PolarityWords[] = [
  { higher: 'High is good', lower: 'Low is good', none: 'N/A' },
  { higher: 'Bigger', lower: 'Smaller', none: 'None' },
  { higher: 'Higher is better', lower: 'Lower is better', none: null },
  { higher: 'High', lower: 'Low', none: null },
];

const polarityText = (ind: CorpusIndicator, words: PolarityWords) => words[ind.polarity ?? 'none'];

/** A benchmark near the latest figure, or the dashes and N/As real benchmark columns are full of. */
function benchmarkCell(ind: CorpusIndicator, style: ValueStyle, ch: Chooser): Cell {
  const latest = [...ind.values].reverse().find((v) => v.kind === 'number');
  if (!latest || ch.bool(0.3)) return ch.one(['N/A', '-', null]);
  const value = Math.round(latest.value * (0.85 + ch.next() * 0.3) * 10 ** ind.decimals) / 10 ** ind.decimals;
  return valueCell(ind, { kind: 'number', value: ind.unit === '%' ? Math.min(value, 100) : value }, style, ch);
}

const statusCell = (ind: CorpusIndicator, i = ind.statuses.length - 1): Cell => ind.statuses[i] ?? null;

// ── Tables ──────────────────────────────────────────────────────────────────────────────────────

interface Column {
  head: Cell;
  cell(ind: CorpusIndicator, section: CorpusSection): Cell;
}

interface TableSpec {
  columns: Column[];
  /** The header block; one row of the columns' heads unless given. */
  header?: (sheet: SheetBuilder) => void;
  /** Section names as one-cell heading rows (else a column or the sheet carries them). */
  headingRows: boolean;
  /** A page break (blank rows, then the header again) after this many indicator rows. */
  pageEvery?: number;
  /** Chance of a blank row before an indicator row. */
  blankInside?: number;
  /** Rows to slip in before an indicator, by its position in the whole scorecard. */
  insertBefore?: Map<number, (sheet: SheetBuilder) => void>;
}

const headRow = (columns: Column[]) => (sheet: SheetBuilder) => void sheet.add(columns.map((c) => c.head));

function writeTable(sheet: SheetBuilder, sections: readonly CorpusSection[], spec: TableSpec, ch: Chooser): void {
  const header = spec.header ?? headRow(spec.columns);
  header(sheet);
  let sincePage = 0;
  let position = 0;
  const pageBreak = () => {
    if (spec.pageEvery === undefined || sincePage < spec.pageEvery) return false;
    sheet.blank(ch.int(1, 3));
    header(sheet);
    sincePage = 0;
    return true;
  };
  for (const section of sections) {
    pageBreak();
    if (spec.headingRows) sheet.add([section.title]);
    for (const ind of section.indicators) {
      if (!pageBreak() && spec.blankInside && ch.bool(spec.blankInside)) sheet.blank();
      spec.insertBefore?.get(position)?.(sheet);
      sheet.add(spec.columns.map((c) => c.cell(ind, section)));
      sincePage++;
      position++;
    }
  }
}

const pickStyle = (ch: Chooser) => ch.one<ValueStyle>(['typed', 'typed', 'text', 'mixed']);

/** ID (when shown) and measure, headed as most layouts head them. */
function keyColumns(ch: Chooser, ids: boolean, style: ValueStyle): Column[] {
  const typedIds = style !== 'text' && ch.bool();
  return [
    ...(ids ? [{ head: ch.one(['ID', 'Ref', 'PI Ref', 'KPI Ref']), cell: (i: CorpusIndicator) => idCell(i.id, typedIds) }] : []),
    { head: ch.one(['Measure', 'Indicator', 'Performance indicator', 'Indicator Description']), cell: (i) => i.title },
  ];
}

/** The key columns, then periods and target in either order, then maybe a RAG column. */
function plainColumns(sc: CorpusScorecard, ch: Chooser, key: Column[], style: ValueStyle, periodHead: (p: CorpusPeriod) => Cell, status: boolean): Column[] {
  const target: Column = { head: ch.one(['Target', 'Year End Target', 'Annual target']), cell: (i) => targetCell(i.target, style !== 'text') };
  const rag: Column[] = status ? [{ head: ch.one(['RAG', 'Status', 'RAG rating']), cell: (i) => statusCell(i) }] : [];
  const periods = periodColumns(sc, periodHead, style, ch);
  return ch.bool() ? [...key, target, ...periods, ...rag] : [...key, ...periods, target, ...rag];
}

/** The usual table: ID when the scorecard shows them, measure, periods, target, maybe RAG. */
function usualColumns(sc: CorpusScorecard, ch: Chooser, periodHead: (p: CorpusPeriod) => Cell, status: boolean): Column[] {
  const style = pickStyle(ch);
  return plainColumns(sc, ch, keyColumns(ch, sc.showIds, style), style, periodHead, status);
}

function periodColumns(sc: CorpusScorecard, head: (p: CorpusPeriod) => Cell, style: ValueStyle, ch: Chooser): Column[] {
  return sc.periods.map((p, k) => ({ head: head(p), cell: (ind: CorpusIndicator) => valueCell(ind, ind.values[k]!, style, ch) }));
}

/** Zero to two blank rows, maybe a title row: what sits above most tables. */
function preamble(sheet: SheetBuilder, sc: CorpusScorecard, ch: Chooser, label: Label): void {
  sheet.blank(ch.int(0, 2));
  if (!ch.bool(0.6)) return;
  const org = ch.one(["Children's Services", 'Adult Social Care', 'Corporate', 'Northbridge Borough Council']);
  sheet.add([ch.bool() ? `${org} Performance Scorecard – ${label(sc.periods.at(-1)!)}` : `${org} Performance Scorecard`]);
  sheet.blank(ch.int(0, 2));
}

const xlsx = (file: string, ...sheets: SheetBuilder[]): BookSpec => ({ file, sheets: sheets.map((s) => s.spec()), csv: null });

const SHOWN: Shown = { ids: true, polarityWords: null, target: 'single', status: 'none', commentary: false, lead: false };

// ── The published layouts ───────────────────────────────────────────────────────────────────────

/** Like the monthly example: a header per section whose measure cell is the section name, narrative rows under each table. */
function monthlyPublished(sc: CorpusScorecard): LayoutOutput {
  const ch = new Chooser(sc.seed);
  const sheet = new SheetBuilder('Scorecard');
  const head = sc.frequency === 'month' && ch.bool(0.7) ? MONTH_LABELS[0]! : labeller(sc, ch);
  sheet.blank(ch.int(0, 4));
  if (ch.bool()) {
    sheet.add([
      'RAG rating for actuals against targets (it is not appropriate to have targets for all indicators)',
      'On target',
      'Within 15% of target',
      'More than 15% from target',
    ]);
    sheet.add(['Direction of travel shown between current and previous month (green indicates an improvement and amber indicates a decline)', '▲', '▼']);
    sheet.blank();
  }
  if (ch.bool()) {
    sheet.add(['Indicators of Success']);
    sheet.blank();
    sheet.add(['The indicators below will demonstrate change achieved']);
    sheet.blank();
  }
  const typedIds = ch.bool();
  for (const section of sc.sections) {
    const heading = ch.bool(0.3) ? `${section.title} - ${section.title} information only` : section.title;
    sheet.add(['ID', heading, ...sc.periods.map(head), 'Target', 'SN av', 'Direction of travel']);
    for (const ind of section.indicators) {
      if (ch.bool(0.05)) sheet.blank();
      const values = sc.periods.map((_, k) => valueCell(ind, ind.values[k]!, 'typed', ch));
      sheet.add([
        idCell(ind.id, typedIds),
        ind.title,
        ...values,
        targetCell(ind.target, true),
        benchmarkCell(ind, 'typed', ch),
        ch.one(['▲', '▼', '◀ ▶', null]),
      ]);
    }
    narrativeRows(sheet, sc, section, ch);
    sheet.blank(ch.int(1, 2));
  }
  return { book: xlsx('monthly-scorecard.xlsx', sheet), expected: expectScorecard(sc, { ...SHOWN, commentary: true }) };
}

/** `Narrative:` then `ID 3: …` rows, as the monthly example writes commentary under a table. */
function narrativeRows(sheet: SheetBuilder, sc: CorpusScorecard, section: CorpusSection, ch: Chooser): void {
  const commented = section.indicators.filter((i) => i.commentary !== null);
  if (commented.length === 0) return;
  if (ch.bool()) sheet.blank();
  sheet.add(['Narrative:']);
  for (const ind of commented) {
    const prefix = sc.idStyle === 'prefixed' ? `${ind.id}: ` : ch.one([`ID ${ind.id}: `, `ID${ind.id}: `, ` ID ${ind.id}: `, `ID ${ind.id} - `]);
    sheet.add([`${prefix}${ind.commentary}`]);
  }
}

/** Like the quarterly example: title row, one header repeated at page breaks, one-cell section rows, RAG and comments. */
function quarterlyPublished(sc: CorpusScorecard): LayoutOutput {
  const ch = new Chooser(sc.seed);
  const sheet = new SheetBuilder('Scorecard');
  const label = sc.frequency === 'quarter' ? QUARTER_LABELS[0]! : labeller(sc, ch);
  sheet.blank(ch.int(0, 2));
  sheet.add([`Children's Services Scorecard - ${label(sc.periods.at(-1)!)}`]);
  sheet.blank();
  const typedIds = ch.bool();
  const words = { ...POLARITY_WORDS[0]!, none: ch.one(['N/A', null]) };
  const columns: Column[] = [
    { head: 'PI Ref', cell: (i) => idCell(i.id, typedIds) },
    { head: 'Measure', cell: (i) => i.title },
    { head: 'Lead for comments', cell: (i) => i.lead },
    { head: 'Polarity', cell: (i) => polarityText(i, words) },
    { head: 'Stat Neigh Av', cell: (i) => benchmarkCell(i, 'typed', ch) },
    { head: 'National Av', cell: (i) => benchmarkCell(i, 'typed', ch) },
    { head: 'Target', cell: (i) => targetCell(i.target, true) },
    ...periodColumns(sc, label, 'typed', ch),
    { head: 'RAG', cell: (i) => statusCell(i) },
    { head: sc.frequency === 'quarter' ? 'Quarterly dir of travel' : 'Monthly dir of travel', cell: () => ch.one(['↑', '↓', '→', '⬆', '⬇', null]) },
    { head: 'Comments', cell: (i) => i.commentary },
    ...(ch.bool() ? [{ head: 'C&YP Plan Priority', cell: () => ch.one(['2 Feel & Be Safe', '1 Be Healthy', '3 Achieve']) }] : []),
  ];
  writeTable(sheet, sc.sections, { columns, headingRows: true, pageEvery: ch.int(4, 10) }, ch);
  const shown: Shown = { ids: true, polarityWords: words, target: 'single', status: 'latest', commentary: true, lead: true };
  return { book: xlsx('quarterly-scorecard.xlsx', sheet), expected: expectScorecard(sc, shown) };
}

/** Like the KPI dashboard export: page furniture, a run date, units in a column, bare figures. */
function dashboardPublished(sc: CorpusScorecard): LayoutOutput {
  const ch = new Chooser(sc.seed);
  const sheet = new SheetBuilder('KPI Report');
  const last = sc.periods.at(-1)!;
  const oneYear = sc.frequency === 'month' && sc.periods.every((p) => p.fyStart === last.fyStart);
  const head: (p: CorpusPeriod) => Cell = oneYear && ch.bool() ? (p) => EXPORT_MON[p.end.month - 1]! : labeller(sc, ch);
  // Run after the month it reports on; the export prints the date as text.
  const run = new Date(Date.UTC(last.end.year, last.end.month, ch.int(1, 9)));
  sheet.add([`Children's Key Performance Indicators - ${labeller(sc, ch)(last)}`]);
  sheet.blank(3);
  sheet.add(["Children's Social Care"]);
  sheet.blank();
  sheet.add(['Performance Data']);
  sheet.blank();
  sheet.add([`${String(run.getUTCDate()).padStart(2, '0')}/${String(run.getUTCMonth() + 1).padStart(2, '0')}/${run.getUTCFullYear()}`]);
  sheet.blank();
  if (ch.bool()) {
    sheet.add(['Better than previously reported (↑)', ch.int(0, 20), null, 'Better than target', ch.int(0, 20)]);
    sheet.add(['Not as good as previously reported (↓)', ch.int(0, 20), null, 'Missing target', ch.int(0, 20)]);
    sheet.blank();
  }
  const words = POLARITY_WORDS[1]!;
  const target = (i: CorpusIndicator) => (i.target === null ? null : i.unit === '%' && /^\d+(\.\d+)?%$/.test(i.target) ? i.target.slice(0, -1) : i.target);
  const columns: Column[] = [
    { head: 'Indicator Num', cell: (i) => i.id },
    { head: 'Indicator Description', cell: (i) => i.title },
    { head: 'Lead Officer', cell: (i) => i.lead },
    { head: 'Service Group', cell: (_, s) => s.title },
    { head: 'Collected', cell: () => (sc.frequency === 'month' ? ch.one(['Monthly', 'Month End', 'Year to date']) : 'Quarterly') },
    { head: 'What is best', cell: (i) => polarityText(i, words) },
    { head: 'Measure of unit', cell: (i) => (i.unit === '%' ? '%' : 'Num') },
    { head: 'Latest England Av', cell: (i) => benchmarkCell(i, 'plain', ch) },
    { head: 'Latest North East Av', cell: (i) => benchmarkCell(i, 'plain', ch) },
    ...periodColumns(sc, head, 'plain', ch),
    { head: 'Trend from when last reported', cell: () => ch.one(['↑', '↓', '↔', null]) },
    { head: 'Year End Target', cell: (i) => targetCell(target(i), false) ?? '-' },
    { head: 'Performance against target', cell: (i) => statusCell(i) },
  ];
  writeTable(sheet, sc.sections, { columns, headingRows: false, pageEvery: ch.int(5, 15) }, ch);
  const shown: Shown = { ids: true, polarityWords: words, target: 'single', targetText: target, status: 'latest', commentary: false, lead: true };
  return { book: xlsx('kpi-report.xlsx', sheet), expected: expectScorecard(sc, shown) };
}

// ── Where the IDs are ───────────────────────────────────────────────────────────────────────────

/** Titles only; polarity in a column or in the wording; sections as rows or a column. */
function noIds(sc: CorpusScorecard): LayoutOutput {
  const ch = new Chooser(sc.seed);
  const sheet = new SheetBuilder(ch.one(['Scorecard', 'KPIs', 'Performance', 'Sheet1']));
  const label = labeller(sc, ch);
  preamble(sheet, sc, ch, label);
  const style = ch.one<ValueStyle>(['typed', 'text', 'mixed']);
  const polarity = ch.bool();
  const status = ch.bool();
  const comments = ch.bool();
  const sectionColumn = ch.bool(0.3);
  const words = ch.one(POLARITY_WORDS);
  const columns: Column[] = [
    { head: ch.one(['Measure', 'Indicator', 'Performance indicator', 'Description']), cell: (i) => i.title },
    ...(sectionColumn ? [{ head: ch.one(['Service area', 'Section', 'Theme']), cell: (_: CorpusIndicator, s: CorpusSection) => s.title }] : []),
    ...(polarity ? [{ head: ch.one(['Polarity', 'Good to be', 'What is best']), cell: (i: CorpusIndicator) => polarityText(i, words) }] : []),
    ...periodColumns(sc, label, style, ch),
    { head: 'Target', cell: (i) => targetCell(i.target, style !== 'text') },
    ...(status ? [{ head: 'RAG', cell: (i: CorpusIndicator) => statusCell(i) }] : []),
    ...(comments ? [{ head: 'Comments', cell: (i: CorpusIndicator) => i.commentary }] : []),
  ];
  writeTable(sheet, sc.sections, { columns, headingRows: !sectionColumn, blankInside: 0.05 }, ch);
  const shown: Shown = { ...SHOWN, ids: false, polarityWords: polarity ? words : null, status: status ? 'latest' : 'none', commentary: comments };
  return { book: xlsx('kpis.xlsx', sheet), expected: expectScorecard(sc, shown) };
}

/** IDs in column A under a blank heading. */
function idsUnlabelled(sc: CorpusScorecard): LayoutOutput {
  const ch = new Chooser(sc.seed);
  const sheet = new SheetBuilder('Scorecard');
  const label = labeller(sc, ch);
  preamble(sheet, sc, ch, label);
  const style = pickStyle(ch);
  const status = ch.bool();
  const [, title] = keyColumns(ch, true, style);
  const columns = plainColumns(sc, ch, [{ head: null, cell: (i) => i.id }, title!], style, label, status);
  writeTable(sheet, sc.sections, { columns, headingRows: true }, ch);
  return { book: xlsx('kpis.xlsx', sheet), expected: expectScorecard(sc, { ...SHOWN, status: status ? 'latest' : 'none' }) };
}

/** `12 Number of contacts` in the measure column, and no ID column. */
function idsInTitles(sc: CorpusScorecard): LayoutOutput {
  const ch = new Chooser(sc.seed);
  const sheet = new SheetBuilder('Scorecard');
  const label = labeller(sc, ch);
  preamble(sheet, sc, ch, label);
  const separator = ch.one([' ', '. ', ' - ', ': ']);
  const key: Column = { head: ch.one(['Measure', 'Indicator']), cell: (i) => `${i.id}${separator}${i.title}` };
  const columns = plainColumns(sc, ch, [key], pickStyle(ch), label, false);
  writeTable(sheet, sc.sections, { columns, headingRows: true }, ch);
  return { book: xlsx('kpis.xlsx', sheet), expected: expectScorecard(sc, SHOWN) };
}

// ── Date headings ───────────────────────────────────────────────────────────────────────────────

function dateHeadings(head: (p: CorpusPeriod, ch: Chooser) => Cell) {
  return (sc: CorpusScorecard): LayoutOutput => {
    const ch = new Chooser(sc.seed);
    const sheet = new SheetBuilder(ch.one(['Scorecard', 'Monthly KPIs', 'Data']));
    preamble(sheet, sc, ch, MONTH_LABELS[2]!);
    const status = ch.bool();
    const columns = usualColumns(sc, ch, (p) => head(p, ch), status);
    writeTable(sheet, sc.sections, { columns, headingRows: true }, ch);
    return { book: xlsx('kpis.xlsx', sheet), expected: expectScorecard(sc, { ...SHOWN, ids: sc.showIds, status: status ? 'latest' : 'none' }) };
  };
}

const DATE_FORMATS = ['dd/mm/yyyy', 'mmm-yy', 'mmmm yyyy'];

function monthEndHeadings(sc: CorpusScorecard): LayoutOutput {
  const z = new Chooser(sc.seed ^ 0x5eed).one(DATE_FORMATS);
  return dateHeadings((p) => dateCell(p, z, 'last'))(sc);
}

function mixedHeadings(sc: CorpusScorecard): LayoutOutput {
  const text = labeller(sc, new Chooser(sc.seed ^ 0x5eed));
  return dateHeadings((p, ch) => (ch.bool() ? text(p) : dateCell(p, ch.one(['mmm-yy', 'mmmm yyyy']), 'first')))(sc);
}

// ── Header blocks of two rows ───────────────────────────────────────────────────────────────────

/** Metadata headings either merged down over both header rows or written in the second only. */
function metaHeads(sheet: SheetBuilder, heads: Cell[], mergeDown: boolean, top: number): { row1: Cell[]; row2: Cell[] } {
  if (mergeDown) for (let c = 0; c < heads.length; c++) sheet.merge(top, c, top + 1, c);
  return { row1: mergeDown ? heads : heads.map(() => null), row2: mergeDown ? heads.map(() => null) : heads };
}

/** `2024/25` merged over its months in row 1, `Apr | May | …` in row 2. */
function yearOverMonths(sc: CorpusScorecard): LayoutOutput {
  const ch = new Chooser(sc.seed);
  const sheet = new SheetBuilder('Scorecard');
  preamble(sheet, sc, ch, MONTH_LABELS[0]!);
  const style = ch.one<ValueStyle>(['typed', 'text', 'mixed']);
  const ids = sc.showIds;
  const monthName = ch.one([(m: number) => MON[m - 1]!, (m: number) => EXPORT_MON[m - 1]!, (m: number) => MONTH[m - 1]!]);
  const yearName = ch.one([(fy: number) => `${fy}/${yy(fy + 1)}`, (fy: number) => `${fy}-${yy(fy + 1)}`, (fy: number) => `FY ${fy}/${yy(fy + 1)}`]);
  const mergeDown = ch.bool();
  const meta: Column[] = [...(ids ? [{ head: 'ID', cell: (i: CorpusIndicator) => i.id }] : []), { head: 'Measure', cell: (i) => i.title }];
  const target: Column = { head: 'Target', cell: (i) => targetCell(i.target, style !== 'text') };
  const periods = periodColumns(sc, () => null, style, ch);
  const targetFirst = ch.bool();
  const columns = targetFirst ? [...meta, target, ...periods] : [...meta, ...periods, target];
  const firstPeriod = meta.length + (targetFirst ? 1 : 0);
  const header = (s: SheetBuilder) => {
    const top = s.next;
    const metaCells = metaHeads(s, targetFirst ? [...meta, target].map((c) => c.head) : meta.map((c) => c.head), mergeDown, top);
    const row1: Cell[] = [...metaCells.row1, ...sc.periods.map(() => null)];
    const row2: Cell[] = [...metaCells.row2, ...sc.periods.map((p) => monthName(p.end.month))];
    sc.periods.forEach((p, k) => {
      const c = firstPeriod + k;
      if (k === 0 || sc.periods[k - 1]!.fyStart !== p.fyStart) {
        row1[c] = yearName(p.fyStart);
        const span = sc.periods.filter((q) => q.fyStart === p.fyStart).length;
        s.merge(top, c, top, c + span - 1);
      }
    });
    if (!targetFirst) {
      const c = firstPeriod + sc.periods.length;
      if (mergeDown) {
        row1[c] = 'Target';
        s.merge(top, c, top + 1, c);
      } else row2[c] = 'Target';
    }
    s.add(row1);
    s.add(row2);
  };
  writeTable(sheet, sc.sections, { columns, header, headingRows: true }, ch);
  return { book: xlsx('kpis.xlsx', sheet), expected: expectScorecard(sc, { ...SHOWN, ids }) };
}

/** `Jun-24` merged over three columns, `Actual | Target | Status` under each. */
function periodGroups(sc: CorpusScorecard): LayoutOutput {
  const ch = new Chooser(sc.seed);
  const sheet = new SheetBuilder('Scorecard');
  const label = labeller(sc, ch);
  preamble(sheet, sc, ch, label);
  const style = ch.one<ValueStyle>(['typed', 'text', 'mixed']);
  const ids = sc.showIds;
  const mergeDown = ch.bool();
  const [actual, tgt, status] = [ch.one(['Actual', 'Value', 'Result']), ch.one(['Target', 'Tgt']), ch.one(['Status', 'RAG'])];
  const meta: Column[] = [...(ids ? [{ head: ch.one(['ID', 'Ref']), cell: (i: CorpusIndicator) => i.id }] : []), { head: 'Measure', cell: (i) => i.title }];
  const groups: Column[] = sc.periods.flatMap((_, k) => [
    { head: actual, cell: (i: CorpusIndicator) => valueCell(i, i.values[k]!, style, ch) },
    { head: tgt, cell: (i: CorpusIndicator) => targetCell(i.target, style !== 'text') },
    { head: status, cell: (i: CorpusIndicator) => statusCell(i, k) },
  ]);
  const header = (s: SheetBuilder) => {
    const top = s.next;
    const metaCells = metaHeads(
      s,
      meta.map((c) => c.head),
      mergeDown,
      top,
    );
    const row1: Cell[] = [...metaCells.row1, ...groups.map(() => null)];
    sc.periods.forEach((p, k) => {
      const c = meta.length + 3 * k;
      row1[c] = label(p);
      s.merge(top, c, top, c + 2);
    });
    s.add(row1);
    s.add([...metaCells.row2, ...groups.map((g) => g.head)]);
  };
  writeTable(sheet, sc.sections, { columns: [...meta, ...groups], header, headingRows: true }, ch);
  return { book: xlsx('kpis.xlsx', sheet), expected: expectScorecard(sc, { ...SHOWN, ids, target: 'per-period', status: 'per-period' }) };
}

// ── Where the sections are ──────────────────────────────────────────────────────────────────────

function sectionsColumn(sc: CorpusScorecard): LayoutOutput {
  const ch = new Chooser(sc.seed);
  const sheet = new SheetBuilder('Scorecard');
  const label = labeller(sc, ch);
  preamble(sheet, sc, ch, label);
  const status = ch.bool();
  const columns = usualColumns(sc, ch, label, status);
  const section: Column = { head: ch.one(['Directorate', 'Service', 'Section', 'Service area']), cell: (_, s) => s.title };
  columns.splice(ch.one([0, sc.showIds ? 2 : 1, columns.length]), 0, section);
  writeTable(sheet, sc.sections, { columns, headingRows: false }, ch);
  return { book: xlsx('kpis.xlsx', sheet), expected: expectScorecard(sc, { ...SHOWN, ids: sc.showIds, status: status ? 'latest' : 'none' }) };
}

/** Section names in column A, merged down over their rows. */
function sectionsMergedDown(sc: CorpusScorecard): LayoutOutput {
  const ch = new Chooser(sc.seed);
  const sheet = new SheetBuilder('Scorecard');
  const label = labeller(sc, ch);
  preamble(sheet, sc, ch, label);
  const columns = usualColumns(sc, ch, label, false);
  sheet.add([ch.one([null, 'Area']), ...columns.map((c) => c.head)]);
  const gap = ch.bool(0.3);
  for (const section of sc.sections) {
    const first = sheet.next;
    section.indicators.forEach((ind, k) => {
      sheet.add([k === 0 ? section.title : null, ...columns.map((c) => c.cell(ind, section))]);
    });
    sheet.merge(first, 0, sheet.next - 1, 0);
    if (gap) sheet.blank();
  }
  return { book: xlsx('kpis.xlsx', sheet), expected: expectScorecard(sc, { ...SHOWN, ids: sc.showIds }) };
}

/** One sheet per section, named for it; sometimes a notes sheet in front. */
function sheetPerSection(sc: CorpusScorecard): LayoutOutput {
  const ch = new Chooser(sc.seed);
  const label = labeller(sc, ch);
  const status = ch.bool();
  const sheets: SheetBuilder[] = [];
  if (ch.bool(0.3)) {
    const notes = new SheetBuilder('Notes');
    notes.add(['This workbook holds the monthly performance indicators, one sheet per service.']);
    notes.add(['Figures for the latest month are provisional.']);
    sheets.push(notes);
  }
  for (const section of sc.sections) {
    const sheet = new SheetBuilder(section.title);
    preamble(sheet, sc, ch, label);
    const columns = usualColumns(sc, ch, label, status);
    writeTable(sheet, [section], { columns, headingRows: false }, ch);
    sheets.push(sheet);
  }
  return { book: xlsx('kpis.xlsx', ...sheets), expected: expectScorecard(sc, { ...SHOWN, ids: sc.showIds, status: status ? 'latest' : 'none' }) };
}

// ── Long format ─────────────────────────────────────────────────────────────────────────────────

/** One row per indicator and period: `ID | Measure | Period | Value | Target | Status`. */
function longFormat(sc: CorpusScorecard): LayoutOutput {
  const ch = new Chooser(sc.seed);
  const sheet = new SheetBuilder(ch.one(['Data', 'Long', 'Export']));
  const label = labeller(sc, ch);
  const style = ch.one<ValueStyle>(['typed', 'text', 'mixed']);
  const dated = sc.frequency === 'month' && ch.bool(0.3);
  const last = sc.periods.length - 1;
  type LongColumn = { head: string; cell(ind: CorpusIndicator, section: CorpusSection, k: number): Cell };
  const key: LongColumn[] = [
    ...(sc.showIds ? [{ head: 'ID', cell: (i: CorpusIndicator) => i.id }] : []),
    { head: ch.one(['Measure', 'Indicator']), cell: (i) => i.title },
  ];
  const rest: LongColumn[] = ch.shuffle([
    { head: ch.one(['Section', 'Service area']), cell: (_, s) => s.title },
    { head: 'Target', cell: (i) => targetCell(i.target, style !== 'text') },
    { head: ch.one(['Status', 'RAG']), cell: (i, _, k) => statusCell(i, k) },
    { head: 'Comments', cell: (i, _, k) => (k === last ? i.commentary : null) },
  ]);
  const period: LongColumn[] = [
    {
      head: sc.frequency === 'month' ? ch.one(['Period', 'Month']) : ch.one(['Period', 'Quarter']),
      cell: (_, __, k) => (dated ? dateCell(sc.periods[k]!, 'mmm-yy', 'first') : label(sc.periods[k]!)),
    },
    { head: ch.one(['Value', 'Actual', 'Result']), cell: (i, _, k) => valueCell(i, i.values[k]!, style, ch) },
  ];
  const columns = [...key, ...rest.slice(0, 1), ...period, ...rest.slice(1)];
  sheet.add(columns.map((c) => c.head));
  const rows = sc.sections.flatMap((s) => s.indicators.flatMap((ind) => sc.periods.map((_, k) => ({ ind, s, k }))));
  const ordered = ch.bool() ? rows : [...rows].sort((a, b) => a.k - b.k);
  for (const { ind, s, k } of ordered) sheet.add(columns.map((c) => c.cell(ind, s, k)));
  const shown: Shown = { ...SHOWN, ids: sc.showIds, target: 'either', status: 'per-period', commentary: true };
  return { book: xlsx('kpis.xlsx', sheet), expected: expectScorecard(sc, shown) };
}

// ── Page furniture ──────────────────────────────────────────────────────────────────────────────

/** The header repeated after page-break blank rows, and blank rows inside tables. */
function repeatedHeaders(sc: CorpusScorecard): LayoutOutput {
  const ch = new Chooser(sc.seed);
  const sheet = new SheetBuilder('Scorecard');
  const label = labeller(sc, ch);
  preamble(sheet, sc, ch, label);
  const columns = usualColumns(sc, ch, label, true);
  writeTable(sheet, sc.sections, { columns, headingRows: true, pageEvery: ch.int(2, 6), blankInside: 0.15 }, ch);
  return { book: xlsx('kpis.xlsx', sheet), expected: expectScorecard(sc, { ...SHOWN, ids: sc.showIds, status: 'latest' }) };
}

/** A withdrawn indicator in a hidden row, and a hidden draft sheet: neither may be read. */
function hiddenRowsAndSheet(sc: CorpusScorecard): LayoutOutput {
  const ch = new Chooser(sc.seed);
  const sheet = new SheetBuilder('Scorecard');
  const label = labeller(sc, ch);
  preamble(sheet, sc, ch, label);
  const columns = usualColumns(sc, ch, label, false);
  const count = sc.sections.reduce((n, s) => n + s.indicators.length, 0);
  const hiddenAt: number[] = [];
  const withdrawn = (s: SheetBuilder) =>
    void hiddenAt.push(
      s.add(
        columns.map((c) => c.cell(sc.spare, sc.sections[0]!)),
        { hidden: true },
      ),
    );
  writeTable(sheet, sc.sections, { columns, headingRows: true, insertBefore: new Map([[ch.int(0, count - 1), withdrawn]]) }, ch);

  const draft = new SheetBuilder('Draft', true);
  draft.add(['DRAFT – not for publication']);
  const first = sc.sections[0]!;
  const older = { ...first, indicators: first.indicators.map((i) => ({ ...i, values: i.values.map(nudge) })) };
  writeTable(draft, [older], { columns: usualColumns(sc, ch, label, false), headingRows: true }, ch);

  const expected = expectScorecard(sc, { ...SHOWN, ids: sc.showIds });
  expected.absent.push({ id: sc.spare.id, title: sc.spare.title, why: 'the withdrawn indicator in a hidden row' });
  expected.hiddenRows.push(...hiddenAt.map((r) => ({ sheet: sheet.name, row: r + 1 })));
  expected.hiddenSheets.push(draft.name);
  return { book: ch.bool() ? xlsx('kpis.xlsx', sheet, draft) : xlsx('kpis.xlsx', draft, sheet), expected };
}

/** A draft holds other figures, so reading it would show. */
const nudge = (v: CorpusValue): CorpusValue => (v.kind === 'number' ? { kind: 'number', value: v.value + 1 } : v);

// ── Text exports ────────────────────────────────────────────────────────────────────────────────

/** `1.036,5` for `1,036.5`: the number style of most of Europe. */
const decimalComma = (text: string) => text.replace(/[.,]/g, (c) => (c === '.' ? ',' : '.'));

function csvLayout(sc: CorpusScorecard, csv: CsvStyle, asText: (text: string) => string): LayoutOutput {
  const ch = new Chooser(sc.seed);
  const sheet = new SheetBuilder('csv');
  const label = labeller(sc, ch);
  if (ch.bool()) sheet.add([`Performance indicators ${label(sc.periods.at(-1)!)}`]);
  const sectionColumn = ch.bool(0.3);
  const lead = ch.bool();
  const comments = ch.bool();
  const value = (i: CorpusIndicator, k: number) => {
    const cell = valueCell(i, i.values[k]!, 'text', ch);
    return typeof cell === 'string' && i.values[k]!.kind === 'number' ? asText(cell) : cell;
  };
  const target = (i: CorpusIndicator) => (i.target === null ? null : /\d/.test(i.target) ? asText(i.target) : i.target);
  const columns: Column[] = [
    ...(sc.showIds ? [{ head: 'ID', cell: (i: CorpusIndicator) => i.id }] : []),
    { head: ch.one(['Indicator', 'Measure']), cell: (i) => i.title },
    ...(sectionColumn ? [{ head: 'Service area', cell: (_: CorpusIndicator, s: CorpusSection) => s.title }] : []),
    ...(lead ? [{ head: 'Lead officer', cell: (i: CorpusIndicator) => i.lead }] : []),
    ...sc.periods.map((p, k) => ({ head: label(p), cell: (i: CorpusIndicator) => value(i, k) })),
    { head: 'Target', cell: (i) => target(i) },
    { head: 'RAG', cell: (i) => statusCell(i) },
    ...(comments ? [{ head: 'Comments', cell: (i: CorpusIndicator) => i.commentary }] : []),
  ];
  writeTable(sheet, sc.sections, { columns, headingRows: !sectionColumn }, ch);
  const shown: Shown = { ...SHOWN, ids: sc.showIds, targetText: target, status: 'latest', commentary: comments, lead };
  return { book: { file: 'kpis.csv', sheets: [sheet.spec()], csv }, expected: expectScorecard(sc, shown) };
}

function csvSemicolon(sc: CorpusScorecard): LayoutOutput {
  const ch = new Chooser(sc.seed ^ 0xc5);
  // `1.036` is only readable as a thousand and thirty-six where some figure in the file shows a
  // decimal comma; without one no reader (or person) could tell, so the export leaves them out.
  const showsDecimalComma = allIndicators(sc).some((i) => i.decimals > 0 && i.values.some((v) => v.kind === 'number'));
  const asText = showsDecimalComma ? decimalComma : (t: string) => decimalComma(t.replace(/,(?=\d{3}\b)/g, ''));
  return csvLayout(sc, { delimiter: ';', encoding: 'utf-8', bom: ch.bool(), eol: ch.one(['\r\n', '\n'] as const) }, asText);
}

function csvWindows1252(sc: CorpusScorecard): LayoutOutput {
  const ch = new Chooser(sc.seed ^ 0xc5);
  return csvLayout(sc, { delimiter: ',', encoding: 'windows-1252', bom: false, eol: ch.one(['\r\n', '\n'] as const) }, (t) => t);
}

// ── The corpus ──────────────────────────────────────────────────────────────────────────────────

const months = { frequency: 'month' } as const;

export const LAYOUTS: readonly Layout[] = [
  { name: 'monthly-published', write: monthlyPublished },
  { name: 'quarterly-published', write: quarterlyPublished },
  { name: 'dashboard-published', write: dashboardPublished },
  { name: 'no-ids', write: noIds },
  { name: 'ids-unlabelled', write: idsUnlabelled },
  { name: 'ids-in-titles', write: idsInTitles, options: { idStyles: ['numeric', 'dotted'] } },
  { name: 'date-headings-mmm-yy', write: dateHeadings((p) => dateCell(p, 'mmm-yy', 'first')), options: months },
  { name: 'date-headings-mmmm-yyyy', write: dateHeadings((p) => dateCell(p, 'mmmm yyyy', 'first')), options: months },
  { name: 'date-headings-dd-mm-yyyy', write: dateHeadings((p) => dateCell(p, 'dd/mm/yyyy', 'first')), options: months },
  { name: 'date-headings-month-end', write: monthEndHeadings, options: months },
  { name: 'mixed-text-and-date-headings', write: mixedHeadings, options: months },
  { name: 'year-over-months', write: yearOverMonths, options: months },
  { name: 'period-groups', write: periodGroups },
  { name: 'sections-column', write: sectionsColumn },
  { name: 'sections-merged-down', write: sectionsMergedDown },
  // One sheet named "Scorecard" is no section; two or more sheets of one shape are.
  { name: 'sheet-per-section', write: sheetPerSection, options: { minSections: 2 } },
  { name: 'long-format', write: longFormat },
  { name: 'repeated-headers', write: repeatedHeaders },
  { name: 'hidden-rows-and-sheet', write: hiddenRowsAndSheet },
  { name: 'csv-semicolon-decimal-comma', write: csvSemicolon },
  { name: 'csv-windows-1252', write: csvWindows1252, options: { specialTitle: true } },
];
