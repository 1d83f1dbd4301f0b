import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BoardpackError } from '../../src/errors.js';
import { readWorkbook } from '../../src/ingest/readFiles.js';
import { MAX_UNZIPPED_BYTES, checkZip } from '../../src/ingest/zipCheck.js';
import { tempDir } from '../helpers/workbooks.js';
import { cli, ensureBuilt, entry, expectRefused, paddedXml, workbookEntries, zip } from './helpers.js';

/**
 * Issue 11: a workbook is a zip, and a zip can unpack to thousands of times its size. The central
 * directory is read before SheetJS inflates anything, so a zip bomb is refused at once; an entry
 * whose header lies about its size is refused as soon as it unpacks past what it declared.
 */

const SHEET = 'xl/worksheets/sheet1.xml';

/** A valid workbook whose sheet XML is padded with `padding` spaces; `declare` overrides the size its headers give. */
function paddedWorkbook(padding: number, declare?: number): Buffer {
  const entries = workbookEntries();
  const padded = paddedXml(SHEET, entries.get(SHEET)!, padding);
  if (declare !== undefined) padded.size = declare;
  return zip([...entries].map(([name, data]) => (name === SHEET ? padded : entry(name, data))));
}

const MB = 1024 * 1024;

describe('zip bombs (the command line)', () => {
  beforeAll(ensureBuilt, 300_000);

  it('refuses a workbook that unpacks past the limit, quickly and without inflating it', async () => {
    const dir = tempDir();
    const bytes = paddedWorkbook(MAX_UNZIPPED_BYTES + 100 * MB);
    expect(bytes.byteLength).toBeLessThan(2 * MB);
    writeFileSync(join(dir, 'bomb.xlsx'), bytes);
    const r = await cli(['validate', join(dir, 'bomb.xlsx')]);
    expectRefused(r, 2, 'workbook-too-large  bomb.xlsx', /bomb\.xlsx is too large to read once unpacked: it unpacks to 600 MB/);
    expect(r.stderr).toContain('fix: Save a copy holding only the scorecard sheets');
    expect(r.ms).toBeLessThan(2000);
  });

  it('refuses one under the size limit whose sheet unpacks a thousand times over (named in report.yaml, and as .ods)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'kpis.xlsx'), paddedWorkbook(300 * MB));
    writeFileSync(join(dir, 'kpis.ods'), paddedWorkbook(300 * MB));
    writeFileSync(join(dir, 'report.yaml'), 'sources: [{ file: kpis.xlsx }]\n');
    const r = await cli(['build', join(dir, 'report.yaml')]);
    expectRefused(r, 2, 'workbook-too-large  kpis.xlsx', /xl\/worksheets\/sheet1\.xml unpacks [\d,]+ times over/);
    expect(r.stderr).toContain('zip bomb');
    expect(r.ms).toBeLessThan(2000);
    expectRefused(await cli(['validate', join(dir, 'kpis.ods')]), 2, 'workbook-too-large  kpis.ods', 'times over');
  });

  it('refuses a sheet whose header understates what it unpacks to, as soon as it passes the stated size', async () => {
    const dir = tempDir();
    const honest = paddedWorkbook(64 * MB);
    writeFileSync(join(dir, 'liar.xlsx'), paddedWorkbook(64 * MB, 4096));
    expect(honest.byteLength).toBeLessThan(MB);
    const r = await cli(['validate', join(dir, 'liar.xlsx')]);
    expectRefused(r, 2, 'workbook-too-large  liar.xlsx', 'xl/worksheets/sheet1.xml unpacks to more than its header says');
    expect(r.ms).toBeLessThan(2000);
  });

  it('still reads a valid workbook, and one padded a little', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'plain.xlsx'), paddedWorkbook(0));
    writeFileSync(join(dir, 'padded.xlsx'), paddedWorkbook(2 * MB));
    for (const name of ['plain.xlsx', 'padded.xlsx']) {
      const r = await cli(['validate', join(dir, name)]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('1 indicator');
    }
  });
});

describe('checkZip', () => {
  const refusal = (bytes: Uint8Array) => {
    try {
      checkZip(bytes, 'book.xlsx');
    } catch (e) {
      return e as BoardpackError;
    }
    return null;
  };

  it('passes a workbook as SheetJS writes it', () => {
    expect(refusal(paddedWorkbook(0))).toBeNull();
  });

  it('refuses a zip without a central directory, or with a damaged one, as unreadable', () => {
    const good = paddedWorkbook(0);
    const noDirectory = good.subarray(0, good.length - 22);
    expect(refusal(noDirectory)).toMatchObject({ code: 'workbook-unreadable', at: 'book.xlsx' });
    const badOffset = Buffer.from(good);
    badOffset.writeUInt32LE(good.length + 100, good.length - 6);
    expect(refusal(badOffset)).toMatchObject({ code: 'workbook-unreadable', message: expect.stringContaining('central directory') });
    const badData = Buffer.from(good);
    // The first entry's data, overwritten with bytes that are not deflate.
    badData.fill(0xff, 30 + badData.readUInt16LE(26), 30 + badData.readUInt16LE(26) + 8);
    expect(refusal(badData)).toMatchObject({ code: 'workbook-unreadable', message: expect.stringContaining('not valid compressed data') });
  });

  it('refuses before SheetJS sees it, whatever the file is named', async () => {
    const started = performance.now();
    await expect(readWorkbook(paddedWorkbook(MAX_UNZIPPED_BYTES + MB), 'old.xls')).rejects.toMatchObject({ code: 'workbook-too-large', at: 'old.xls' });
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
