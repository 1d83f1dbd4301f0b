import type { IssueLog } from '../model/issues.js';
import { periodOfCell } from './label.js';
import { type Commentary, type Indicator, type Observation, type Section, type TableMap, quoted } from '../model/scorecard.js';
import { type ColumnRole, normaliseUnit, parsePolarity, polarityFromTitle, recogniseHeader } from './columns.js';
import { type Grid, at, cellText, colLetter, isBlankRow, rowAt } from './grid.js';
import { checkPercentRange, indicatorDecimals, readValueCell, toBenchmark, toObservation, toTarget } from './observe.js';
import type { SheetCell } from './parseCell.js';
import type { SectionBook } from './sections.js';
import { readPublishedRating } from '../model/published.js';

/** What one source contributes to the scorecard. */
export interface SourceRead {
  indicators: Indicator[];
  sections: Section[];
  commentary: Commentary[];
  tables: TableMap[];
}

interface Sheet {
  grid: Grid;
  header: number;
  cols: Map<number, ColumnRole>;
  col: (role: string) => number | undefined;
}

export const TIDY_SHEETS = ['Indicators', 'Values', 'Commentary'] as const;

/** True when a workbook (or folder of CSVs) has the sheets of the tidy layout. */
export const isTidy = (grids: readonly Grid[]): boolean => ['indicators', 'values'].every((name) => grids.some((g) => g.sheet.toLowerCase() === name));

/**
 * Reads the recommended layout: `Indicators` (one row per indicator), `Values` (one row per
 * indicator and period) and optional `Commentary` (one row per indicator or section and period).
 */
export function readTidy(grids: Grid[], log: IssueLog, out: SourceRead, sections: SectionBook): void {
  const find = (name: string) => grids.find((g) => g.sheet.toLowerCase() === name.toLowerCase());
  const file = grids[0]?.file ?? '';

  const indicatorsGrid = find('Indicators');
  const valuesGrid = find('Values');
  if (!indicatorsGrid || !valuesGrid) {
    log.error(
      'tidy-sheet-missing',
      `${file} needs sheets named Indicators and Values for the tidy layout (found: ${grids.map((g) => g.sheet).join(', ')}).`,
      file,
      'Rename the sheets, or set `layout: wide` for this source in report.yaml.',
    );
    return;
  }
  for (const g of grids) {
    if (!TIDY_SHEETS.some((n) => n.toLowerCase() === g.sheet.toLowerCase()) && !g.rows.every(isBlankRow)) {
      log.info('sheet-not-read', `Sheet "${g.sheet}" is not one of Indicators, Values, Commentary; it was not read.`, `${g.file} › ${g.sheet}`, null);
    }
  }

  const first = out.indicators.length;
  const ind = openSheet(indicatorsGrid, ['id', 'title'], log);
  if (ind) readIndicators(ind, sections, log, out);
  const byId = new Map(out.indicators.slice(first).flatMap((i) => (i.id === null ? [] : [[i.id, i] as const])));
  const vals = openSheet(valuesGrid, ['id', 'period', 'value'], log);
  if (vals) readValues(vals, byId, log);
  const commentaryGrid = find('Commentary');
  const com = commentaryGrid ? openSheet(commentaryGrid, ['id', 'commentary'], log) : null;
  if (com) readCommentary(com, byId, out.sections, log, out);
}

function readIndicators(sheet: Sheet, sections: SectionBook, log: IssueLog, out: SourceRead): void {
  const { grid } = sheet;
  forEachRow(sheet, (row, r) => {
    const get = (role: string) => cellOf(sheet, row, role);
    const text = (role: string) => cellText(get(role));
    const where = (role: string) => at(grid, r, sheet.col(role) ?? 0);
    const id = text('id');
    const title = text('title');
    if (id === '' || title === '') {
      log.error(
        id === '' ? 'missing-id' : 'missing-title',
        `Row ${r + 1} of Indicators has ${id === '' ? 'no ID' : 'no title'}; the row was not read.`,
        where(id === '' ? 'id' : 'title'),
        'Every indicator needs an ID and a title.',
      );
      return;
    }
    const sectionTitle = text('section');
    const polarityText = text('polarity');
    let polarity = parsePolarity(polarityText);
    if (polarity === undefined) {
      log.warn(
        'polarity-not-understood',
        `Polarity ${quoted(polarityText)} is not understood; the indicator is treated as having none.`,
        where('polarity'),
        'Use High is good / Low is good (or Higher / Lower, Bigger / Smaller).',
      );
      polarity = null;
    }
    const fromTitle = polarity === null ? polarityFromTitle(title) : null;
    const decimalsText = text('decimals');
    const decimals = decimalsText === '' ? null : Number(decimalsText);
    if (decimals !== null && !(Number.isInteger(decimals) && decimals >= 0 && decimals <= 6)) {
      log.warn(
        'decimals-not-understood',
        `Decimals ${quoted(decimalsText)} should be a whole number from 0 to 6; the workbook's own formatting is used.`,
        where('decimals'),
        null,
      );
    }
    const benchmarks: Indicator['benchmarks'] = [];
    const attributes: Record<string, string> = {};
    for (const [c, role] of sheet.cols) {
      if (role.role === 'benchmark') {
        const a = at(grid, r, c);
        benchmarks.push(toBenchmark(role.name, readValueCell(row[c], a, log, `${role.name} benchmark`), a));
      } else if (role.role === 'attribute' && cellText(row[c]) !== '') attributes[role.name] = cellText(row[c]);
    }
    out.indicators.push({
      id,
      idDerived: false,
      title,
      section: sectionTitle === '' ? null : sections.byTitle(sectionTitle, where('section')).id,
      unit: normaliseUnit(text('unit')),
      decimals: decimals !== null && Number.isInteger(decimals) && decimals >= 0 && decimals <= 6 ? decimals : null,
      polarity: polarity ?? fromTitle,
      polaritySource: polarity ? 'column' : fromTitle ? 'title' : null,
      target: toTarget(get('target'), sheet.col('target') === undefined ? null : where('target')),
      periodTargets: [],
      tolerance: text('tolerance') || null,
      lead: text('lead') || null,
      frequency: text('frequency') || null,
      cumulative: /^(y|yes|true|1|cumulative|ytd)$/i.test(text('cumulative')),
      benchmarks,
      values: [],
      published: {
        rag: text('rag') || null,
        rating: readPublishedRating(text('rag')),
        byPeriod: {},
        ragAt: text('rag') ? where('rag') : null,
        direction: text('direction') || null,
        directionAt: text('direction') ? where('direction') : null,
      },
      attributes,
      at: where('id'),
    });
  });
}

function readValues(sheet: Sheet, byId: Map<string, Indicator>, log: IssueLog): void {
  const { grid } = sheet;
  const seen = new Map<string, string>();
  forEachRow(sheet, (row, r) => {
    const id = cellText(cellOf(sheet, row, 'id'));
    const periodCell = cellOf(sheet, row, 'period');
    const where = (role: string) => at(grid, r, sheet.col(role) ?? 0);
    const indicator = byId.get(id);
    if (!indicator) {
      log.warn(
        'unknown-indicator',
        id === ''
          ? `Row ${r + 1} of Values has no ID; it was not read.`
          : `Values row ${r + 1} is for ID "${id}", which is not in the Indicators sheet; it was not read.`,
        where('id'),
        'Add the indicator to the Indicators sheet, or correct the ID.',
      );
      return;
    }
    const period = periodOfCell(periodCell);
    if (!period) {
      log.error(
        'period-not-understood',
        `${quoted(cellText(periodCell))} is not a period boardpack understands.`,
        where('period'),
        'Write months as Mar-25 or 2025-03, quarters as 2024/25 Q4, years as 2024/25.',
      );
      return;
    }
    const key = `${id}\u0000${period.id}`;
    if (seen.has(key)) {
      log.error('duplicate-value', `${id} has two values for ${period.label} (also at ${seen.get(key)}).`, where('value'), 'Delete one of the two rows.');
      return;
    }
    seen.set(key, where('value'));
    const obs: Observation = toObservation(readValueCell(cellOf(sheet, row, 'value'), where('value'), log), period, where('value'));
    for (const part of ['numerator', 'denominator'] as const) {
      if (sheet.col(part) === undefined) continue;
      const parsed = readValueCell(cellOf(sheet, row, part), where(part), log, part);
      obs[part] = parsed.value;
    }
    const note = cellText(cellOf(sheet, row, 'note'));
    if (note !== '') obs.note = obs.note ? `${obs.note}; ${note}` : note;
    indicator.values.push(obs);
    const target = toTarget(cellOf(sheet, row, 'target'), where('target'));
    if (sheet.col('target') !== undefined && target.raw !== null) indicator.periodTargets.push({ period, target });
  });
  for (const indicator of byId.values()) {
    indicator.values.sort((a, b) => a.period.order - b.period.order);
    indicator.decimals ??= indicatorDecimals(indicator.values);
    checkPercentRange(indicator.unit, indicator.values, log);
  }
}

function readCommentary(sheet: Sheet, byId: Map<string, Indicator>, sections: readonly Section[], log: IssueLog, out: SourceRead): void {
  const { grid } = sheet;
  // The first section whose id, or whose title in any case, the cell names.
  const first = new Map<string, number>();
  sections.forEach((s, i) => {
    for (const key of [`id ${s.id}`, `title ${s.title.toLowerCase()}`]) if (!first.has(key)) first.set(key, i);
  });
  const sectionNamed = (text: string): Section | undefined => {
    const i = Math.min(first.get(`id ${text}`) ?? Infinity, first.get(`title ${text.toLowerCase()}`) ?? Infinity);
    return sections[i];
  };
  forEachRow(sheet, (row, r) => {
    const where = (role: string) => at(grid, r, sheet.col(role) ?? 0);
    const subjectText = cellText(cellOf(sheet, row, 'id'));
    const text = cellText(cellOf(sheet, row, 'commentary'));
    if (text === '') return;
    const section = sectionNamed(subjectText);
    const subject = byId.has(subjectText) ? { kind: 'indicator' as const, id: subjectText } : section ? { kind: 'section' as const, id: section.id } : null;
    if (!subject) {
      log.warn(
        'commentary-unknown-subject',
        `Commentary row ${r + 1} is for ${quoted(subjectText)}, which is neither an indicator ID nor a section; it was not used.`,
        where('id'),
        'Use an indicator ID from the Indicators sheet, or a section name as written there.',
      );
      return;
    }
    let period: Commentary['period'] = null;
    const periodCell = cellOf(sheet, row, 'period');
    if (cellText(periodCell) !== '') {
      const p = periodOfCell(periodCell);
      if (!p) {
        log.warn(
          'period-not-understood',
          `${quoted(cellText(periodCell))} is not a period boardpack understands; the commentary is treated as current.`,
          where('period'),
          'Write months as Mar-25 or 2025-03, or leave the period blank for the current one.',
        );
      } else period = { id: p.id, label: p.label };
    }
    out.commentary.push({ subject, period, text, author: cellText(cellOf(sheet, row, 'author')) || null, at: where('commentary') });
  });
}

function openSheet(grid: Grid, required: string[], log: IssueLog): Sheet | null {
  const header = grid.rows.findIndex((row) => !isBlankRow(row));
  if (header < 0) {
    log.error('sheet-empty', `Sheet "${grid.sheet}" is empty.`, `${grid.file} › ${grid.sheet}`, `Its first row should be headings: ${required.join(', ')}.`);
    return null;
  }
  const cols = new Map<number, ColumnRole>();
  grid.rows[header]!.forEach((cell, c) => {
    const text = cellText(cell);
    if (text === '') return;
    const role = recogniseHeader(text, 'tidy');
    if (role.role === 'unknown') {
      log.info(
        'column-not-recognised',
        `Column ${colLetter(c)} (${quoted(text)}) of ${grid.sheet} is not a column boardpack knows; it is kept as a note on each row.`,
        at(grid, header, c),
        null,
      );
      cols.set(c, { role: 'attribute', name: text });
    } else cols.set(c, role);
  });
  // The first column of each role, looked up for every cell of every row.
  const byRole = new Map<string, number>();
  for (const [c, x] of cols) if (!byRole.has(x.role)) byRole.set(x.role, c);
  const col = (role: string) => byRole.get(role);
  const missing = required.filter((role) => col(role) === undefined);
  if (missing.length > 0) {
    log.error(
      'column-missing',
      `Sheet "${grid.sheet}" has no ${missing.join(' or ')} column.`,
      rowAt(grid, header),
      `Its header row should include: ${required.map((x) => x[0]!.toUpperCase() + x.slice(1)).join(', ')}.`,
    );
    return null;
  }
  return { grid, header, cols, col };
}

function forEachRow(sheet: Sheet, fn: (row: Array<SheetCell | undefined>, r: number) => void): void {
  for (let r = sheet.header + 1; r < sheet.grid.rows.length; r++) {
    const row = sheet.grid.rows[r]!;
    if (!isBlankRow(row)) fn(row, r);
  }
}

const cellOf = (sheet: Sheet, row: Array<SheetCell | undefined>, role: string): SheetCell | undefined => {
  const c = sheet.col(role);
  return c === undefined ? undefined : row[c];
};
