import { inflateRawSync } from 'node:zlib';
import { BoardpackError } from '../errors.js';
import { DEFAULT_LIMITS, type Limits } from '../model/config.js';

/** The most a workbook may unpack to by default (`limits: unzippedMB`): far beyond any scorecard, well short of running out of memory. */
export const MAX_UNZIPPED_BYTES = DEFAULT_LIMITS.unzippedMB * 1024 * 1024;
/** Deflate reaches about 1000:1 on a run of one byte; real workbooks stay under 100:1 (`limits: zipRatio`). */
export const MAX_ZIP_RATIO = DEFAULT_LIMITS.zipRatio;
/** Below this a high ratio is harmless (an almost empty sheet compresses very well). */
const RATIO_FLOOR = 10 * 1024 * 1024;

interface Entry {
  name: string;
  method: number;
  compressed: number;
  /** The largest uncompressed size the entry's headers declare (central, local, ZIP64). */
  size: number;
  /** Where its data starts. */
  data: number;
}

/**
 * Refuses a zip (.xlsx, .xlsm, .xlsb, .ods) that would unpack to more than boardpack should hold,
 * before SheetJS inflates any of it. The central directory says what each entry unpacks to; the
 * total and the ratios are checked from it without inflating anything, so a zip bomb is refused at
 * once. Then each entry is inflated with its declared size as a hard cap, since headers can lie and
 * SheetJS inflates a stream to its end whatever they say: an entry unpacking to more than it
 * declares is refused as soon as it passes that size. The entries are found the way SheetJS finds
 * them (the last end-of-directory record, its entry count and offset), so what is checked is what
 * it reads.
 */
export function checkZip(
  bytes: Uint8Array,
  file: string,
  limits: Pick<Limits, 'unzippedMB' | 'zipRatio'> = DEFAULT_LIMITS,
): { cells: number; lastRow: number } {
  const entries = readEntries(bytes);
  if (typeof entries === 'string') throw damaged(file, entries);
  const total = entries.reduce((sum, e) => sum + e.size, 0);
  const compressed = entries.reduce((sum, e) => sum + e.compressed, 0);
  const tooLarge = tooLargeFor(file, limits);
  if (total > limits.unzippedMB * 1024 * 1024) throw tooLarge(`it unpacks to ${megabytes(total)}`, 'size');
  const bomb = (size: number, packed: number) => size > RATIO_FLOOR && size > limits.zipRatio * Math.max(packed, 1);
  for (const e of entries) if (bomb(e.size, e.compressed)) throw tooLarge(`${e.name} unpacks ${ratio(e.size, e.compressed)} times over`, 'ratio');
  if (bomb(total, compressed)) throw tooLarge(`it unpacks ${ratio(total, compressed)} times over`, 'ratio');
  // Cells with a value in the sheets' XML, counted while it is here, and the last row holding one (an
  // .xlsx sheet; other kinds count 0): SheetJS stops at the row limit without a word of what is below.
  let cells = 0;
  let lastRow = 0;
  const count = (xml: Uint8Array) => {
    const found = valuedCells(xml);
    cells += found.cells;
    lastRow = Math.max(lastRow, found.lastRow);
  };
  for (const e of entries) {
    const sheet = WORKSHEET.test(e.name);
    if (e.method !== 8) {
      if (sheet && e.method === 0) count(bytes.subarray(e.data, e.data + e.compressed));
      continue;
    }
    let data: Uint8Array;
    try {
      data = inflateRawSync(bytes.subarray(e.data), { maxOutputLength: Math.max(e.size, 1) });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(`${e.name} unpacks to more than its header says`, 'lie');
      throw damaged(file, `${e.name} is not valid compressed data`);
    }
    if (sheet) count(data);
  }
  return { cells, lastRow };
}

const WORKSHEET = /^xl\/worksheets\/[^/]+\.xml$/i;

/**
 * `<c …>` cells of sheet XML that hold something (a formatted empty cell is `<c …/>`, and is not
 * counted), and the last row (1-based) holding one: a byte scan, so a sheet of millions of cells is
 * counted before SheetJS builds any. A `<row>` is numbered by its `r`, or as the one after the last,
 * as SheetJS numbers it.
 */
function valuedCells(xml: Uint8Array): { cells: number; lastRow: number } {
  let n = 0;
  let row = 0;
  let lastRow = 0;
  const word = (b: number | undefined) => b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f);
  for (let i = xml.indexOf(0x3c); i !== -1; i = xml.indexOf(0x3c, i + 1)) {
    // An optional namespace prefix (`<x:c`), then `c` and a space, `/` or `>`.
    let j = i + 1;
    let k = j;
    while (word(xml[k])) k++;
    if (k > j && xml[k] === 0x3a) j = k + 1;
    if (xml[j] === 0x72 && xml[j + 1] === 0x6f && xml[j + 2] === 0x77 && !word(xml[j + 3])) {
      const end = xml.indexOf(0x3e, j);
      const r = /\sr="(\d+)"/.exec(new TextDecoder().decode(xml.subarray(j, end === -1 ? j : end)));
      row = r ? Number(r[1]) : row + 1;
      continue;
    }
    if (xml[j] !== 0x63) continue;
    const next = xml[j + 1];
    if (next !== 0x20 && next !== 0x3e && next !== 0x2f && next !== 0x09 && next !== 0x0a && next !== 0x0d) continue;
    const end = xml.indexOf(0x3e, j);
    if (end !== -1 && xml[end - 1] !== 0x2f) {
      n++;
      lastRow = Math.max(lastRow, row);
    }
  }
  return { cells: n, lastRow };
}

/** The entries as SheetJS will read them, or why they cannot be. */
function readEntries(bytes: Uint8Array): Entry[] | string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  let end = bytes.length - 4;
  while (end >= 0 && !(bytes[end] === 0x50 && bytes[end + 1] === 0x4b && bytes[end + 2] === 0x05 && bytes[end + 3] === 0x06)) end--;
  if (end < 0 || end + 22 > bytes.length) return 'its table of contents (the zip central directory) is missing';
  const count = u16(end + 8);
  let at = u32(end + 16);
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || u32(at) !== 0x02014b50) return 'its table of contents (the zip central directory) is damaged';
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const commentLength = u16(at + 32);
    const local = u32(at + 42);
    if (at + 46 + nameLength + extraLength > bytes.length) return 'its table of contents (the zip central directory) is damaged';
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    const sizes = [u32(at + 24), ...zip64Sizes(bytes, at + 46 + nameLength, extraLength)];
    const compressed = [u32(at + 20)];
    if (local + 30 > bytes.length || u32(local) !== 0x04034b50) return `${name} is missing from it`;
    const localName = u16(local + 26);
    const localExtra = u16(local + 28);
    sizes.push(u32(local + 22), ...zip64Sizes(bytes, local + 30 + localName, localExtra));
    compressed.push(u32(local + 18));
    const data = local + 30 + localName + localExtra;
    if (data > bytes.length) return `${name} is cut short`;
    entries.push({ name, method: u16(local + 8), compressed: Math.max(...compressed), size: Math.max(...sizes), data });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The uncompressed size a ZIP64 extra field gives, read as SheetJS reads it (the first 8 bytes). */
function zip64Sizes(bytes: Uint8Array, start: number, length: number): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = Math.min(start + length, bytes.length);
  const sizes: number[] = [];
  for (let at = start; at + 4 <= end; ) {
    const id = view.getUint16(at, true);
    const size = view.getUint16(at + 2, true);
    if (id === 0x0001 && at + 12 <= bytes.length) sizes.push(view.getUint32(at + 4, true) + view.getUint32(at + 8, true) * 2 ** 32);
    at += 4 + size;
  }
  return sizes;
}

const tooLargeFor =
  (file: string, limits: Pick<Limits, 'unzippedMB' | 'zipRatio'>) =>
  (why: string, by: 'size' | 'ratio' | 'lie'): BoardpackError =>
    new BoardpackError(
      'workbook-too-large',
      `${file} is too large to read once unpacked: ${why} (boardpack unpacks workbooks up to ${megabytes(limits.unzippedMB * 1024 * 1024)}, at most ${limits.zipRatio.toLocaleString('en-GB')} times their size).`,
      {
        at: file,
        hint:
          by === 'size'
            ? 'Save a copy holding only the scorecard sheets (delete unused sheets, images and empty formatted rows), or export them as CSV; or, if the workbook is as it should be, raise `limits: { unzippedMB: … }` in report.yaml.'
            : `This workbook is built to exhaust memory (a "zip bomb"), or damaged. Open it in Excel and save it again, or export the sheets as CSV${by === 'ratio' ? '; only if you trust it, raise `limits: { zipRatio: … }` in report.yaml' : ''}.`,
      },
    );

function damaged(file: string, why: string): BoardpackError {
  return new BoardpackError('workbook-unreadable', `${file} could not be read as a workbook: ${why}.`, {
    at: file,
    hint: 'Open it in Excel and save it again as .xlsx; if it is a CSV, give it a .csv name.',
  });
}

const ratio = (size: number, compressed: number) => Math.round(size / Math.max(compressed, 1)).toLocaleString('en-GB');
const megabytes = (bytes: number) => `${Math.round(bytes / 1048576).toLocaleString('en-GB')} MB`;
