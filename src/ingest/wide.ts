import type { SourceSpec } from '../model/config.js';
import type { IssueLog } from '../model/issues.js';
import { type Period, samePeriodLastYear } from '../model/period.js';
import { isDurationText } from '../model/cell.js';
import { readPublishedRating } from '../model/published.js';
import { targetFor } from '../model/series.js';
import { type Commentary, type Indicator, type Observation, type Section, quoted } from '../model/scorecard.js';
import { type MetaRole, type PeriodPart, normaliseUnit, parsePolarity, polarityFromTitle, polarityFromWording, readPartWords } from './columns.js';
import { type Grid, at, cellText, colLetter, isBlankRow, rowAt } from './grid.js';
import { type NearMiss, type Table, columnMaps, findHeader, looksLikeId, splitHeading } from './header.js';
import { periodOfCell } from './label.js';
import { checkPercentRange, indicatorDecimals, readValueCell, toBenchmark, toObservation, toTarget } from './observe.js';
import type { SheetCell } from './parseCell.js';
import { type SectionBook, slug } from './sections.js';
import type { SourceRead } from './tidy.js';
import { SheetView } from './view.js';

export { splitHeading } from './header.js';

const NARRATIVE_MARK = /^(narrative|commentary|comments|notes?|officer comments?)\s*:?\s*$/i;
const NARRATIVE_ID = /^\s*IDs?\s*([0-9][0-9a-z]*(?:\.[0-9]+[a-z]?)*(?:\s*(?:-|–|&|,|and|to)\s*[0-9a-z]+(?:\.[0-9]+[a-z]?)*)*)\s*[:.\-–]\s*([\s\S]*)$/i;
/** `* provisional`, `† …`, `(1) …`, `Note: …`, `Source: …`: a footnote to the table, not a narrative. */
const FOOTNOTE = /^(\*+|†|‡|§|\(\d+\)|\d+\)|\[\d+\]|(notes?|source|sources|nb|n\.b\.|key|definitions?)\s*[:.\-–])/i;
const LEADING_ID = /^(\d+(?:\.\d+)*[a-z]?)[\s.:)\-–]+(?=\S)([\s\S]+)$/i;

interface SheetResult {
  tables: number;
  indicators: Indicator[];
  miss: NearMiss | null;
}

/**
 * Reads the scorecards councils keep: one or more tables per sheet, each under a header block of
 * metadata and period columns, with section rows, repeated headers, and narrative rows below.
 */
export function readWide(grids: Grid[], spec: SourceSpec, log: IssueLog, out: SourceRead, sections: SectionBook): void {
  let sheets = grids;
  if (spec.sheet !== undefined) {
    sheets = grids.filter((g) => g.sheet === spec.sheet);
    if (sheets.length === 0) {
      log.error(
        'sheet-not-found',
        `${grids[0]?.file ?? spec.file} has no sheet named "${spec.sheet}".`,
        grids[0]?.file ?? spec.file,
        `Sheets in the workbook: ${grids.map((g) => `"${g.sheet}"`).join(', ')}. Correct \`sheet:\` in report.yaml.`,
      );
      return;
    }
  }
  const errorsBefore = log.items.filter((i) => i.severity === 'error').length;
  const results = sheets.map((grid) => ({ grid, ...readSheet(grid, spec, log, out, sections) }));
  // A header found but refused (a month with no year, say) has already said why.
  const refused = log.items.filter((i) => i.severity === 'error').length > errorsBefore;
  // A workbook that keeps one sheet per section: the sheet's name is the section of what it holds.
  const withIndicators = results.filter((x) => x.indicators.length > 0);
  if (withIndicators.length > 1) {
    for (const x of withIndicators) {
      const unsectioned = x.indicators.filter((i) => i.section === null);
      if (unsectioned.length === 0) continue;
      const section = sections.byTitle(x.grid.sheet, `${x.grid.file} › ${x.grid.sheet}`);
      for (const ind of unsectioned) ind.section = section.id;
    }
  }
  const derived = out.indicators.filter((i) => i.idDerived);
  if (derived.length > 0 && results.some((x) => x.indicators.some((i) => i.idDerived))) {
    const read = new Set(results.flatMap((x) => x.indicators));
    const first = derived.find((i) => read.has(i))!;
    const n = results.reduce((k, x) => k + x.indicators.filter((i) => i.idDerived).length, 0);
    log.info(
      'id-derived',
      `${n === 1 ? '1 indicator has' : `${n} indicators have`} no ID in the sheet; boardpack made one from each title (${first.title.slice(0, 40)} → ${first.id}), which stays the same as long as the title does.`,
      first.at,
      'To choose the IDs yourself, add an ID column (or start each measure with its number).',
    );
  }
  if (results.every((x) => x.tables === 0) && !refused) {
    const file = grids[0]?.file ?? spec.file;
    const closest = results.filter((x) => x.miss).sort((a, b) => b.miss!.score - a.miss!.score)[0];
    const why = closest
      ? ` The closest was row ${closest.miss!.row + 1} of sheet "${closest.grid.sheet}", but ${closest.miss!.why}.`
      : ` Sheets looked at: ${sheets.map((g) => `"${g.sheet}"`).join(', ')}.`;
    log.error(
      'no-table-found',
      `No scorecard table was found in ${file}: no row of headings names an ID or measure column beside period or target columns.${why}`,
      closest ? rowAt(closest.grid, closest.miss!.row) : file,
      'Give the table a header row such as "ID | Measure | Apr-24 | May-24 | Target", or set `headerRow:` and `columns:` for this source in report.yaml.',
    );
  }
}

function readSheet(grid: Grid, spec: SourceSpec, log: IssueLog, out: SourceRead, sections: SectionBook): SheetResult {
  const { rows } = grid;
  const view = new SheetView(grid);
  const issuesBefore = log.items.length;
  const forcedHeader = spec.headerRow === undefined ? -1 : spec.headerRow - 1;
  let table: Table | null = null;
  let map: SourceRead['tables'][number] | null = null;
  let tables = 0;
  let headingRun: Section | null = null;
  let narrative = false;
  let lastNarrative: { ids: string[]; entries: Commentary[] } | null = null;
  const furniture: number[] = [];
  const tableIds: string[] = [];
  const indicators: Indicator[] = [];
  const longRows = new Map<string, LongIndicator>();
  /** Every indicator of a long table in the sheet, whose values are put in order once its rows are read. */
  const longs = new Map<Indicator, LongIndicator>();
  /** Indicators whose sheet states no polarity (`N/A` is a statement: none). */
  const unstated: Indicator[] = [];
  let miss: NearMiss | null = null;
  const nearMiss = (m: NearMiss) => {
    if (!miss || m.score > miss.score) miss = m;
  };

  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    if (isBlankRow(row)) {
      if (r === forcedHeader)
        log.error(
          'header-row-empty',
          `headerRow ${r + 1} is empty in sheet "${grid.sheet}".`,
          rowAt(grid, r),
          'Set `headerRow:` to the row holding the column headings.',
        );
      continue;
    }

    const header = r === forcedHeader || forcedHeader < 0 || r > forcedHeader ? findHeader(grid, view, r, spec, log, r === forcedHeader, nearMiss) : null;
    if (header) {
      table = header.table;
      tables++;
      narrative = false;
      lastNarrative = null;
      headingRun = null;
      longRows.clear();
      map = { file: grid.file, sheet: grid.sheet, headerRows: table.headerRows.map((h) => h + 1), markerRows: [], columns: columnMaps(table), indicators: 0 };
      out.tables.push(map);
      if (header.section) sections.enterTop(header.section.title, header.section.note, at(grid, r, header.section.col));
      r = table.headerRows[table.headerRows.length - 1]!;
      continue;
    }
    if (!table) {
      furniture.push(r);
      continue;
    }

    const filled = row.map((c, i) => [i, cellText(c)] as const).filter(([, t]) => t !== '');
    const part = table.partCol === undefined ? null : (readPartWords(cellText(row[table.partCol]))?.part ?? null);
    if (part !== null && part !== 'value') {
      const title = cellText(view.data(r, table.meta.title!));
      const own = indicatorRow(grid, r, table);
      let owner = title === '' ? indicators.at(-1) : undefined;
      for (let i = indicators.length - 1; title !== '' && i >= 0 && !owner; i--) {
        const ind = indicators[i]!;
        if (ind.title === title || (own?.id != null && ind.id === own.id)) owner = ind;
      }
      if (owner) {
        const long = longs.get(owner);
        if (long) settle(long);
        addPartRow(grid, r, table, part, owner, log);
        if (long) long.newest = undefined;
        continue;
      }
    }
    const key = indicatorRow(grid, r, table);
    if (key) {
      narrative = false;
      lastNarrative = null;
      headingRun = null;
      const longKey = key.id ?? key.title;
      const existing = table.long ? longRows.get(longKey) : undefined;
      if (existing) {
        addLongRow(grid, view, r, table, existing, log, out);
        continue;
      }
      const ind = buildIndicator(grid, view, r, table, key, log, out, sections);
      if (table.long) {
        const long = longIndicator(ind);
        longRows.set(longKey, long);
        longs.set(ind, long);
        addLongRow(grid, view, r, table, long, log, out);
      }
      out.indicators.push(ind);
      indicators.push(ind);
      if (table.meta.polarity === undefined || cellText(view.data(r, table.meta.polarity)) === '') unstated.push(ind);
      map!.indicators++;
      if (!ind.idDerived && ind.id !== null) tableIds.push(ind.id);
      continue;
    }

    if (filled.length === 1 && row[filled[0]![0]]?.t !== 'n') {
      const [col, text] = filled[0]!;
      const where = at(grid, r, col);
      if (NARRATIVE_MARK.test(text)) {
        map!.markerRows.push(r + 1);
        narrative = true;
        lastNarrative = null;
        continue;
      }
      const ref = narrativeRef(text, narrative ? tableIds : []);
      // A footnote under the table (`* Q3 figures are provisional …`) is no section heading.
      if (ref || FOOTNOTE.test(text) || (narrative && !looksLikeHeading(grid, r, text, table))) {
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
    log.warn(
      'row-not-understood',
      `Row ${r + 1} is not an indicator (no measure), a section heading or narrative, so it was not read: ${shown}.`,
      rowAt(grid, r),
      'Give the row a measure, or delete it if it is not data.',
    );
  }

  for (const long of longs.values()) settle(long);
  // After every row is read: a later row may hold an indicator's ratings.
  for (const ind of unstated) inferPolarity(ind);
  if (furniture.length > 0) {
    const first = furniture[0]! + 1;
    const last = furniture[furniture.length - 1]! + 1;
    if (tables > 0) {
      log.info(
        'rows-before-table',
        `${first === last ? `Row ${first}` : `Rows ${first}–${last}`} of sheet "${grid.sheet}" ${first === last ? 'comes' : 'come'} before the first table (titles, keys, notes) and ${first === last ? 'was' : 'were'} not read as data.`,
        first === last ? rowAt(grid, furniture[0]!) : `${grid.file} › ${grid.sheet} › rows ${first}–${last}`,
        'If any of them is a table header, set `headerRow:` for this source in report.yaml.',
      );
    } else if (!log.items.slice(issuesBefore).some((i) => i.severity === 'error')) {
      // (A header refused with an error has said why already.)
      const m = miss as NearMiss | null;
      log.info(
        'sheet-without-table',
        `Sheet "${grid.sheet}" has no scorecard table, so it was not read${m ? `: the likeliest header, row ${m.row + 1}, was not taken because ${m.why}` : ': no row of headings names an ID or measure column'}.`,
        // The whole sheet goes unread, so the note names the whole sheet.
        `${grid.file} › ${grid.sheet}`,
        'If it holds indicators, set `sheet:` and `headerRow:` for this source in report.yaml.',
      );
    }
  }
  return { tables, indicators, miss };
}

function indicatorRow(grid: Grid, r: number, table: Table): { id: string | null; title: string } | null {
  const row = grid.rows[r]!;
  const idText = table.meta.id === undefined ? '' : cellText(row[table.meta.id]);
  const titleText = cellText(row[table.meta.title!]);
  if (titleText === '') return null;
  const leading = titleText.match(LEADING_ID);
  if (idText !== '' && looksLikeId(idText)) return { id: idText, title: leading && leading[1] === idText ? leading[2]!.trim() : titleText };
  if (idText !== '') return null;
  const hasData = [...table.cols].some(([c, x]) => c !== table.meta.title && x.role !== 'unknown' && x.role !== 'section' && cellText(row[c]) !== '');
  if (leading && (hasData || table.meta.id === undefined)) return { id: leading[1]!, title: leading[2]!.trim() };
  return hasData ? { id: null, title: titleText } : null;
}

function buildIndicator(
  grid: Grid,
  view: SheetView,
  r: number,
  table: Table,
  key: { id: string | null; title: string },
  log: IssueLog,
  out: SourceRead,
  sections: SectionBook,
): Indicator {
  const row = grid.rows[r]!;
  const text = (role: MetaRole) => (table.meta[role] === undefined ? '' : cellText(view.data(r, table.meta[role]!)));
  const where = (c: number) => at(grid, r, c);
  const values: Observation[] = [];
  const byPeriod = new Map<string, Observation>();
  const benchmarks: Indicator['benchmarks'] = [];
  const periodTargets: Indicator['periodTargets'] = [];
  const statuses: Indicator['published']['byPeriod'] = {};
  const trends: Array<{ period: Period; text: string; at: string }> = [];
  const notes: Array<{ period: Period; text: string; at: string }> = [];
  const attributes: Record<string, string> = {};
  let sply: { cell: SheetCell | undefined; c: number } | null = null;

  for (const [c, x] of table.cols) {
    if (x.role === 'per-period' && x.part === 'value') {
      const obs = toObservation(readValueCell(row[c], where(c), log), x.period, where(c));
      values.push(obs);
      byPeriod.set(x.period.id, obs);
    } else if (x.role === 'per-period' && x.part === 'target') {
      const target = toTarget(row[c], where(c));
      if (target.raw !== null) periodTargets.push({ period: x.period, target });
    } else if (x.role === 'per-period' && x.part === 'status') {
      const t = cellText(row[c]);
      if (t !== '') statuses[x.period.id] = { rag: t, rating: readPublishedRating(t), at: where(c) };
    } else if (x.role === 'per-period' && (x.part === 'trend' || x.part === 'commentary')) {
      const t = cellText(row[c]);
      if (t !== '') (x.part === 'trend' ? trends : notes).push({ period: x.period, text: t, at: where(c) });
    } else if (x.role === 'benchmark') {
      benchmarks.push(toBenchmark(x.name, readValueCell(row[c], where(c), log, `${x.name} benchmark`), where(c)));
    } else if (x.role === 'attribute') {
      const t = cellText(row[c]);
      if (t !== '') attributes[x.name] = t;
    } else if (x.role === 'same-period-last-year') {
      sply = { cell: row[c], c };
    }
  }
  for (const [c, x] of table.cols) {
    if (x.role !== 'per-period' || (x.part !== 'numerator' && x.part !== 'denominator')) continue;
    const parsed = readValueCell(row[c], where(c), log, `${x.part}`);
    const obs = byPeriod.get(x.period.id);
    if (obs && parsed.value !== null) obs[x.part] = parsed.value;
    else if (!obs && parsed.status !== 'missing') {
      log.warn(
        'part-without-period',
        `This ${x.part} is for ${x.period.label}, which has no value column; it was not read.`,
        where(c),
        'Add the value column for that period.',
      );
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
  const id = key.id ?? deriveId(key.title, out);

  const unitText = text('unit');
  const target = toTarget(
    table.meta.target === undefined ? undefined : row[table.meta.target],
    table.meta.target === undefined ? null : where(table.meta.target),
  );
  const unit = unitText !== '' ? normaliseUnit(unitText) : guessUnit(key.title, values, target.percent || periodTargets.some((t) => t.target.percent));
  checkPercentRange(unit, values, log);

  const commentText = text('commentary');
  if (commentText !== '') {
    out.commentary.push({
      subject: { kind: 'indicator', id },
      period: null,
      text: commentText,
      author: text('lead') || null,
      at: where(table.meta.commentary!),
    });
  }
  for (const n of notes)
    out.commentary.push({
      subject: { kind: 'indicator', id },
      period: { id: n.period.id, label: n.period.label },
      text: n.text,
      author: text('lead') || null,
      at: n.at,
    });

  const newestStatus = Object.entries(statuses).sort(([a], [b]) => (byPeriod.get(b)?.period.order ?? 0) - (byPeriod.get(a)?.period.order ?? 0))[0]?.[1];
  const ragText = text('rag');
  const newestTrend = trends.sort((a, b) => b.period.order - a.period.order)[0];
  const directionText = text('direction');
  const sectionText = text('section');

  const ind: Indicator = {
    id,
    idDerived: key.id === null,
    title: key.title,
    section: sectionText !== '' ? sections.enterByTitle(sectionText, where(table.meta.section!)).id : (sections.current?.id ?? null),
    unit,
    decimals: indicatorDecimals(values),
    polarity: null,
    polaritySource: null,
    target,
    periodTargets,
    tolerance: text('tolerance') || null,
    lead: text('lead') || null,
    frequency: text('frequency') || null,
    cumulative: false,
    benchmarks,
    values,
    published: {
      rag: ragText || newestStatus?.rag || null,
      rating: ragText ? readPublishedRating(ragText) : (newestStatus?.rating ?? null),
      byPeriod: statuses,
      ragAt: ragText ? where(table.meta.rag!) : (newestStatus?.at ?? null),
      direction: directionText || newestTrend?.text || null,
      directionAt: directionText ? where(table.meta.direction!) : (newestTrend?.at ?? null),
    },
    attributes,
    at: at0,
  };
  notUnderstoodStatus(ind, log);
  statePolarity(ind, text('polarity'), table.meta.polarity === undefined ? null : where(table.meta.polarity), log);
  return ind;
}

/**
 * An indicator of a long table, read one row per period, and what is known of it so far: the
 * periods and targets it has (each row is checked against them), and the newest period with a
 * rating. A long table may give one indicator 100,000 rows, so nothing here looks back over them.
 */
interface LongIndicator {
  ind: Indicator;
  periods: Set<string>;
  /** How many of `ind.values` are in `periods`. */
  valuesSeen: number;
  targets: Set<string | null>;
  /** How many of `ind.periodTargets` are in `targets`. */
  targetsSeen: number;
  /** The newest value with a rating of its own; undefined when it must be looked for again. */
  newest: Observation | null | undefined;
  /** Values have been added since they were last put in period order. */
  unsorted: boolean;
}

const longIndicator = (ind: Indicator): LongIndicator => ({
  ind,
  periods: new Set(),
  valuesSeen: 0,
  targets: new Set(),
  targetsSeen: 0,
  newest: undefined,
  unsorted: false,
});

/** Puts a long indicator's values in period order and takes its decimals from them. */
function settle(long: LongIndicator): void {
  if (!long.unsorted) return;
  const { ind } = long;
  ind.values.sort((a, b) => a.period.order - b.period.order);
  ind.decimals = indicatorDecimals(ind.values);
  long.unsorted = false;
  long.valuesSeen = 0;
  long.periods.clear();
}

/** The rest of a long table's rows for one indicator: a period, its value, and its target and status. */
function addLongRow(grid: Grid, view: SheetView, r: number, table: Table, long: LongIndicator, log: IssueLog, out: SourceRead): void {
  const { ind } = long;
  const row = grid.rows[r]!;
  const where = (c: number) => at(grid, r, c);
  const pc = table.meta.period!;
  const period = periodOfCell(view.data(r, pc));
  if (!period) {
    log.error(
      'period-not-understood',
      `"${cellText(row[pc])}" is not a period boardpack understands.`,
      where(pc),
      'Write months as Mar-25 or 2025-03, quarters as 2024/25 Q4, years as 2024/25.',
    );
    return;
  }
  for (; long.valuesSeen < ind.values.length; long.valuesSeen++) long.periods.add(ind.values[long.valuesSeen]!.period.id);
  if (long.periods.has(period.id)) {
    log.error('duplicate-value', `${ind.id} has two values for ${period.label}.`, where(table.meta.value!), 'Delete one of the two rows.');
    return;
  }
  const obs = toObservation(readValueCell(row[table.meta.value!], where(table.meta.value!), log), period, where(table.meta.value!));
  for (const part of ['numerator', 'denominator'] as const) {
    const c = table.meta[part];
    if (c !== undefined) obs[part] = readValueCell(row[c], where(c), log, part).value;
  }
  ind.values.push(obs);
  // Put in order and given decimals once the table is read (settle), as if after every row.
  long.unsorted = true;
  if (long.newest !== undefined && ind.published.byPeriod[period.id] && (long.newest === null || period.order > long.newest.period.order)) long.newest = obs;
  if (table.meta.target !== undefined) {
    const target = toTarget(row[table.meta.target], where(table.meta.target));
    if (target.raw !== null) ind.periodTargets.push({ period, target });
    for (; long.targetsSeen < ind.periodTargets.length; long.targetsSeen++) long.targets.add(ind.periodTargets[long.targetsSeen]!.target.raw);
    // One target on every row is the indicator's target; targets that change are per period.
    ind.target = long.targets.size === 1 ? ind.periodTargets[ind.periodTargets.length - 1]!.target : { raw: null, value: null, percent: false, at: null };
  }
  if (table.meta.rag !== undefined) {
    const t = cellText(row[table.meta.rag]);
    if (t !== '') {
      ind.published.byPeriod[period.id] = { rag: t, rating: readPublishedRating(t), at: where(table.meta.rag) };
      if (long.newest === undefined) {
        long.newest = null;
        for (const v of ind.values)
          if (ind.published.byPeriod[v.period.id] && (long.newest === null || v.period.order > long.newest.period.order)) long.newest = v;
      } else if (long.newest === null || period.order > long.newest.period.order) long.newest = obs;
      const latest = ind.published.byPeriod[long.newest!.period.id]!;
      ind.published = { ...ind.published, rag: latest.rag, rating: latest.rating, ragAt: latest.at };
    }
  }
  if (table.meta.commentary !== undefined && r !== Number(ind.at.match(/\d+$/)?.[0]) - 1) {
    const t = cellText(row[table.meta.commentary]);
    if (t !== '')
      out.commentary.push({
        subject: { kind: 'indicator', id: ind.id! },
        period: { id: period.id, label: period.label },
        text: t,
        author: ind.lead,
        at: where(table.meta.commentary),
      });
  }
}

/** A row that holds one part of the indicator above it: its targets, ratings or numerators by period. */
function addPartRow(grid: Grid, r: number, table: Table, part: PeriodPart, ind: Indicator, log: IssueLog): void {
  const row = grid.rows[r]!;
  for (const [c, x] of table.cols) {
    if (x.role !== 'per-period' || x.part !== 'value') continue;
    const where = at(grid, r, c);
    const text = cellText(row[c]);
    if (text === '') continue;
    if (part === 'target') ind.periodTargets.push({ period: x.period, target: toTarget(row[c], where) });
    else if (part === 'status') ind.published.byPeriod[x.period.id] = { rag: text, rating: readPublishedRating(text), at: where };
    else if (part === 'numerator' || part === 'denominator') {
      const obs = ind.values.find((v) => v.period.id === x.period.id);
      if (obs) obs[part] = readValueCell(row[c], where, log, part).value;
    } else if (part === 'trend' && ind.published.direction === null) ind.published = { ...ind.published, direction: text, directionAt: where };
    else log.info('cell-not-used', `This ${part} for ${x.period.label} is not read.`, where, null);
  }
  const statuses = Object.entries(ind.published.byPeriod);
  if (part === 'status' && statuses.length > 0 && ind.published.ragAt === null) {
    const newest = ind.values.filter((v) => ind.published.byPeriod[v.period.id]).at(-1);
    const s = newest ? ind.published.byPeriod[newest.period.id]! : statuses.at(-1)![1];
    ind.published = { ...ind.published, rag: s.rag, rating: s.rating, ragAt: s.at };
  }
}

/** A stable ID from the title, unique in the report: the same measure keeps it next month. */
function deriveId(title: string, out: SourceRead): string {
  const words = slug(title.replace(/^(percentage|proportion|number|rate|average) of /i, ''))
    .split('-')
    .filter((w) => w !== '');
  let base = '';
  for (const w of words) {
    if (base.length + w.length + 1 > 32 && base !== '') break;
    base = base === '' ? w : `${base}-${w}`;
  }
  base ||= 'indicator';
  const used = idsIn(out);
  let id = base;
  if (used.ids.has(id)) {
    // Every suffix below the last one given is taken (the indicator is added next, and IDs stay), so start there.
    let n = used.suffix.get(base) ?? 2;
    while (used.ids.has(`${base}-${n}`)) n++;
    id = `${base}-${n}`;
    used.suffix.set(base, n + 1);
  }
  return id;
}

/** The IDs of the indicators read so far, kept up to date as they are added: a sheet may derive 100,000. */
const usedIds = new WeakMap<Indicator[], { seen: number; ids: Set<string | null>; suffix: Map<string, number> }>();
function idsIn(out: SourceRead): { ids: Set<string | null>; suffix: Map<string, number> } {
  let used = usedIds.get(out.indicators);
  if (!used) usedIds.set(out.indicators, (used = { seen: 0, ids: new Set(), suffix: new Map() }));
  for (; used.seen < out.indicators.length; used.seen++) used.ids.add(out.indicators[used.seen]!.id);
  return used;
}

function notUnderstoodStatus(ind: Indicator, log: IssueLog): void {
  const unread = [
    ...(ind.published.rag && ind.published.rating === null && ind.published.ragAt ? [{ rag: ind.published.rag, at: ind.published.ragAt }] : []),
    ...Object.values(ind.published.byPeriod).filter((s) => s.rating === null && s.at !== ind.published.ragAt),
  ];
  for (const s of unread) {
    log.info(
      'status-not-understood',
      `The status ${quoted(s.rag)} is not a rating boardpack knows, so it is shown but not compared with the computed RAG.`,
      s.at,
      'Use Green / Amber / Red (or G / A / R, Blue for exceeded, "On target", "Off target", "For info only").',
    );
  }
}

/** Polarity as the sheet states it (`N/A` included: the sheet says there is none). */
function statePolarity(ind: Indicator, stated: string, statedAt: string | null, log: IssueLog): void {
  if (stated === '') return;
  const polarity = parsePolarity(stated);
  if (polarity === undefined) {
    log.warn(
      'polarity-not-understood',
      `Polarity ${quoted(stated)} is not understood; the indicator is treated as having none.`,
      statedAt,
      'Use High is good / Low is good (or Bigger / Smaller, Higher / Lower).',
    );
  }
  ind.polarity = polarity ?? null;
  ind.polaritySource = polarity ? 'column' : null;
}

/**
 * Where the sheet states no polarity it is inferred, in this order: the workbook's own ratings
 * against its figures and target; a title starting Increase / Reduce; the wording. The assessment
 * says so where report.yaml does not settle it.
 */
function inferPolarity(ind: Indicator): void {
  const status = polarityFromStatus(ind);
  const fromTitle = polarityFromTitle(ind.title);
  const fromWording = polarityFromWording(ind.title);
  const words = fromTitle ?? fromWording;
  // One judgement is a thin basis: it decides only where the title's wording does not say otherwise.
  if (status && (status.votes > 1 || words === null || words === status.polarity)) {
    ind.polarity = status.polarity;
    ind.polaritySource = 'status';
  } else if (fromTitle) {
    ind.polarity = fromTitle;
    ind.polaritySource = 'title';
  } else if (fromWording && !status) {
    ind.polarity = fromWording;
    ind.polaritySource = 'wording';
  }
}

/**
 * The workbook's own judgements, read back: green above the target, or amber or red below it,
 * mean higher is better; a direction word (`Improving`) beside a rising figure means the same.
 * Every judgement must agree.
 */
function polarityFromStatus(ind: Indicator): { polarity: 'higher' | 'lower'; votes: number } | null {
  const votes: Array<'higher' | 'lower'> = [];
  const judge = (obs: Observation | undefined, rating: string | null | undefined) => {
    if (!obs || obs.value === null || rating === null || rating === undefined || rating === 'none') return;
    const target = targetFor(ind, obs.period).value;
    if (target === null || obs.value === target) return;
    const met = rating === 'green' || rating === 'blue';
    votes.push(obs.value > target === met ? 'higher' : 'lower');
  };
  const byPeriod = new Map<string, Observation>();
  for (const v of ind.values) if (!byPeriod.has(v.period.id)) byPeriod.set(v.period.id, v);
  for (const [pid, s] of Object.entries(ind.published.byPeriod)) judge(byPeriod.get(pid), s.rating);
  const usable = ind.values.filter((v) => v.value !== null && v.status === 'ok');
  if (Object.keys(ind.published.byPeriod).length === 0) judge(usable.at(-1), ind.published.rating);
  const [before, last] = usable.slice(-2);
  const word = ind.published.direction?.trim().toLowerCase() ?? '';
  const better = /^(improv|better)/.test(word) ? true : /^(declin|worse|deteriorat)/.test(word) ? false : null;
  if (before && last && better !== null && last.value !== before.value) votes.push(last.value! > before.value! === better ? 'higher' : 'lower');
  return votes.length > 0 && votes.every((v) => v === votes[0]) ? { polarity: votes[0]!, votes: votes.length } : null;
}

/** With no unit column: % when the figures or the target carry % formats or the title says so, else a rate or a count. */
function guessUnit(title: string, values: readonly Observation[], percentTarget: boolean): string {
  const ok = values.filter((v) => v.status === 'ok');
  if (ok.length > 0 && ok.filter((v) => v.percent).length * 2 >= ok.length) return '%';
  if (percentTarget && ok.every((v) => v.value! >= 0 && v.value! <= 100)) return '%';
  if (ok.length > 0 && ok.every((v) => isDurationText(v.raw))) return 'time';
  if (/^\s*%|^(percentage|percent|proportion)\b|\(%\)/i.test(title)) return '%';
  const per = title.match(/per\s*([\d,]+)/i);
  if (per && /\brate\b/i.test(title)) return `per ${per[1]}`;
  if (/\b(average|number of) days\b/i.test(title)) return 'days';
  return 'number';
}

function attachNarrative(
  ref: { list: string; body: string } | null,
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
    else if (FOOTNOTE.test(text)) {
      log.warn(
        'footnote-not-used',
        'This note under the table is about no one indicator and the table has no section to carry it, so it is not in the pack.',
        where,
        'To show it, put it in the commentary of the indicators it explains, or under a section heading row.',
      );
    } else
      log.warn(
        'narrative-unattached',
        'This narrative names no indicator and sits outside any section; it was not used.',
        where,
        'Start it with the indicator it is about, e.g. "ID 3: …".',
      );
    return null;
  }
  const ids = expandIdList(ref.list, tableIds);
  const body = ref.body.trim();
  if (ids.length === 0) {
    log.warn(
      'narrative-unknown-id',
      `This narrative is for ID ${ref.list.trim()}, but no indicator above it has that ID; it is kept as section commentary.`,
      where,
      'Correct the ID at the start of the narrative.',
    );
    const section = sections.current;
    if (section) out.commentary.push({ subject: { kind: 'section', id: section.id }, period, text: text.trim(), author: null, at: where });
    return null;
  }
  const entries: Commentary[] = ids.map((id) => ({ subject: { kind: 'indicator', id }, period, text: body, author: null, at: where }));
  out.commentary.push(...entries);
  return { ids, entries };
}

/**
 * The indicators a narrative paragraph starts with: `ID 3:`, `ID 19a - c:`, or, under a
 * `Narrative:` marker, an ID of the table above written bare (`CSC 003: …`).
 */
function narrativeRef(text: string, known: readonly string[]): { list: string; body: string } | null {
  const m = text.match(NARRATIVE_ID);
  if (m) return { list: m[1]!, body: m[2]! };
  const id = longestFirst(known).find((k) => text.toLowerCase().startsWith(k.toLowerCase()) && /^\s*[:\-–]/.test(text.slice(k.length)));
  return id === undefined ? null : { list: id, body: text.slice(id.length).replace(/^\s*[:\-–]\s*/, '') };
}

/** The table's IDs, longest first, sorted again only when the table has grown (narrative rows can be many). */
const sortedIds = new WeakMap<readonly string[], string[]>();
function longestFirst(known: readonly string[]): string[] {
  let sorted = sortedIds.get(known);
  if (sorted?.length !== known.length) sortedIds.set(known, (sorted = [...known].sort((a, b) => b.length - a.length)));
  return sorted;
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
