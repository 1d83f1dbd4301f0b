import type { ColumnOverrides, SourceSpec } from '../model/config.js';
import type { IssueLog } from '../model/issues.js';
import { type Period, dateBare, financialYearOf, monthPeriod, nextCentury, parsePeriodLabel, partYearPeriod, quarterPeriod } from '../model/period.js';
import { readPublishedRating } from '../model/published.js';
import { type ColumnMap, quoted } from '../model/scorecard.js';
import { type ColumnRole, META_ROLES, type MetaRole, type PeriodPart, normHeader, parsePolarity, readPartWords, recogniseHeader } from './columns.js';
import { type Grid, at, cellText, colIndex, colLetter, isBlankRow, rowAt } from './grid.js';
import { parseCell } from './parseCell.js';
import { type Label, type PeriodLike, isBare } from './label.js';
import type { SheetView } from './view.js';

/** A column's role once its periods are dated. */
export type Role = ColumnRole | { role: 'per-period'; part: PeriodPart; period: Period };

/** A role straight from the heading, before bare months and year-to-date columns get their year. */
type RawRole = ColumnRole | { role: 'per-period'; part: PeriodPart; period: PeriodLike | null; ytd: boolean };

export type FoundBy = ColumnMap['by'];

export interface Table {
  /** 0-based rows of the header block. */
  headerRows: number[];
  cols: Map<number, Role>;
  by: Map<number, FoundBy>;
  /** The heading text of each column (stacked rows joined with ` › `). */
  headings: Map<number, string>;
  meta: Partial<Record<MetaRole, number>>;
  /** The newest period among the table's value columns, which a narrative under the table is about. */
  newest: Period | null;
  /** One row per indicator and period (`ID | Period | Value`), not one column per period. */
  long: boolean;
  /** The column that says which part of an indicator a row holds (`Actual`, `Target`, `RAG`). */
  partCol: number | undefined;
}

export interface HeaderFound {
  table: Table;
  /** The monthly layout names the section where the measure heading would be. */
  section: { title: string; note: string | null; col: number } | null;
}

/** Why the likeliest header row of a sheet was not taken as one, for the message when nothing is read. */
export interface NearMiss {
  row: number;
  score: number;
  why: string;
}

const MAX_BLOCK = 3;
const isMeta = (role: string): role is MetaRole => (META_ROLES as readonly string[]).includes(role);
const plain = (label: Label) => label.period === null && label.part === null && !label.ytd;

/**
 * Looks for a table's header block starting at row `r`: one to three rows whose labels, combined
 * per column (merged cells spread over their span), name the columns. Each extra row must add
 * something — a year over bare months, `Actual | Target | Status` under a period — or it is not
 * part of the header. Returns null, with the reason when the row came close.
 */
export function findHeader(
  grid: Grid,
  view: SheetView,
  r: number,
  spec: SourceSpec,
  log: IssueLog,
  forced: boolean,
  miss: (m: NearMiss) => void,
): HeaderFound | null {
  let best: { rows: number[]; roles: Map<number, RawRole>; score: number } | null = null;
  for (let k = 1; k <= MAX_BLOCK; k++) {
    const rows = Array.from({ length: k }, (_, i) => r + i);
    if (rows.some((i) => i >= grid.rows.length || isBlankRow(grid.rows[i]))) break;
    if (k > 1 && !view.labelRow(rows[k - 1]!)) break;
    const roles = blockRoles(view, rows);
    const score = scoreRoles(roles);
    // Only periods, their parts and the ID and measure headings justify another header row: a data
    // row under the header can happen to hold a word such as "Average".
    const core = scoreRoles(roles, true);
    const others = (i: number) => rows.filter((_, j) => j !== i);
    if (k > 1 && rows.some((_, i) => scoreRoles(blockRoles(view, others(i)), true) >= core)) continue;
    const why = disqualified(roles, spec.columns);
    if (why !== null) {
      if (k === 1 && score > 0) miss({ row: r, score, why });
      continue;
    }
    if (!best || score > best.score) best = { rows, roles, score };
    if (forced) break;
  }
  if (!best && forced) {
    const roles = blockRoles(view, [r]);
    if (roles.size === 0) {
      log.error(
        'header-row-empty',
        `headerRow ${r + 1} is empty in sheet "${grid.sheet}".`,
        rowAt(grid, r),
        'Set `headerRow:` to the row holding the column headings.',
      );
      return null;
    }
    best = { rows: [r], roles, score: scoreRoles(roles) };
  }
  if (!best) return null;
  return buildTable(grid, view, best.rows, best.roles, spec, log, forced, miss);
}

function disqualified(roles: Map<number, RawRole>, overrides: ColumnOverrides | undefined): string | null {
  const has = (role: string) => [...roles.values()].some((x) => x.role === role);
  const periods = new Set([...roles.values()].flatMap((x) => (x.role === 'per-period' && x.part === 'value' && x.period ? [periodKey(x.period)] : []))).size;
  const known = [...roles.values()].filter((x) => x.role !== 'unknown' && x.role !== 'attribute').length;
  const key = has('id') || has('title') || overrides?.id !== undefined || overrides?.title !== undefined;
  if (key && (periods > 0 || known >= 3 || has('target'))) return null;
  if (periods >= 2) return null;
  if (!key) return periods === 1 ? 'it has one period heading but no ID or measure heading' : 'it has no ID or measure heading and no period headings';
  return 'it names an ID or measure column but no period, target or other known columns';
}

/** Distinct things the headings name; a year that dates twelve bare months counts for all of them. */
function scoreRoles(roles: Map<number, RawRole>, core = false): number {
  const seen = new Set<string>();
  let score = 0;
  for (const x of roles.values()) {
    if (x.role === 'unknown' || x.role === 'attribute') continue;
    let key: string;
    let weight = 1;
    if (x.role === 'per-period') {
      key = `p ${x.part} ${x.ytd} ${x.period ? periodKey(x.period) : ''}`;
      weight = x.period && !isBare(x.period) ? 1 : 0.5;
    } else if (core && x.role !== 'id' && x.role !== 'title') continue;
    else if (x.role === 'benchmark') key = `b ${x.name}`;
    else {
      key = x.role;
      if (x.role === 'id' || x.role === 'title') weight = 2;
    }
    if (!seen.has(key)) {
      seen.add(key);
      score += weight;
    }
  }
  return score;
}

const periodKey = (p: PeriodLike) => (isBare(p) ? `bare ${p.label.toLowerCase()}` : p.id);

function blockRoles(view: SheetView, rows: number[]): Map<number, RawRole> {
  const roles = new Map<number, RawRole>();
  const width = Math.max(...rows.map((r) => view.width(r)));
  const stacks = stackLabels(view, rows, width);
  for (let c = 0; c < width; c++) if (stacks[c]!.length > 0) roles.set(c, resolveStack(stacks[c]!));
  return roles;
}

/**
 * Each column's labels, top to bottom. A group label in an upper row that is not merged
 * ("centre across selection" looks like a merge on screen but is not one in the file) also covers
 * the blank cells to its right whose lower labels are of the same kind as the one under it: a year
 * over `Apr | May | …` stops at `Target`; `Jun-24` over `Actual | Target | Status` covers all three.
 */
function stackLabels(view: SheetView, rows: number[], width: number): Label[][] {
  const stacks: Label[][] = Array.from({ length: width }, () => []);
  const bottom = rows[rows.length - 1]!;
  const kind = (l: Label | null) =>
    l === null ? null : l.period !== null && l.part === null ? 'period' : l.part !== null && l.period === null ? 'part' : 'other';
  rows.forEach((r, i) => {
    let group: { label: Label; under: string | null } | null = null;
    for (let c = 0; c < width; c++) {
      let label = view.label(r, c);
      if (label) {
        const grouping = i < rows.length - 1 && !view.mergedAcross(r, c) && (label.period !== null || label.part !== null || label.ytd);
        group = grouping ? { label, under: kind(view.label(bottom, c)) } : null;
      } else if (group && group.under !== 'other' && kind(view.label(bottom, c)) === group.under) label = group.label;
      else group = null;
      if (label && stacks[c]!.at(-1)?.text !== label.text) stacks[c]!.push(label);
    }
  });
  return stacks;
}

/** Combines a column's labels, top to bottom: the lowest period, dated by a year above it; the lowest part. */
function resolveStack(labels: Label[]): RawRole {
  const bottom = labels[labels.length - 1]!;
  let period: PeriodLike | null = null;
  let year: Period | null = null;
  for (const l of labels) {
    if (!l.period) continue;
    if (!isBare(l.period) && l.period.kind === 'year') year = l.period;
    if (!l.unknown || l === bottom) period = l.period;
  }
  // Dated by a year above it, `Apr` reads `Apr-24`: two years of months must not both read `Apr`.
  if (period && isBare(period) && year) period = canonical(dateBare(period, Number(year.start.slice(0, 4))));
  const part = [...labels].reverse().find((l) => l.part !== null)?.part ?? null;
  const ytd = labels.some((l) => l.ytd);

  if (plain(bottom) || (bottom.unknown && bottom.part === null && !bottom.ytd)) {
    const meta = recogniseHeader(bottom.text, 'wide');
    if (meta.role !== 'unknown') return meta;
    if (labels.slice(0, -1).some((l) => recogniseHeader(l.text, 'wide').role === 'benchmark')) return { role: 'benchmark', name: bottom.text };
    return { role: 'unknown' };
  }
  if (period === null && !ytd) return partAsMeta(part ?? 'value');
  return { role: 'per-period', part: part ?? 'value', period, ytd };
}

function canonical(p: Period): Period {
  const [y, m] = p.end.split('-').map(Number) as [number, number];
  return p.kind === 'month' ? monthPeriod(y, m) : quarterPeriod(financialYearOf(y, m), Number(p.id.slice(-1)));
}

/** `Target`, `RAG`, `Comments` with no period over or beside them are the indicator's own columns. */
function partAsMeta(part: PeriodPart): ColumnRole {
  const meta: Record<PeriodPart, MetaRole> = {
    value: 'value',
    target: 'target',
    status: 'rag',
    trend: 'direction',
    commentary: 'commentary',
    numerator: 'numerator',
    denominator: 'denominator',
  };
  return { role: meta[part] };
}

function buildTable(
  grid: Grid,
  view: SheetView,
  rows: number[],
  raw: Map<number, RawRole>,
  spec: SourceSpec,
  log: IssueLog,
  forced: boolean,
  miss: (m: NearMiss) => void,
): HeaderFound | null {
  const top = rows[0]!;
  const cols = new Map<number, RawRole>(raw);
  const by = new Map<number, FoundBy>([...cols.keys()].map((c) => [c, 'heading']));
  const width = Math.max(...rows.map((r) => view.width(r)), ...sampleRows(grid, rows).map((r) => grid.rows[r]!.length));
  const stacks = stackLabels(view, rows, width);
  const headings = new Map<number, string>(stacks.map((labels, c) => [c, labels.map((l) => l.text).join(' › ')]));
  const samples = sampleRows(grid, rows);
  const texts = (c: number) => samples.map((r) => cellText(view.data(r, c))).filter((t) => t !== '');

  const meta = metaOf(cols);
  let section: HeaderFound['section'] = null;
  if (meta.title === undefined && meta.id !== undefined) {
    // The monthly layout puts the section name where the measure heading would be.
    const c = meta.id + 1;
    const role = cols.get(c);
    // A heading that names the measures (`KPI description`) is no section name.
    const naming = /\b(indicators?|measures?|kpis?|pis?|metrics?|description)\b/i.test(headings.get(c) ?? '');
    if (role && role.role !== 'per-period' && !(isMeta(role.role) && role.role !== 'section') && !naming && isTitleColumn(texts(c))) {
      cols.set(c, { role: 'title' });
      by.set(c, 'cells');
      section = { ...splitHeading(headings.get(c)!), col: c };
    }
  }
  confirmByCells(cols, by, width, texts);
  applyOverrides(grid, top, headings, width, spec.columns, cols, by, log);
  const m = metaOf(cols);
  if (m.title === undefined) {
    miss({ row: top, score: scoreRoles(raw) + 1, why: 'no column holds indicator names (a Measure or Indicator heading, or a column of long text)' });
    if (forced) {
      log.error(
        'no-title-column',
        `The table headed at row ${top + 1} has no measure/title column.`,
        rowAt(grid, top),
        'Name the column "Measure" or "Indicator", or map it in report.yaml: `columns: { title: B }`.',
      );
    }
    return null;
  }

  const dated = datePeriods(grid, rows, cols, spec, log);
  if (!dated) return null;
  const newest =
    [...dated.values()]
      .flatMap((x) => (x.role === 'per-period' && x.part === 'value' && x.period.kind !== 'part-year' ? [x.period] : []))
      .sort((a, b) => b.order - a.order)[0] ?? null;
  const long = newest === null && m.period !== undefined && m.value !== undefined;

  // `Current performance` with no period, `Count` …: headings that name no column of a wide table.
  const wideless: string[] = long ? [] : ['value', 'numerator', 'denominator', 'period', 'note', 'author', 'cumulative'];
  for (let c = 0; c < width; c++) if (!dated.has(c) && by.get(c) !== 'config') dated.set(c, { role: 'unknown' });
  for (const [c, x] of dated) {
    if (x.role !== 'unknown' && !wideless.includes(x.role)) continue;
    // Any cell under the heading, not just the sampled rows: a column filled only far down is kept too.
    if (lastFilledRow(grid, c) > rows[rows.length - 1]!) {
      const name = headings.get(c) || `Column ${colLetter(c)}`;
      log.info(
        'column-not-recognised',
        `Column ${colLetter(c)} (${headings.get(c) ? quoted(headings.get(c)!) : 'no heading'}) is not a column boardpack knows; its cells are kept as a note on each indicator.`,
        at(grid, top, c),
        `If it holds a known field, map it in report.yaml, e.g. \`columns: { target: ${colLetter(c)} }\`.`,
      );
      dated.set(c, { role: 'attribute', name });
    }
  }
  const partCol = [...dated].find(([, x]) => x.role === 'row-part')?.[0];
  for (const [c, x] of dated) if (wideless.includes(x.role)) dated.set(c, { role: 'unknown' });
  return { table: { headerRows: rows, cols: dated, by, headings, meta: metaOf(dated), newest, long, partCol }, section };
}

/** The last row with text in each column, found once per sheet: a header repeated down a long sheet asks again each time. */
const lastFilled = new WeakMap<Grid, Map<number, number>>();
function lastFilledRow(grid: Grid, c: number): number {
  let byColumn = lastFilled.get(grid);
  if (!byColumn) lastFilled.set(grid, (byColumn = new Map()));
  let last = byColumn.get(c);
  if (last === undefined) {
    for (last = grid.rows.length - 1; last >= 0 && cellText(grid.rows[last]![c]) === ''; last--);
    byColumn.set(c, last);
  }
  return last;
}

/** The rows under a header that look like data, for confirming what each column holds. */
function sampleRows(grid: Grid, header: number[]): number[] {
  const rows: number[] = [];
  const headerText = header.map((r) => grid.rows[r]!.map(cellText).join('\u0000'));
  for (let r = header[header.length - 1]! + 1; r < grid.rows.length && rows.length < 200; r++) {
    const row = grid.rows[r]!;
    if (row.filter((c) => cellText(c) !== '').length < 2) continue;
    if (headerText.includes(row.map(cellText).join('\u0000'))) continue;
    rows.push(r);
  }
  return rows;
}

function metaOf(cols: Map<number, RawRole | Role>): Partial<Record<MetaRole, number>> {
  const meta: Partial<Record<MetaRole, number>> = {};
  for (const [c, x] of cols) if (isMeta(x.role) && meta[x.role as MetaRole] === undefined) meta[x.role as MetaRole] = c;
  return meta;
}

const share = (values: string[], test: (v: string) => boolean) => (values.length === 0 ? 0 : values.filter(test).length / values.length);
const isNumberLike = (v: string) => parseCell(v).status === 'ok';
const isTitleColumn = (values: string[]) =>
  values.length > 0 &&
  share(values, (v) => !isNumberLike(v) && /[a-z]{3}/i.test(v)) >= 0.6 &&
  values.reduce((n, v) => n + v.length, 0) / values.length >= 12 &&
  new Set(values).size >= values.length * 0.5;
/** `1.10`, `8a`, `CSC 004i`, `NI 62`, `EH-A`: short codes, with a digit or one short token. */
export const looksLikeId = (text: string) => text.length <= 16 && (/\d/.test(text) || /^[A-Za-z][\w.-]{0,7}$/.test(text)) && !/\s{2}/.test(text);
const isIdColumn = (values: string[]) =>
  values.length > 0 && share(values, looksLikeId) >= 0.8 && new Set(values).size === values.length && share(values, (v) => v.length <= 12) >= 0.9;
const isRatingColumn = (values: string[]) => values.length > 0 && share(values, (v) => readPublishedRating(v) !== null && !isNumberLike(v)) >= 0.6;
const isDirectionColumn = (values: string[]) =>
  values.length > 0 &&
  share(values, (v) => /^[↑↓→←↗↘⬆⬇➡⬌↔▲▼◀▶\s=]+$/.test(v) || /^(improv|declin|maintain|better|worse|same|no change|up|down|static|stable)/i.test(v)) >= 0.6;
const isPolarityColumn = (values: string[]) => values.length > 0 && share(values, (v) => parsePolarity(v) !== undefined && !/^[-+=↑↓▲▼]$/.test(v)) >= 0.6;
const isTargetColumn = (values: string[]) =>
  values.length > 0 &&
  share(values, (v) => isNumberLike(v) || /^(monitor|n\/?a|[<>≤≥]|below|above|under|over|at least|at most|no more|less|more|minimum|maximum)/i.test(v)) >= 0.6;

/**
 * A heading is a claim the cells must bear out: `Aim` over numbers is a target, `Status` over
 * words that are not ratings is kept as a note. Columns with no heading get a role from their
 * cells: short unique codes beside the titles are the IDs, ratings a status, arrows a direction.
 */
function confirmByCells(cols: Map<number, RawRole>, by: Map<number, FoundBy>, width: number, texts: (c: number) => string[]): void {
  const set = (c: number, role: RawRole) => {
    cols.set(c, role);
    by.set(c, 'cells');
  };
  const has = (role: string) => [...cols.values()].some((x) => x.role === role);
  for (const [c, x] of [...cols]) {
    const values = texts(c);
    if (values.length === 0) continue;
    if (x.role === 'polarity' && !isPolarityColumn(values))
      set(c, isTargetColumn(values) && !has('target') ? { role: 'target' } : { role: 'attribute', name: 'Polarity' });
    else if (x.role === 'rag' && !isRatingColumn(values) && !isDirectionColumn(values)) set(c, { role: 'attribute', name: 'Status' });
  }
  let title = metaOf(cols).title;
  const idCol = metaOf(cols).id;
  // `KPI` heads the codes in one council's sheet and the names in another's.
  if (title === undefined && idCol !== undefined && !isIdColumn(texts(idCol)) && isTitleColumn(texts(idCol))) {
    set(idCol, { role: 'title' });
    title = idCol;
  }
  if (title === undefined) {
    const candidates = [...Array(width).keys()].filter((c) => {
      const x = cols.get(c);
      return (x === undefined || x.role === 'unknown' || x.role === 'attribute' || x.role === 'section') && isTitleColumn(texts(c));
    });
    const longest = candidates.sort((a, b) => meanLength(texts(b)) - meanLength(texts(a)))[0];
    if (longest !== undefined) {
      set(longest, { role: 'title' });
      title = longest;
    }
  }
  if (title === undefined) return;
  if (!has('id')) {
    for (let c = title - 1; c >= 0; c--) {
      const x = cols.get(c);
      if (x !== undefined && x.role !== 'unknown') continue;
      if (isIdColumn(texts(c))) set(c, { role: 'id' });
      break;
    }
  }
  for (let c = 0; c < width; c++) {
    const x = cols.get(c);
    if (x !== undefined && x.role !== 'unknown' && x.role !== 'value') continue;
    const values = texts(c);
    if (values.length === 0) continue;
    if (!has('row-part') && isPartColumn(values)) set(c, { role: 'row-part' });
    else if (x?.role === 'value') continue;
    else if (!has('rag') && isRatingColumn(values)) set(c, { role: 'rag' });
    else if (!has('direction') && isDirectionColumn(values)) set(c, { role: 'direction' });
    else if (!has('polarity') && isPolarityColumn(values)) set(c, { role: 'polarity' });
    // Left of the measures, words that repeat down the rows, or sit under no heading, name the section.
    else if (
      !has('section') &&
      c < title &&
      share(values, (v) => !isNumberLike(v) && !looksLikeId(v)) === 1 &&
      (x === undefined || new Set(values).size < values.length)
    )
      set(c, { role: 'section' });
  }
}

const isPartColumn = (values: string[]) =>
  share(values, (v) => (readPartWords(v)?.part ?? null) !== null) >= 0.8 && new Set(values.map((v) => readPartWords(v)?.part)).size >= 2;

const meanLength = (values: string[]) => values.reduce((n, v) => n + v.length, 0) / Math.max(values.length, 1);

function applyOverrides(
  grid: Grid,
  top: number,
  headings: Map<number, string>,
  width: number,
  overrides: ColumnOverrides | undefined,
  cols: Map<number, RawRole>,
  by: Map<number, FoundBy>,
  log: IssueLog,
): void {
  if (!overrides) return;
  const locate = (key: string, ref: string): number | null => {
    const byText = [...headings].find(([, h]) => normHeader(h) === normHeader(ref) || h.split(' › ').some((part) => normHeader(part) === normHeader(ref)));
    if (byText) return byText[0];
    const byLetter = colIndex(ref);
    if (byLetter !== null && byLetter < width) return byLetter;
    const known = [...headings]
      .filter(([, h]) => h !== '')
      .map(([c, h]) => `${colLetter(c)} "${h}"`)
      .slice(0, 12)
      .join(', ');
    log.error(
      'column-not-found',
      `report.yaml maps ${key} to "${ref}", but the table headed at row ${top + 1} of sheet "${grid.sheet}" has no such column${byLetter !== null ? ` (it ends at column ${colLetter(width - 1)})` : ' heading'}.`,
      rowAt(grid, top),
      `Give a column letter or a heading exactly as in the sheet: ${known}.`,
    );
    return null;
  };
  const set = (c: number, role: RawRole) => {
    cols.set(c, role);
    by.set(c, 'config');
  };
  for (const [key, ref] of Object.entries(overrides)) {
    if (key === 'benchmarks' || key === 'ignore' || typeof ref !== 'string') continue;
    const c = locate(key, ref);
    if (c === null) continue;
    for (const [other, x] of cols) if (x.role === key && other !== c) cols.set(other, { role: 'unknown' });
    set(c, { role: key as MetaRole });
  }
  for (const [name, ref] of Object.entries(overrides.benchmarks ?? {})) {
    const c = locate(`benchmark "${name}"`, ref);
    if (c !== null) set(c, { role: 'benchmark', name });
  }
  for (const ref of overrides.ignore ?? []) {
    const c = locate('ignore', ref);
    if (c === null) continue;
    cols.delete(c);
    by.set(c, 'config');
  }
}

/**
 * Gives bare months and quarters their year: from `financialYear` in report.yaml, else the financial
 * year after the newest year column beside them, else a date written above the table. Year-to-date
 * columns with no year belong to the year of the newest month or quarter. Two-digit years that run
 * backwards along the row (`Dec-29`, `Jan-30`) move on a century.
 */
function datePeriods(grid: Grid, rows: number[], cols: Map<number, RawRole>, spec: SourceSpec, log: IssueLog): Map<number, Role> | null {
  const top = rows[0]!;
  const periods = [...cols.values()].flatMap((x) => (x.role === 'per-period' && x.period ? [x.period] : []));
  const full = [...cols.values()].flatMap((x) => (x.role === 'per-period' && x.part === 'value' && x.period && !isBare(x.period) ? [x.period] : []));
  const bare = periods.some(isBare);
  let fy: number | null = null;
  if (bare) {
    const configured = spec.financialYear === undefined ? null : parsePeriodLabel(spec.financialYear);
    const newestYear = full.filter((p) => p.kind === 'year').sort((a, b) => b.order - a.order)[0];
    if (configured && 'kind' in configured && configured.kind === 'year') fy = Number(configured.start.slice(0, 4));
    else if (newestYear) fy = Number(newestYear.start.slice(0, 4)) + 1;
    else fy = yearFromDateAbove(grid, top);
    if (fy === null) {
      const labels = [...cols.values()].flatMap((x) => (x.role === 'per-period' && x.period && isBare(x.period) ? [x.period.label] : []));
      log.error(
        'month-without-year',
        `The header at row ${top + 1} has month or quarter names with no year (${[...new Set(labels)].join(', ')}), and nothing in the sheet says which year.`,
        rowAt(grid, top),
        'Add `financialYear: 2024/25` to this source in report.yaml, or write the year in the headings (May-24), or put the year in a row above them.',
      );
      return null;
    }
  }
  const current = full.filter((p) => p.kind === 'month' || p.kind === 'quarter').sort((a, b) => b.order - a.order)[0];
  const ytdYear = current ? financialYearOf(...(current.end.split('-').map(Number) as [number, number])) : fy;

  const dated = new Map<number, Role>();
  const seen = new Map<string, number>();
  let previous: Period | null = null;
  for (const c of [...cols.keys()].sort((a, b) => a - b)) {
    const x = cols.get(c)!;
    if (x.role !== 'per-period') {
      dated.set(c, x);
      continue;
    }
    let period: Period | null = x.period === null ? null : isBare(x.period) ? dateBare(x.period, fy!) : x.period;
    if (x.ytd) {
      const year = period ? financialYearOf(...(period.end.split('-').map(Number) as [number, number])) - (period.kind === 'year' ? 1 : 0) : ytdYear;
      period = year === null ? null : partYearPeriod(year, headingLabel(grid, rows, c));
    }
    if (period === null) {
      dated.set(c, { role: 'attribute', name: headingLabel(grid, rows, c) });
      continue;
    }
    if (previous && period.kind === previous.kind && period.order < previous.order - 50 * 48 && /\b\d{2}$/.test(period.label)) period = nextCentury(period);
    if (x.part === 'value') {
      const prev = seen.get(period.id);
      if (prev !== undefined) {
        log.warn(
          'duplicate-period-column',
          `Columns ${colLetter(prev)} and ${colLetter(c)} are both for ${period.label}; only ${colLetter(prev)} is read.`,
          at(grid, top, c),
          'Rename or remove one of the two columns.',
        );
        dated.set(c, { role: 'attribute', name: headingLabel(grid, rows, c) });
        continue;
      }
      seen.set(period.id, c);
      previous = period;
    }
    dated.set(c, { role: 'per-period', part: x.part, period });
  }
  return dated;
}

const headingLabel = (grid: Grid, rows: number[], c: number) =>
  rows
    .map((r) => cellText(grid.rows[r]![c]))
    .filter((t) => t !== '')
    .join(' ') || `Column ${colLetter(c)}`;

/**
 * The year written above a table: a financial year in its title (`Performance report 2024/25`),
 * else the run date a dashboard export prints (`03/11/2017`), whose financial year it is.
 */
function yearFromDateAbove(grid: Grid, r: number): number | null {
  for (let i = r - 1; i >= 0; i--) {
    for (const cell of grid.rows[i] ?? []) {
      const fy = cellText(cell).match(/\b(20\d{2})\s*[/-]\s*(\d{2}|20\d{2})\b/);
      if (fy && (Number(fy[2]) === (Number(fy[1]) + 1) % 100 || Number(fy[2]) === Number(fy[1]) + 1)) return Number(fy[1]);
    }
  }
  for (let i = 0; i < r; i++) {
    for (const cell of grid.rows[i] ?? []) {
      const m = cellText(cell).match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/);
      if (m) {
        const month = Number(m[2]);
        const year = Number(m[3]);
        // Figures are reported after the month they describe.
        return month === 1 ? financialYearOf(year - 1, 12) : financialYearOf(year, month - 1);
      }
    }
  }
  return null;
}

/** `Virtual School - NB attendance …` → title `Virtual School`, note `NB attendance …`. */
export function splitHeading(text: string): { title: string; note: string | null } {
  const m = text.match(/^(.+?)\s+[-–—]\s+(.+)$/s);
  return m ? { title: m[1]!.trim(), note: m[2]!.trim() } : { title: text.trim(), note: null };
}

/** The column map `validate` prints and its JSON carries. */
export function columnMaps(table: Table): ColumnMap[] {
  return [...new Set([...table.cols.keys(), ...table.by.keys()])]
    .sort((a, b) => a - b)
    .flatMap((c): ColumnMap[] => {
      const x = table.cols.get(c) ?? { role: 'ignored' as const };
      if (x.role === 'unknown') return [];
      const base = { col: colLetter(c), heading: table.headings.get(c) ?? '', by: table.by.get(c) ?? 'heading' } as const;
      if (x.role === 'ignored') return [{ ...base, role: 'ignored' }];
      if (x.role === 'per-period') return [{ ...base, role: x.part, period: { id: x.period.id, label: x.period.label } }];
      if (x.role === 'benchmark' || x.role === 'attribute') return [{ ...base, role: x.role, name: x.name }];
      return [{ ...base, role: x.role }];
    });
}
