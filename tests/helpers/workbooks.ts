import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from 'xlsx';

type Cell = string | number | null | { t: 'n' | 's' | 'e'; v: number | string; z?: string; w?: string };

/** Writes a workbook of named sheets (rows of cells) to a fresh temporary folder and returns its path. */
export function writeWorkbook(sheets: Record<string, Cell[][]>, name = 'book.xlsx', dir = tempDir()): string {
  const wb = XLSX.utils.book_new();
  for (const [sheetName, rows] of Object.entries(sheets)) {
    const ws: XLSX.WorkSheet = {};
    rows.forEach((r, ri) => {
      r.forEach((c, ci) => {
        if (c === null || c === '') return;
        ws[XLSX.utils.encode_cell({ r: ri, c: ci })] = typeof c === 'object' ? c : typeof c === 'number' ? { t: 'n', v: c } : { t: 's', v: c };
      });
    });
    ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: Math.max(rows.length - 1, 0), c: Math.max(1, ...rows.map((r) => r.length)) - 1 } });
    XLSX.utils.book_append_sheet(wb, ws, sheetName);
  }
  const path = join(dir, name);
  writeFileSync(path, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
  return path;
}

/** Writes report.yaml into `dir` and returns its path. */
export function writeConfig(dir: string, yaml: string): string {
  const path = join(dir, 'report.yaml');
  writeFileSync(path, yaml);
  return path;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'boardpack-test-'));
}

export const pct = (v: number, z = '0.0%'): Cell => ({ t: 'n', v: v / 100, z });
