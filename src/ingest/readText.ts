import type { Grid } from './grid.js';
import { guardSize } from './readFiles.js';
import type { SheetCell } from './parseCell.js';

export interface TextOptions {
  /** Number style: `en` (1,234.5), `eu` (1.234,5), or found from the file. */
  locale: 'auto' | 'en' | 'eu';
}

/**
 * Reads a CSV (or a tab-separated export, found by its first line) as text cells, exactly as
 * written: `18.1%` stays text for the cell parser, so a CSV and a workbook holding the same figures
 * give the same values.
 */
export function readText(bytes: Uint8Array, file: string, sheet: string, _options: TextOptions = { locale: 'auto' }): Grid {
  guardSize(bytes, file);
  const text = new TextDecoder('utf-8').decode(bytes);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstLine = src.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = /\.(tsv|txt)$/i.test(file) || (firstLine.includes('\t') && !firstLine.includes(',')) ? '\t' : ',';
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) row.push(field), (field = '');
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(field), rows.push(row), (row = []), (field = '');
    } else field += ch;
  }
  if (field !== '' || row.length > 0) row.push(field), rows.push(row);
  return {
    file,
    sheet,
    rows: rows.map((r) => r.map((v) => (v === '' ? undefined : ({ t: 's', v, w: v } satisfies SheetCell)))),
  };
}

