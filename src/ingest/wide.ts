import type { IssueLog } from '../model/issues.js';
import {
  type BareMonth,
  type Period,
  dateBareMonth,
  financialYearOf,
  parsePeriodLabel,
  samePeriodLastYear,
} from '../model/period.js';
import type { Commentary, Indicator, Observation, Section } from '../model/scorecard.js';
import type { ColumnOverrides, SourceSpec } from '../model/config.js';
import {
  type ColumnRole,
  META_ROLES,
  type MetaRole,
  normaliseUnit,
  normHeader,
  parsePolarity,
  polarityFromTitle,
  recogniseHeader,
} from './columns.js';
import { type Grid, at, cellText, colIndex, colLetter, isBlankRow, rowAt } from './grid.js';
import { checkPercentRange, commonDecimals, readValueCell, toBenchmark, toObservation, toTarget } from './observe.js';
import type { SheetCell } from './parseCell.js';
import { SectionBook } from './sections.js';
import { readPublishedRating } from '../model/published.js';
import type { SourceRead } from './tidy.js';

type DatedRole =
  | Exclude<ColumnRole, { role: 'period-value' } | { role: 'period-part' } | { role: 'period-target' }>
  | { role: 'period-value'; period: Period }
  | { role: 'period-part'; part: 'numerator' | 'denominator'; period: Period }
  | { role: 'period-target'; period: Period };

interface Table {
  headerRow: number;
  cols: Map<number, DatedRole>;
  meta: Partial<Record<MetaRole, number>>;
  /** The newest period among the table's columns, which a narrative under the table is about. */
  newest: Period | null;
}

const NARRATIVE_MARK = /^(narrative|commentary|comments|notes?|officer comments?)\s*:?\s*$/i;
const NARRATIVE_ID = /^\s*IDs?\s*([0-9][0-9a-z]*(?:\s*(?:-|–|&|,|and|to)\s*[0-9a-z]+)*)\s*[:.\-–]\s*([\s\S]*)$/i;
const LEADING_ID = /^(\d+(?:\.\d+)*[a-z]?)[\s.:)\-–]+(?=\S)([\s\S]+)$/i;

/**
 * Reads the scorecards councils keep: one or more tables per sheet, each under a header row of
 * metadata and period columns, with section rows, repeated headers, and narrative rows below.
 */
export function readWide(grids: Grid[], spec: SourceSpec, log: IssueLog, out: SourceRead, sections: SectionBook): void {
  let sheets = grids;
  if (spec.sheet !== undefined) {
    sheets = grids.filter((g) => g.sheet === spec.sheet);
    if (sheets.length === 0) {
      log.error('sheet-not-found', `${grids[0]?.file ?? spec.file} has no sheet named "${spec.sheet}".`, grids[0]?.file ?? spec.file,
        `Sheets in the workbook: ${grids.map((g) => `"${g.sheet}"`).join(', ')}. Correct \`sheet:\` in report.yaml.`);
      return;
    }
  }
  let tables = 0;
  for (const grid of sheets) tables += readSheet(grid, spec, log, out, sections);
  if (tables === 0) {
    const file = grids[0]?.file ?? spec.file;
    log.error('no-table-found', `No scorecard table was found in ${file}: no row has an ID or measure column heading beside period or target columns.`, file,
      'Check the sheet has a header row such as "ID | Measure | Apr-24 | May-24 | Target", or give `headerRow:` and `columns:` for this source in report.yaml.');
  }
}

function readSheet(grid: Grid, spec: SourceSpec, log: IssueLog, out: SourceRead, sections: SectionBook): number {
  const { rows } = grid;
  const forcedHeader = spec.headerRow === undefined ? -1 : spec.headerRow - 1;
  let table: Table | null = null;
  let tables = 0;
  let headingRun: Section | null = null;
  let narrative = false;
  let lastNarrative: { ids: string[]; entries: Commentary[] } | null = null;
  const furniture: number[] = [];
  const tableIds: string[] = [];

  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    if (isBlankRow(row)) continue;

    const header = r === forcedHeader || (forcedHeader < 0 || r > forcedHeader) ? tryHeader(grid, r, spec, log, r === forcedHeader) : null;
    if (header) {
      table = header.table;
      tables++;
      narrative = false;
      lastNarrative = null;
      headingRun = null;
      if (header.section) sections.enterTop(header.section.title, header.section.note, at(grid, r, header.section.col));
      continue;
    }
    if (!table) {
      furniture.push(r);
      continue;
    }

    const filled = row.map((c, i) => [i, cellText(c)] as const).filter(([, t]) => t !== '');
    const indicator = indicatorRow(grid, r, table);
    if (indicator) {
      narrative = false;
      lastNarrative = null;
      headingRun = null;
      const ind = buildIndicator(grid, r, table, indicator, log, out);
      ind.section = sections.current?.id ?? null;
      out.indicators.push(ind);
      if (ind.id !== null) tableIds.push(ind.id);
      continue;
    }

    if (filled.length === 1 && row[filled[0]![0]]?.t !== 'n') {
      const [col, text] = filled[0]!;
      const where = at(grid, r, col);
      if (NARRATIVE_MARK.test(text)) {
        narrative = true;
        lastNarrative = null;
        continue;
      }
      const ref = text.match(NARRATIVE_ID);
      if (ref || (narrative && !looksLikeHeading(grid, r, text, table))) {
        lastNarrative = attachNarrative(ref, text, where, table, tableIds, lastNarrative, sections, log, out);
        narrative = true;
        continue;
      }
      narrative = false;
      lastNarrative = null;
      const { title, note } = splitHeading(text);
      // One level of nesting: a heading straight after a sub-heading is its sibling, not its child.
      if (headingRun) headingRun = sections.enterChild(sections.parentOf(headingRun) ?? headingRun, title, note, where);
      else if (note !== null && /^(nb|n\.b\.?|note)\b/i.test(note) && sections.top) headingRun = sections.enterChild(sections.top, title, note, where);
      else headingRun = sections.enterTop(title, note, where);
      continue;
    }

    const shown = filled.map(([c, t]) => `${colLetter(c)}: "${t.length > 40 ? `${t.slice(0, 40)}…` : t}"`).join(', ');
    log.warn('row-not-understood', `Row ${r + 1} is not an indicator (no ID and measure), a section heading or narrative, so it was not read: ${shown}.`,
      rowAt(grid, r), 'Give the row an ID and a measure, or delete it if it is not data.');
  }

  if (furniture.length > 0) {
    const first = furniture[0]! + 1;
    const last = furniture[furniture.length - 1]! + 1;
    if (tables > 0) {
      log.info('rows-before-table', `Rows ${first}–${last} of sheet "${grid.sheet}" come before the first table (titles, keys, notes) and were not read as data.`,
        rowAt(grid, furniture[0]!), 'If any of them is a table header, set `headerRow:` for this source in report.yaml.');
    } else {
      log.info('sheet-without-table', `Sheet "${grid.sheet}" has no scorecard table (no header row with an ID or measure column); it was not read.`,
        `${grid.file} › ${grid.sheet}`, 'If it holds indicators, set `sheet:` and `headerRow:` for this source in report.yaml.');
    }
  }
  return tables;
}

/** A header row names an ID or measure column and at least one period, target or two other known columns. */
function tryHeader(grid: Grid, r: number, spec: SourceSpec, log: IssueLog, forced: boolean): { table: Table; section: { title: string; note: string | null; col: number } | null } | null {
  const row = grid.rows[r]!;
  const roles = new Map<number, ColumnRole>();
  row.forEach((cell, c) => {
    const text = cellText(cell);
    if (text !== '' && cell?.t !== 'n') roles.set(c, recogniseHeader(text, 'wide'));
  });
  const metaCols = (role: MetaRole) => [...roles].filter(([, x]) => x.role === role).map(([c]) => c);
  const known = [...roles.values()].filter((x) => x.role !== 'unknown').length;
  const periods = [...roles.values()].filter((x) => x.role === 'period-value').length;
  const overrides = spec.columns;
  const hasKey = metaCols('id').length + metaCols('title').length > 0 || (overrides?.id ?? overrides?.title) !== undefined;
  if (!forced && !(hasKey && (periods > 0 || known >= 3 || metaCols('target').length > 0))) return null;
  if (forced && roles.size === 0) {
    log.error('header-row-empty', `headerRow ${r + 1} is empty in sheet "${grid.sheet}".`, rowAt(grid, r), 'Set `headerRow:` to the row holding the column headings.');
    return null;
  }

  const cols = new Map<number, ColumnRole>(roles);
  const meta: Partial<Record<MetaRole, number>> = {};
  for (const [c, x] of cols) if ('role' in x && isMeta(x.role) && meta[x.role] === undefined) meta[x.role] = c;

  let section: { title: string; note: string | null; col: number } | null = null;
  if (meta.title === undefined && meta.id !== undefined) {
    // The monthly layout puts the section name where the measure heading would be.
    const c = meta.id + 1;
    const role = cols.get(c);
    if (role && role.role !== 'period-value' && role.role !== 'period-part' && !(isMeta(role.role) && role.role !== 'section')) {
      cols.set(c, { role: 'title' });
      meta.title = c;
      const heading = splitHeading(cellText(row[c]));
      section = { ...heading, col: c };
    }
  }
  applyOverrides(grid, r, overrides, cols, meta, log);
  if (meta.title === undefined) {
    log.error('no-title-column', `The table headed at row ${r + 1} has no measure/title column.`, rowAt(grid, r),
      'Name the column "Measure" or "Indicator", or map it in report.yaml: `columns: { title: B }`.');
    return null;
  }

  const dated = datePeriods(grid, r, cols, spec, log);
  if (!dated) return null;
  const newest = [...dated.values()].flatMap((x) => (x.role === 'period-value' ? [x.period] : [])).sort((a, b) => b.order - a.order)[0] ?? null;

  for (const [c, x] of dated) {
    if (x.role === 'unknown') {
      const hasData = grid.rows.slice(r + 1).some((row2) => cellText(row2[c]) !== '');
      if (hasData) {
        log.info('column-not-recognised', `Column ${colLetter(c)} ("${cellText(row[c])}") is not a column boardpack knows; its cells are kept as a note on each indicator.`,
          at(grid, r, c), 'If it holds a known field, map it in report.yaml, e.g. `columns: { target: ' + colLetter(c) + ' }`.');
        dated.set(c, { role: 'attribute', name: cellText(row[c]) });
      }
    }
  }
  return { table: { headerRow: r, cols: dated, meta, newest }, section };
}

function applyOverrides(grid: Grid, r: number, overrides: ColumnOverrides | undefined, cols: Map<number, ColumnRole>, meta: Partial<Record<MetaRole, number>>, log: IssueLog): void {
  if (!overrides) return;
  const row = grid.rows[r]!;
  const locate = (key: string, ref: string): number | null => {
    const byText = row.findIndex((cell) => normHeader(cellText(cell)) === normHeader(ref));
    if (byText >= 0) return byText;
    const byLetter = colIndex(ref);
    if (byLetter !== null) return byLetter;
    log.error('column-not-found', `report.yaml maps ${key} to "${ref}", but row ${r + 1} has no such column heading.`, rowAt(grid, r),
      'Give a column letter (B) or the heading exactly as it is in the sheet.');
    return null;
  };
  for (const [key, ref] of Object.entries(overrides)) {
    if (key === 'benchmarks' || key === 'ignore' || typeof ref !== 'string') continue;
    const c = locate(key, ref);
    if (c === null) continue;
    for (const [other, x] of cols) if (x.role === key) cols.set(other, { role: 'unknown' });
    cols.set(c, { role: key as MetaRole });
    meta[key as MetaRole] = c;
  }
  for (const [name, ref] of Object.entries(overrides.benchmarks ?? {})) {
    const c = locate(`benchmark "${name}"`, ref);
    if (c !== null) cols.set(c, { role: 'benchmark', name });
  }
  for (const ref of overrides.ignore ?? []) {
    const c = locate('ignore', ref);
    if (c !== null) {
      cols.delete(c);
      for (const k of Object.keys(meta) as MetaRole[]) if (meta[k] === c) delete meta[k];
    }
  }
}

/**
 * Gives bare month names (`May`, `Sept`) their year: from `financialYear` in report.yaml, else the
 * financial year after the newest year column beside them, else a date written above the table.
 */
function datePeriods(grid: Grid, r: number, cols: Map<number, ColumnRole>, spec: SourceSpec, log: IssueLog): Map<number, DatedRole> | null {
  const isBare = (p: Period | BareMonth): p is BareMonth => 'bareMonth' in p;
  const bare = [...cols.values()].some((x) => (x.role === 'period-value' || x.role === 'period-part' || x.role === 'period-target') && isBare(x.period));
  let fy: number | null = null;
  if (bare) {
    const configured = spec.financialYear === undefined ? null : parsePeriodLabel(spec.financialYear);
    const years = [...cols.values()].flatMap((x) => (x.role === 'period-value' && !isBare(x.period) && x.period.kind === 'year' ? [x.period] : []));
    const newestYear = years.sort((a, b) => b.order - a.order)[0];
    if (configured && 'kind' in configured && configured.kind === 'year') fy = Number(configured.start.slice(0, 4));
    else if (newestYear) fy = Number(newestYear.start.slice(0, 4)) + 1;
    else fy = yearFromDateAbove(grid, r);
    if (fy === null) {
      log.error('month-without-year', `The header at row ${r + 1} has month names with no year (${[...cols].filter(([, x]) => x.role === 'period-value' && isBare(x.period)).map(([c]) => cellText(grid.rows[r]![c])).join(', ')}), and nothing in the sheet says which year.`,
        rowAt(grid, r), 'Add `financialYear: 2024/25` to this source in report.yaml, or write the year in the headings (May-24).');
      return null;
    }
  }
  const dated = new Map<number, DatedRole>();
  const seen = new Map<string, number>();
  for (const [c, x] of cols) {
    if (x.role !== 'period-value' && x.role !== 'period-part' && x.role !== 'period-target') {
      dated.set(c, x);
      continue;
    }
    const period = isBare(x.period) ? dateBareMonth(x.period, fy!) : x.period;
    if (x.role === 'period-target') dated.set(c, { role: 'period-target', period });
    else if (x.role === 'period-part') dated.set(c, { role: 'period-part', part: x.part, period });
    else {
      const prev = seen.get(period.id);
      if (prev !== undefined) {
        log.warn('duplicate-period-column', `Columns ${colLetter(prev)} and ${colLetter(c)} are both for ${period.label}; only ${colLetter(prev)} is read.`,
          at(grid, r, c), 'Rename or remove one of the two columns.');
        continue;
      }
      seen.set(period.id, c);
      dated.set(c, { role: 'period-value', period });
    }
  }
  return dated;
}

/** The run date a dashboard export prints above its table (`03/11/2017`): its financial year. */
function yearFromDateAbove(grid: Grid, r: number): number | null {
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

function indicatorRow(grid: Grid, r: number, table: Table): { id: string | null; title: string } | null {
  const row = grid.rows[r]!;
  const idText = table.meta.id === undefined ? '' : cellText(row[table.meta.id]);
  const titleText = cellText(row[table.meta.title!]);
  if (titleText === '') return null;
  const leading = titleText.match(LEADING_ID);
  if (idText !== '' && looksLikeId(idText)) return { id: idText, title: leading && leading[1] === idText ? leading[2]!.trim() : titleText };
  if (idText !== '') return null;
  const hasData = [...table.cols].some(([c, x]) => c !== table.meta.title && x.role !== 'unknown' && cellText(row[c]) !== '');
  if (leading && (hasData || table.meta.id === undefined)) return { id: leading[1]!, title: leading[2]!.trim() };
  return hasData ? { id: null, title: titleText } : null;
}

function buildIndicator(grid: Grid, r: number, table: Table, key: { id: string | null; title: string }, log: IssueLog, out: SourceRead): Indicator {
  const row = grid.rows[r]!;
  const text = (role: MetaRole) => (table.meta[role] === undefined ? '' : cellText(row[table.meta[role]!]));
  const where = (c: number) => at(grid, r, c);
  const values: Observation[] = [];
  const byPeriod = new Map<string, Observation>();
  const benchmarks: Indicator['benchmarks'] = [];
  const periodTargets: Indicator['periodTargets'] = [];
  const attributes: Record<string, string> = {};
  let sply: { cell: SheetCell | undefined; c: number } | null = null;

  for (const [c, x] of table.cols) {
    if (x.role === 'period-value') {
      const obs = toObservation(readValueCell(row[c], where(c), log), x.period, where(c));
      values.push(obs);
      byPeriod.set(x.period.id, obs);
    } else if (x.role === 'benchmark') {
      benchmarks.push(toBenchmark(x.name, readValueCell(row[c], where(c), log, `${x.name} benchmark`), where(c)));
    } else if (x.role === 'attribute') {
      const t = cellText(row[c]);
      if (t !== '') attributes[x.name] = t;
    } else if (x.role === 'same-period-last-year') {
      sply = { cell: row[c], c };
    } else if (x.role === 'period-target') {
      const target = toTarget(row[c], where(c));
      if (target.raw !== null) periodTargets.push({ period: x.period, target });
    }
  }
  for (const [c, x] of table.cols) {
    if (x.role !== 'period-part') continue;
    const parsed = readValueCell(row[c], where(c), log, `${x.part}`);
    const obs = byPeriod.get(x.period.id);
    if (obs && parsed.value !== null) obs[x.part] = parsed.value;
    else if (!obs && parsed.status !== 'missing') {
      log.warn('part-without-period', `This ${x.part} is for ${x.period.label}, which has no value column; it was not read.`, where(c), 'Add the value column for that period.');
    }
  }
  if (sply && table.newest) {
    const period = { ...samePeriodLastYear(table.newest) };
    if (!byPeriod.has(period.id)) {
      const obs = toObservation(readValueCell(sply.cell, where(sply.c), log), period, where(sply.c));
      values.push(obs);
      byPeriod.set(period.id, obs);
    }
  }
  values.sort((a, b) => a.period.order - b.period.order);

  const at0 = where(table.meta.id ?? table.meta.title!);
  if (key.id === null) {
    log.error('missing-id', `"${key.title.slice(0, 60)}" has no ID.`, at0,
      table.meta.id === undefined ? 'Add an ID column (or start each measure with its number), or map one: `columns: { id: A }`.' : 'Type the indicator\'s ID in its ID cell.');
  }

  const polarityText = text('polarity');
  let polarity = polarityText === '' ? null : parsePolarity(polarityText);
  let polaritySource: Indicator['polaritySource'] = polarity ? 'column' : null;
  if (polarity === undefined) {
    log.warn('polarity-not-understood', `Polarity "${polarityText}" is not understood; the indicator is treated as having none.`, where(table.meta.polarity!),
      'Use High is good / Low is good (or Bigger / Smaller, Higher / Lower).');
    polarity = null;
  }
  if (polarity === null && (table.meta.polarity === undefined || polarityText === '')) {
    polarity = polarityFromTitle(key.title);
    if (polarity) polaritySource = 'title';
  }

  const unitText = text('unit');
  const unit = unitText !== '' ? normaliseUnit(unitText) : guessUnit(key.title, values);
  checkPercentRange(unit, values, log);

  const commentText = text('commentary');
  if (commentText !== '' && key.id !== null) {
    out.commentary.push({ subject: { kind: 'indicator', id: key.id }, period: null, text: commentText, author: text('lead') || null, at: where(table.meta.commentary!) });
  }

  return {
    id: key.id,
    idDerived: false,
    title: key.title,
    section: null,
    unit,
    decimals: commonDecimals(values),
    polarity,
    polaritySource,
    target: toTarget(table.meta.target === undefined ? undefined : row[table.meta.target], table.meta.target === undefined ? null : where(table.meta.target)),
    periodTargets,
    tolerance: text('tolerance') || null,
    lead: text('lead') || null,
    frequency: text('frequency') || null,
    cumulative: false,
    benchmarks,
    values,
    published: {
      rag: text('rag') || null,
      rating: readPublishedRating(text('rag')),
      byPeriod: {},
      ragAt: text('rag') ? where(table.meta.rag!) : null,
      direction: text('direction') || null,
      directionAt: text('direction') ? where(table.meta.direction!) : null,
    },
    attributes,
    at: at0,
  };
}

/** With no unit column: % when the figures carry % formats or the title says so, else a rate or a count. */
function guessUnit(title: string, values: readonly Observation[]): string {
  const ok = values.filter((v) => v.status === 'ok');
  if (ok.length > 0 && ok.filter((v) => v.percent).length * 2 >= ok.length) return '%';
  if (/^\s*%|^(percentage|percent|proportion)\b|\(%\)/i.test(title)) return '%';
  const per = title.match(/per\s*([\d,]+)/i);
  if (per && /\brate\b/i.test(title)) return `per ${per[1]}`;
  if (/\b(average|number of) days\b/i.test(title)) return 'days';
  return 'number';
}

function attachNarrative(
  ref: RegExpMatchArray | null,
  text: string,
  where: string,
  table: Table,
  tableIds: readonly string[],
  last: { ids: string[]; entries: Commentary[] } | null,
  sections: SectionBook,
  log: IssueLog,
  out: SourceRead,
): { ids: string[]; entries: Commentary[] } | null {
  const period = table.newest ? { id: table.newest.id, label: table.newest.label } : null;
  if (!ref) {
    if (last && last.entries.length > 0) {
      // A paragraph with no ID of its own continues the narrative above it.
      for (const c of last.entries) c.text += `\n\n${text}`;
      return last;
    }
    const section = sections.current;
    if (section) out.commentary.push({ subject: { kind: 'section', id: section.id }, period, text, author: null, at: where });
    else log.warn('narrative-unattached', 'This narrative names no indicator and sits outside any section; it was not used.', where, 'Start it with the indicator it is about, e.g. "ID 3: …".');
    return null;
  }
  const ids = expandIdList(ref[1]!, tableIds);
  const body = ref[2]!.trim();
  if (ids.length === 0) {
    log.warn('narrative-unknown-id', `This narrative is for ID ${ref[1]!.trim()}, but no indicator above it has that ID; it is kept as section commentary.`, where,
      'Correct the ID at the start of the narrative.');
    const section = sections.current;
    if (section) out.commentary.push({ subject: { kind: 'section', id: section.id }, period, text: text.trim(), author: null, at: where });
    return null;
  }
  const entries: Commentary[] = ids.map((id) => ({ subject: { kind: 'indicator', id }, period, text: body, author: null, at: where }));
  out.commentary.push(...entries);
  return { ids, entries };
}

/** `3`, `19a - c`, `29 & 30`, `69-72`, `35a-35f` → the IDs of the indicators above that they name. */
export function expandIdList(list: string, known: readonly string[]): string[] {
  const split = (id: string) => {
    const m = id.trim().match(/^(\d+)?([a-z]*)$/i);
    return m ? { num: m[1] === undefined ? null : Number(m[1]), letter: m[2]!.toLowerCase() } : null;
  };
  const result: string[] = [];
  const add = (id: string) => {
    if (!result.includes(id)) result.push(id);
  };
  for (const part of list.split(/\s*(?:&|,|\band\b)\s*/i)) {
    const range = part.match(/^(\S+?)\s*(?:-|–|\bto\b)\s*(\S+)$/i);
    if (!range) {
      const exact = known.find((k) => k.toLowerCase() === part.trim().toLowerCase());
      if (exact) add(exact);
      else {
        const lo = split(part);
        if (lo?.num !== null && lo?.letter === '') known.filter((k) => split(k)?.num === lo.num).forEach(add);
      }
      continue;
    }
    const lo = split(range[1]!);
    const hi0 = split(range[2]!);
    if (!lo || !hi0 || lo.num === null) continue;
    const hi = { num: hi0.num ?? lo.num, letter: hi0.letter };
    for (const k of known) {
      const s = split(k);
      if (!s || s.num === null) continue;
      const afterLo = s.num > lo.num || (s.num === lo.num && (lo.letter === '' || s.letter >= lo.letter));
      const beforeHi = s.num < hi.num || (s.num === hi.num && (hi.letter === '' || s.letter <= hi.letter));
      if (afterLo && beforeHi) add(k);
    }
  }
  return result;
}

/** In a narrative block, a short line with no full stop that an indicator row follows is a heading. */
function looksLikeHeading(grid: Grid, r: number, text: string, table: Table): boolean {
  if (text.length > 80 || /[.!?]$/.test(text)) return false;
  for (let i = r + 1; i < grid.rows.length; i++) {
    if (isBlankRow(grid.rows[i])) continue;
    return indicatorRow(grid, i, table) !== null;
  }
  return false;
}

/**
 * `1.10`, `8a`, `CSC 004i`, `NI 62`, `EH-A`: an ID has a digit or is one short token. Page furniture
 * in an ID column (`Which AD / Head`, `Total`) is not read as an indicator but reported.
 */
const looksLikeId = (text: string) => /\d/.test(text) || /^[A-Za-z][\w.\-]{0,7}$/.test(text);

/** `Virtual School - NB attendance …` → title `Virtual School`, note `NB attendance …`. */
export function splitHeading(text: string): { title: string; note: string | null } {
  const m = text.match(/^(.+?)\s+[-–—]\s+(.+)$/s);
  return m ? { title: m[1]!.trim(), note: m[2]!.trim() } : { title: text.trim(), note: null };
}

const isMeta = (role: string): role is MetaRole => (META_ROLES as readonly string[]).includes(role);
