import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { DEFAULT_LIMITS, LimitsSpec } from '../../src/model/config.js';
import { parseConfig } from '../../src/model/loadConfig.js';
import { run } from '../helpers/cli.js';
import { repoDir } from '../helpers/examples.js';
import { tempDir, writeConfig, writeWorkbook } from '../helpers/workbooks.js';
import { entry, paddedXml, workbookEntries, zip } from './helpers.js';

/**
 * Issue 11: limits, checked before the work they bound, set in report.yaml's `limits:` with
 * defaults far beyond any scorecard. A source past one is refused at once, naming the file and
 * sheet and the key to raise; a cell past one is read as far as it may be and named.
 */

type Row = Array<string | number>;
const table = (n: number, prefix = 'K'): Row[] => [
  ['ID', 'Measure', 'Apr-24', 'May-24'],
  ...Array.from({ length: n }, (_, i) => [`${prefix}${i + 1}`, `Measure number ${i + 1}`, 50 + (i % 7), 51 + (i % 5)]),
];
const csv = (rows: Row[]) => rows.map((r) => r.join(',')).join('\n');

/** A report.yaml beside `file` in `dir`, with these limits. */
const report = (dir: string, file: string, limits: string) => writeConfig(dir, `sources: [{ file: ${file} }]\nlimits: { ${limits} }\n`);

/** Refused at once (exit 2), naming where, saying which limit and which key raises it, with no stack. */
function expectRefused(r: Awaited<ReturnType<typeof run>>, code: string, at: string, key: string): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toContain(`error ${code}  ${at}\n`);
  expect(r.stderr).toContain(`(limits: ${key})`);
  expect(r.stderr).toMatch(new RegExp(`fix: .*raise \`limits: \\{ ${key}: \\d+ \\}\` in report\\.yaml`));
  expect(r.stderr).not.toMatch(/\n\s+at .+[:(]/);
}

describe('limits: sources past them are refused before they are read', () => {
  it('sheets: a workbook with more sheets than the limit, and a folder with more CSV files', async () => {
    const dir = tempDir();
    writeWorkbook(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`Area ${i + 1}`, table(2, `A${i + 1}.`)])), 'areas.xlsx', dir);
    const r = await run('validate', report(dir, 'areas.xlsx', 'sheets: 10'));
    expectRefused(r, 'too-many-sheets', 'areas.xlsx', 'sheets');
    expect(r.stderr).toContain('areas.xlsx has 12 sheets; boardpack reads up to 10 (limits: sheets).');
    expect(r.stderr).toContain('raise `limits: { sheets: 12 }`');
    expect((await run('validate', report(dir, 'areas.xlsx', 'sheets: 12'))).code).toBe(0);

    mkdirSync(join(dir, 'csv'));
    for (const name of ['Indicators', 'Values', 'Commentary', 'Extra']) writeFileSync(join(dir, 'csv', `${name}.csv`), 'ID\n1\n');
    const folder = await run('validate', report(dir, 'csv', 'sheets: 3'));
    expectRefused(folder, 'too-many-sheets', 'csv', 'sheets');
    expect(folder.stderr).toContain('csv has 4 CSV files; boardpack reads up to 3');
  });

  it('rows: a sheet, or a text file, running past the limit, named with the first row past it', async () => {
    const dir = tempDir();
    writeWorkbook({ Notes: [['Read me']], Scorecard: table(30) }, 'kpis.xlsx', dir);
    const r = await run('validate', report(dir, 'kpis.xlsx', 'rows: 20'));
    expectRefused(r, 'too-many-rows', 'kpis.xlsx › Scorecard › row 21', 'rows');
    expect(r.stderr).toContain(
      'Sheet "Scorecard" of kpis.xlsx runs to row 31; boardpack reads up to 20 rows a sheet (limits: rows), so kpis.xlsx was not read.',
    );
    expect(r.stderr).toContain('raise `limits: { rows: 31 }`');
    expect((await run('validate', report(dir, 'kpis.xlsx', 'rows: 31'))).code).toBe(0);

    writeFileSync(join(dir, 'kpis.csv'), csv(table(30)));
    const text = await run('validate', report(dir, 'kpis.csv', 'rows: 20'));
    expectRefused(text, 'too-many-rows', 'kpis.csv › kpis › row 21', 'rows');
    expect(text.stderr).toContain('kpis.csv has more than 20 rows;');
  });

  it('rows: an .xlsx sheet with no dimension, whose values go on below a blank row at the limit', async () => {
    // SheetJS stops at the limit and, with no <dimension> to say how far the sheet runs, says nothing.
    const dir = tempDir();
    const rows = [...table(4), [], ['E', 'Five', 9, 10]];
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), 'Scorecard');
    const zip = XLSX.write(book, { type: 'buffer', bookType: 'xlsx', compression: false }) as Buffer;
    // Stored uncompressed, the dimension can be blanked in place: same length, so the zip stays whole.
    const xml = zip.toString('latin1').replace(/<dimension ref="[^"]*"\/>/, (d) => `<!--${' '.repeat(d.length - 7)}-->`);
    writeFileSync(join(dir, 'kpis.xlsx'), Buffer.from(xml, 'latin1'));
    const r = await run('validate', report(dir, 'kpis.xlsx', 'rows: 5'));
    expectRefused(r, 'too-many-rows', 'kpis.xlsx › row 6', 'rows');
    expect(r.stderr).toContain('kpis.xlsx runs to row 7;');
    expect((await run('validate', report(dir, 'kpis.xlsx', 'rows: 7'))).code).toBe(0);
  });

  it('cells: counted in an .xlsx file’s XML before it is parsed, in other workbooks sheet by sheet, and in a text file', async () => {
    const dir = tempDir();
    const sheets = { First: table(5), Second: table(30, 'S') };
    writeWorkbook(sheets, 'kpis.xlsx', dir);
    const r = await run('validate', report(dir, 'kpis.xlsx', 'cells: 50'));
    expectRefused(r, 'too-many-cells', 'kpis.xlsx', 'cells');
    expect(r.stderr).toContain('kpis.xlsx holds more than 50 cells with something in them (148); boardpack reads up to 50 a file (limits: cells)');
    expect((await run('validate', report(dir, 'kpis.xlsx', 'cells: 148'))).code).toBe(0);

    const book = XLSX.utils.book_new();
    for (const [name, rows] of Object.entries(sheets)) XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), name);
    writeFileSync(join(dir, 'kpis.ods'), XLSX.write(book, { type: 'buffer', bookType: 'ods' }));
    const ods = await run('validate', report(dir, 'kpis.ods', 'cells: 50'));
    expectRefused(ods, 'too-many-cells', 'kpis.ods › Second', 'cells');
    expect(ods.stderr).toContain('(148 by the end of sheet "Second")');

    writeFileSync(join(dir, 'kpis.csv'), csv(table(30)));
    expectRefused(await run('validate', report(dir, 'kpis.csv', 'cells: 50')), 'too-many-cells', 'kpis.csv', 'cells');
  });

  it('fileMB: a file larger than the limit, by its size on disk', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'kpis.csv'), `${csv(table(3))}\n${'x,'.repeat(800_000)}`);
    const r = await run('validate', report(dir, 'kpis.csv', 'fileMB: 1'));
    expectRefused(r, 'workbook-too-large', 'kpis.csv', 'fileMB');
    expect(r.stderr).toContain('kpis.csv is 1.5 MB; boardpack reads workbooks up to 1 MB (limits: fileMB).');
    expect(r.stderr).toContain('raise `limits: { fileMB: 2 }`');
  });

  it('unzippedMB and zipRatio: what a workbook unpacks to, from its zip directory', async () => {
    const dir = tempDir();
    const sheet = 'xl/worksheets/sheet1.xml';
    const entries = workbookEntries();
    const padded = paddedXml(sheet, entries.get(sheet)!, 12 * 1024 * 1024);
    writeFileSync(join(dir, 'kpis.xlsx'), zip([...entries].map(([name, data]) => (name === sheet ? padded : entry(name, data)))));

    const size = await run('validate', report(dir, 'kpis.xlsx', 'unzippedMB: 10'));
    expect(size.code).toBe(2);
    expect(size.stderr).toContain('error workbook-too-large  kpis.xlsx');
    expect(size.stderr).toContain('it unpacks to 12 MB (boardpack unpacks workbooks up to 10 MB');
    expect(size.stderr).toContain('raise `limits: { unzippedMB: … }` in report.yaml');

    const ratio = await run('validate', report(dir, 'kpis.xlsx', 'zipRatio: 20'));
    expect(ratio.code).toBe(2);
    expect(ratio.stderr).toMatch(
      /xl\/worksheets\/sheet1\.xml unpacks [\d,]+ times over \(boardpack unpacks workbooks up to 500 MB, at most 20 times their size\)/,
    );
    expect(ratio.stderr).toContain('raise `limits: { zipRatio: … }` in report.yaml');
  });
});

describe('limits: cells past them are read as far as they may be, and named', () => {
  it('cellCharacters: a longer cell is cut there, never inside a character, and the warning says how much was left out', async () => {
    const dir = tempDir();
    const title = `${'a'.repeat(29)}😀 and the rest of a long title`;
    writeWorkbook({ Scorecard: [...table(2), ['K9', title, 5, 6]] }, 'kpis.xlsx', dir);
    const config = report(dir, 'kpis.xlsx', 'cellCharacters: 30');
    const r = await run('validate', config);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('warning cell-too-long  kpis.xlsx › Scorecard › B4');
    expect(r.stdout).toContain(
      `This cell holds ${title.length} characters; boardpack reads the first 29 (limits: cellCharacters) and leaves the other ${title.length - 29} out.`,
    );
    expect(r.stdout).toContain(`raise \`limits: { cellCharacters: ${title.length} }\` in report.yaml`);
    const json = JSON.parse((await run('assess', config, '--json')).stdout);
    expect(json.indicators.find((i: { id: string }) => i.id === 'K9').title).toBe('a'.repeat(29));
  });

  it('cellCharacters: the default is Excel’s own 32,767, and a text file’s longer cell is cut too', async () => {
    expect(DEFAULT_LIMITS.cellCharacters).toBe(32_767);
    const dir = tempDir();
    writeFileSync(join(dir, 'kpis.csv'), csv([...table(2), ['K9', 'x'.repeat(40_000), 5, 6]]));
    const r = await run('validate', join(dir, 'kpis.csv'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('warning cell-too-long  kpis.csv › kpis › B4');
    expect(r.stdout).toContain('This cell holds 40,000 characters; boardpack reads the first 32,767 (limits: cellCharacters) and leaves the other 7,233 out.');
  });

  it('decimals: a figure written with more places than the limit is named; the limit is at most the 20 a pack can show', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'kpis.csv'), csv([...table(2), ['K9', 'Measure nine', '0.1234567890123456789012345', '0.12345678901234567890']]));
    const r = await run('validate', join(dir, 'kpis.csv'));
    expect(r.stdout).toContain('warning too-many-decimals  kpis.csv › kpis › C4');
    expect(r.stdout).toContain('This figure is written with 25 decimal places, more than the 20 a figure may have (limits: decimals)');
    expect(r.stdout).not.toContain('kpis.csv › kpis › D4');

    const six = await run('validate', report(dir, 'kpis.csv', 'decimals: 6'));
    expect(six.stdout).toContain('warning too-many-decimals  kpis.csv › kpis › D4');
    expect(() => parseConfig('sources: [{ file: k.xlsx }]\nlimits: { decimals: 21 }\n', '/tmp/report.yaml')).toThrow(/limits\.decimals/);
  });
});

describe('limits: in report.yaml', () => {
  it('has a default for each, and an unknown key is named with the nearest', () => {
    expect(parseConfig('sources: [{ file: k.xlsx }]\n', '/tmp/report.yaml').limits).toEqual(DEFAULT_LIMITS);
    expect(parseConfig('sources: [{ file: k.xlsx }]\nlimits: { rows: 5 }\n', '/tmp/report.yaml').limits).toEqual({ ...DEFAULT_LIMITS, rows: 5 });
    expect(() => parseConfig('sources: [{ file: k.xlsx }]\nlimits: { rowz: 5 }\n', '/tmp/report.yaml')).toThrow(/did you mean "rows"/);
    expect(() => parseConfig('sources: [{ file: k.xlsx }]\nlimits: { rows: 0 }\n', '/tmp/report.yaml')).toThrow(/limits\.rows/);
  });

  it('the README documents each limit with its default', () => {
    const readme = readFileSync(join(repoDir, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Limits'), readme.indexOf('\n## ', readme.indexOf('### Limits')));
    for (const key of Object.keys(LimitsSpec.shape)) {
      const value = DEFAULT_LIMITS[key as keyof typeof DEFAULT_LIMITS];
      expect(section, key).toMatch(new RegExp(`\\| \`${key}\` \\| ${value.toLocaleString('en-GB')} `));
    }
    for (const code of ['too-many-sheets', 'too-many-rows', 'too-many-cells', 'cell-too-long', 'too-many-decimals']) expect(readme).toContain(`\`${code}\``);
  });
});

describe('100,000 rows', () => {
  it('are read, and one warning repeated on every row is printed ten times and then counted', async () => {
    const dir = tempDir();
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    writeFileSync(join(dir, 'Indicators.csv'), 'ID,Title,Unit\nK1,Percentage of plans reviewed,%\n');
    const values = Array.from({ length: 100_000 }, (_, k) => `K1,${months[k % 12]} ${1000 + Math.floor(k / 12)},150`);
    writeFileSync(join(dir, 'Values.csv'), ['ID,Period,Value', ...values].join('\n'));
    const r = await run('validate', dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('0 errors, 100000 warnings');
    expect(r.stdout.match(/^warning percent-out-of-range {2}/gm)).toHaveLength(10);
    expect(r.stdout).toContain('… and 99,990 more percent-out-of-range like these (the same command with --json lists every one).');
    expect(r.stdout.split('\n').length).toBeLessThan(100);
  }, 60_000);
});
