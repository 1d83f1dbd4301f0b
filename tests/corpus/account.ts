import * as XLSX from 'xlsx';
import type { Indicator, Scorecard, TableMap } from '../../src/model/scorecard.js';
import type { GridCell } from './book.js';

/**
 * "Nothing is lost silently": every non-blank cell a reader was given either reached the model or
 * is named by a finding. A cell is accounted for when it
 *  - lies in a header row of a table the reader reports (`scorecard.tables[].headerRows`), or in a
 *    row that only announces narrative (`markerRows`), or
 *  - lies in a row an indicator was read from (the row of `indicator.at`, or of any value,
 *    benchmark, target or status it keeps) in a column that row's table maps to a role, or
 *  - is named by a finding, a commentary entry or a section, by cell (`file › sheet › B12`),
 *    range (`B12:D14`), row (`row 12`), rows (`rows 12–14`) or whole sheet (`file › sheet`).
 * A cell in a hidden row or on a hidden sheet must not be read: only a finding accounts for it.
 * For a text export the sheet part is not compared (it has one sheet), and `file › B12` is accepted.
 */
export function accountFor(cells: readonly GridCell[], sc: Scorecard): GridCell[] {
  const findings = sc.issues.flatMap((i) => placeOf(i.at));
  const named = [...findings, ...sc.commentary.flatMap((c) => placeOf(c.at)), ...sc.sections.flatMap((s) => placeOf(s.at))];
  const headers = sc.tables.flatMap((t) =>
    [...t.headerRows, ...t.markerRows].map((row): Place => ({ file: t.file, sheet: t.sheet, rows: [row, row], cols: null })),
  );
  const indicatorRows = sc.indicators.flatMap((ind) => rowsOf(ind, sc.tables));
  return cells.filter((cell) => {
    if (cell.hidden) return !findings.some((p) => covers(p, cell));
    return !(headers.some((p) => covers(p, cell)) || indicatorRows.some((p) => covers(p, cell)) || named.some((p) => covers(p, cell)));
  });
}

/** A part of a sheet: rows and columns inclusive and 1-based / 0-based, null for all of them. */
interface Place {
  file: string;
  sheet: string | null;
  rows: [number, number] | null;
  cols: [number, number] | null;
  /** For an indicator row: only these columns count (those its table maps). */
  only?: ReadonlySet<number>;
}

const TEXT_FILE = /\.(csv|tsv|txt)$/i;

function covers(p: Place, cell: GridCell): boolean {
  if (p.file !== cell.file) return false;
  if (p.sheet !== null && p.sheet !== cell.sheet && !TEXT_FILE.test(cell.file)) return false;
  if (p.rows && (cell.row < p.rows[0] || cell.row > p.rows[1])) return false;
  if (p.cols && (cell.col < p.cols[0] || cell.col > p.cols[1])) return false;
  return !p.only || p.only.has(cell.col);
}

/** Reads a source reference; a bare file name names no cells, so it accounts for none. */
export function placeOf(at: string | null): Place[] {
  if (!at) return [];
  const parts = at.split(' › ').map((s) => s.trim());
  if (parts.length < 2) return [];
  const file = parts[0]!;
  const ref = parseRef(parts.at(-1)!);
  if (parts.length === 2) {
    // `kpis.csv › B12` is a cell of a text export; `kpis.xlsx › S2` is a sheet, whatever its name looks like.
    if (TEXT_FILE.test(file)) return ref ? [{ file, sheet: null, ...ref }] : [];
    return [{ file, sheet: parts[1]!, rows: null, cols: null }];
  }
  if (ref) return [{ file, sheet: parts.slice(1, -1).join(' › '), ...ref }];
  return [{ file, sheet: parts.slice(1).join(' › '), rows: null, cols: null }];
}

function parseRef(ref: string): Pick<Place, 'rows' | 'cols'> | null {
  let m = ref.match(/^([A-Z]{1,3})(\d+)$/);
  if (m) return { rows: [Number(m[2]), Number(m[2])], cols: [col(m[1]!), col(m[1]!)] };
  m = ref.match(/^([A-Z]{1,3})(\d+)\s*[:–-]\s*([A-Z]{1,3})(\d+)$/);
  if (m) return { rows: [Number(m[2]), Number(m[4])], cols: [col(m[1]!), col(m[3]!)] };
  m = ref.match(/^rows?\s+(\d+)(?:\s*[–-]\s*(\d+))?$/i);
  if (m) return { rows: [Number(m[1]), Number(m[2] ?? m[1])], cols: null };
  return null;
}

const col = (letters: string) => XLSX.utils.decode_col(letters);

/** Every row an indicator was read from, limited to the columns its table maps. */
function rowsOf(ind: Indicator, tables: readonly TableMap[]): Place[] {
  const refs = [
    ind.at,
    ind.target.at,
    ind.published.ragAt,
    ind.published.directionAt,
    ...ind.values.map((v) => v.at),
    ...ind.benchmarks.map((b) => b.at),
    ...ind.periodTargets.map((t) => t.target.at),
    ...Object.values(ind.published.byPeriod).map((b) => b.at),
  ];
  const seen = new Set<string>();
  const places: Place[] = [];
  for (const p of refs.flatMap((r) => placeOf(r))) {
    if (p.sheet === null && !TEXT_FILE.test(p.file)) continue;
    if (!p.rows) continue;
    const key = `${p.file}|${p.sheet}|${p.rows[0]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const table = tableAbove(tables, p.file, p.sheet, p.rows[0]);
    if (table) places.push({ file: p.file, sheet: p.sheet, rows: [p.rows[0], p.rows[0]], cols: null, only: mappedColumns(table) });
  }
  return places;
}

/** The table whose header is the nearest above the row: the one the row was read under. */
function tableAbove(tables: readonly TableMap[], file: string, sheet: string | null, row: number): TableMap | undefined {
  let best: TableMap | undefined;
  for (const t of tables) {
    if (t.file !== file || (sheet !== null && t.sheet !== sheet && !TEXT_FILE.test(file))) continue;
    const last = Math.max(...t.headerRows);
    if (last < row && (!best || last > Math.max(...best.headerRows))) best = t;
  }
  return best;
}

const UNMAPPED = /^(unknown|ignored?|skipped?)$/;

function mappedColumns(t: TableMap): Set<number> {
  return new Set(t.columns.filter((c) => !UNMAPPED.test(c.role)).map((c) => col(c.col)));
}
