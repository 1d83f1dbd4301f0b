import { monthPeriod } from '../model/period.js';
import { type Grid, cellText } from './grid.js';
import { type Label, readLabel } from './label.js';
import type { SheetCell } from './parseCell.js';

/** Headings longer than this are prose (a note, a comment), never a column heading worth parsing. */
const MAX_HEADING = 80;

/**
 * A sheet as the reader sees it: a merged heading spreads over every column and row it spans; in
 * the data, a cell merged down (a section name beside its indicators) belongs to each row it spans.
 */
export class SheetView {
  private readonly origin = new Map<number, Map<number, [number, number]>>();
  private readonly extent = new Map<number, number>();
  private readonly labels = new Map<number, Array<Label | null>>();

  constructor(private readonly grid: Grid) {
    for (const m of grid.merges ?? []) {
      for (let r = m.s.r; r <= m.e.r; r++) {
        this.extent.set(r, Math.max(this.extent.get(r) ?? 0, m.e.c + 1));
        for (let c = m.s.c; c <= m.e.c; c++) {
          if (r === m.s.r && c === m.s.c) continue;
          let row = this.origin.get(r);
          if (!row) this.origin.set(r, (row = new Map()));
          row.set(c, [m.s.r, m.s.c]);
        }
      }
    }
  }

  width(r: number): number {
    return Math.max(this.grid.rows[r]?.length ?? 0, this.extent.get(r) ?? 0);
  }

  /** The cell a heading reads: a merged cell's value fills its whole span. */
  header(r: number, c: number): SheetCell | undefined {
    const o = this.origin.get(r)?.get(c);
    return o ? this.grid.rows[o[0]]?.[o[1]] : this.grid.rows[r]?.[c];
  }

  /** The cell a data row reads: merged down, not across (a heading merged across a row stays one cell). */
  data(r: number, c: number): SheetCell | undefined {
    const o = this.origin.get(r)?.get(c);
    return o && o[1] === c ? this.grid.rows[o[0]]?.[o[1]] : this.grid.rows[r]?.[c];
  }

  /** True when the cell is part of a merge that spans columns. */
  mergedAcross(r: number, c: number): boolean {
    const o = this.origin.get(r)?.get(c);
    if (o) return o[1] !== c || this.origin.get(r)?.get(c + 1)?.[1] === o[1];
    return this.origin.get(r)?.get(c + 1)?.[0] === r && this.origin.get(r)?.get(c + 1)?.[1] === c;
  }

  /** What a header cell says; null for a blank cell or a plain number (figures are not headings). */
  label(r: number, c: number): Label | null {
    let row = this.labels.get(r);
    if (!row) {
      const cells = Array.from({ length: this.width(r) }, (_, i) => this.header(r, i));
      const serials = lostDateFormats(cells);
      row = cells.map((cell, i) => (serials.has(i) ? readLabel(serials.get(i)!.label, serials.get(i)!.date) : this.readHeaderCell(cell)));
      // Headers are looked for a few rows ahead of the reader, which never goes back: a long sheet
      // keeps only the rows near it (one asked for again is read again, the same).
      this.labels.delete(r - 8);
      this.labels.set(r, row);
    }
    return row[c] ?? null;
  }

  /** A row that can extend a header block downwards: some cell names a period, a part or a known column. */
  labelRow(r: number): boolean {
    for (let c = 0; c < this.width(r); c++) {
      const l = this.label(r, c);
      if (l && (l.period !== null || l.part !== null || l.ytd || l.meta)) return true;
    }
    return false;
  }

  private readHeaderCell(cell: SheetCell | undefined): Label | null {
    // `Target\n2024/25`: a heading's line breaks are spaces.
    const text = cellText(cell).replace(/\s+/g, ' ');
    if (text === '') return null;
    if (cell!.t === 'n' && cell!.date === undefined) return null;
    if (text.length > MAX_HEADING) return { text, period: null, part: null, ytd: false, unknown: false, meta: false };
    return readLabel(text, cell!.date);
  }
}

/**
 * Dates whose cells lost their date format show as serial numbers (45383, 45413 …). A row of them
 * a month or a quarter apart is a row of period headings; a single number never is.
 */
function lostDateFormats(cells: Array<SheetCell | undefined>): Map<number, { label: string; date: string }> {
  const found = new Map<number, { label: string; date: string }>();
  const serials = cells.flatMap((cell, i) =>
    cell?.t === 'n' && cell.date === undefined && typeof cell.v === 'number' && Number.isInteger(cell.v) && cell.v >= 32874 && cell.v <= 73050
      ? [[i, cell.v] as const]
      : [],
  );
  if (serials.length < 2) return found;
  const spaced = serials.every(([, v], k) => k === 0 || [28, 29, 30, 31, 89, 90, 91, 92].includes(v - serials[k - 1]![1]));
  if (!spaced) return found;
  for (const [i, v] of serials) {
    const d = new Date(Date.UTC(1899, 11, 30) + v * 86400000);
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth() + 1;
    found.set(i, {
      label: monthPeriod(y, m).label,
      date: `${y}-${String(m).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`,
    });
  }
  return found;
}
