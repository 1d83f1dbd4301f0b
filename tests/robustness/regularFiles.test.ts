import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_TEXT_FILE_BYTES, nodeEffects } from '../../src/effects.js';
import { repoDir } from '../helpers/examples.js';
import { tempDir } from '../helpers/workbooks.js';
import { cli, copyTidyCsv, ensureBuilt, expectRefused } from './helpers.js';

/**
 * Issue 11: a named pipe, a device or a folder where a file belongs is refused at once, naming it;
 * and every file's size is known before it is read. Before this a FIFO hung for ever and /dev/zero
 * was read until the process died.
 */

const posix = process.platform !== 'win32';
const fifo = (path: string) => execFileSync('mkfifo', [path]);

describe.runIf(posix)('only regular files are read (the command line)', () => {
  beforeAll(ensureBuilt, 300_000);

  it('refuses a named pipe given as the input, without waiting on it', async () => {
    const dir = tempDir();
    fifo(join(dir, 'kpis.csv'));
    fifo(join(dir, 'report.yaml'));
    expectRefused(await cli(['validate', join(dir, 'kpis.csv')]), 2, 'input-not-a-file', /kpis\.csv is a named pipe \(FIFO\), not a file/);
    expectRefused(await cli(['build', join(dir, 'report.yaml')]), 2, 'input-not-a-file', /report\.yaml is a named pipe/);
  });

  it('refuses a named pipe, a device and a folder named as sources in report.yaml', async () => {
    const dir = tempDir();
    fifo(join(dir, 'pipe.csv'));
    mkdirSync(join(dir, 'folder.xlsx'));
    writeFileSync(join(dir, 'pipe.yaml'), 'sources: [{ file: pipe.csv }]\n');
    writeFileSync(join(dir, 'device.yaml'), 'sources: [{ file: /dev/zero }]\n');
    writeFileSync(join(dir, 'folder.yaml'), 'sources: [{ file: folder.xlsx }]\n');
    expectRefused(await cli(['validate', join(dir, 'pipe.yaml')]), 2, 'source-not-a-file  pipe.csv', 'The source pipe.csv is a named pipe (FIFO), not a file');
    expectRefused(await cli(['validate', join(dir, 'device.yaml')]), 2, 'source-not-a-file', 'The source zero is a device, not a file');
    // A folder of that name is read as a folder of CSV files, and has none.
    expectRefused(await cli(['validate', join(dir, 'folder.yaml')]), 2, 'source-empty-folder', 'folder.xlsx');
  });

  it('refuses a symlink to /dev/zero written as an absolute path, and a pipe in a folder of CSV files', async () => {
    const dir = tempDir();
    symlinkSync('/dev/zero', join(dir, 'zero.csv'));
    writeFileSync(join(dir, 'report.yaml'), `sources: [{ file: ${join(dir, 'zero.csv')} }]\n`);
    const r = await cli(['validate', join(dir, 'report.yaml')]);
    expectRefused(r, 2, 'source-not-a-file', 'zero.csv is a device, not a file');
    expect(r.ms).toBeLessThan(5000);

    const csv = join(dir, 'csv');
    mkdirSync(csv);
    copyTidyCsv(csv);
    fifo(join(csv, 'Extra.csv'));
    expectRefused(await cli(['validate', csv]), 2, 'source-not-a-file', /csv\/Extra\.csv is a named pipe/);
  });

  it('refuses template pack files that are pipes, devices or folders', async () => {
    const dir = tempDir();
    copyTidyCsv(dir);
    cpSync(join(repoDir, 'templates/default'), join(dir, 'pack'), { recursive: true });
    writeFileSync(join(dir, 'report.yaml'), 'sources: [{ file: . }]\ntemplate: ./pack\n');
    rmSync(join(dir, 'pack/cover.hbs'));
    fifo(join(dir, 'pack/cover.hbs'));
    expectRefused(await cli(['validate', join(dir, 'report.yaml')]), 2, 'not-a-file', 'cover.hbs is a named pipe');

    rmSync(join(dir, 'pack/cover.hbs'));
    cpSync(join(repoDir, 'templates/default/cover.hbs'), join(dir, 'pack/cover.hbs'));
    symlinkSync('/dev/zero', join(dir, 'pack/zero.ttf'));
    mkdirSync(join(dir, 'pack/logo.png'));
    const spec = join(dir, 'pack/pack.yaml');
    const original = (await import('node:fs')).readFileSync(spec, 'utf8');
    writeFileSync(spec, original.replace('regular: DejaVuSansCondensed.ttf', 'regular: zero.ttf'));
    expectRefused(await cli(['validate', join(dir, 'report.yaml')]), 2, 'path-outside-folder', 'zero.ttf leads outside its folder');
    writeFileSync(spec, original.replace('logo: null', 'logo: logo.png'));
    expectRefused(await cli(['validate', join(dir, 'report.yaml')]), 2, 'not-a-file', 'logo.png is a folder');

    rmSync(spec);
    fifo(spec);
    expectRefused(await cli(['validate', join(dir, 'report.yaml')]), 2, 'not-a-file', 'pack.yaml is a named pipe');
  });

  it('checks sizes before reading: a 60 MB workbook and a 2 MB report.yaml are refused at once', async () => {
    const dir = tempDir();
    // Sparse files: the size is there without the bytes, so only a read would be slow.
    writeFileSync(join(dir, 'huge.xlsx'), '');
    truncateSync(join(dir, 'huge.xlsx'), 60 * 1024 * 1024);
    writeFileSync(join(dir, 'huge.csv'), '');
    truncateSync(join(dir, 'huge.csv'), 60 * 1024 * 1024);
    writeFileSync(join(dir, 'report.yaml'), '');
    truncateSync(join(dir, 'report.yaml'), 2 * 1024 * 1024);
    expectRefused(await cli(['validate', join(dir, 'huge.xlsx')]), 2, 'workbook-too-large', 'huge.xlsx is 60.0 MB');
    expectRefused(await cli(['validate', join(dir, 'huge.csv')]), 2, 'workbook-too-large', 'huge.csv is 60.0 MB');
    expectRefused(await cli(['validate', join(dir, 'report.yaml')]), 2, 'config-too-large', 'report.yaml is 2.0 MB');
  });

  it('refuses an oversized pack.yaml or template', async () => {
    const dir = tempDir();
    copyTidyCsv(dir);
    cpSync(join(repoDir, 'templates/default'), join(dir, 'pack'), { recursive: true });
    writeFileSync(join(dir, 'report.yaml'), 'sources: [{ file: . }]\ntemplate: ./pack\n');
    truncateSync(join(dir, 'pack/key.hbs'), 3 * 1024 * 1024);
    expectRefused(await cli(['validate', join(dir, 'report.yaml')]), 2, 'file-too-large', /key\.hbs is 3\.0 MB/);
    truncateSync(join(dir, 'pack/pack.yaml'), 3 * 1024 * 1024);
    expectRefused(await cli(['validate', join(dir, 'report.yaml')]), 2, 'file-too-large', /pack\.yaml is 3\.0 MB/);
  });
});

describe.runIf(posix)('nodeEffects reads regular files only', () => {
  it('refuses a pipe, a device and a folder at once, and a file over the limit before reading it', async () => {
    const dir = tempDir();
    fifo(join(dir, 'pipe'));
    symlinkSync('/dev/zero', join(dir, 'zero'));
    writeFileSync(join(dir, 'big.yaml'), '');
    truncateSync(join(dir, 'big.yaml'), MAX_TEXT_FILE_BYTES + 1);
    const started = performance.now();
    await expect(nodeEffects.readFile(join(dir, 'pipe'))).rejects.toMatchObject({
      code: 'not-a-file',
      message: expect.stringContaining('a named pipe (FIFO)'),
    });
    await expect(nodeEffects.readFile(join(dir, 'zero'))).rejects.toMatchObject({ code: 'not-a-file', message: expect.stringContaining('a device') });
    await expect(nodeEffects.readText(dir)).rejects.toMatchObject({ code: 'not-a-file', message: expect.stringContaining('a folder') });
    await expect(nodeEffects.readText(join(dir, 'big.yaml'))).rejects.toMatchObject({ code: 'file-too-large', at: join(dir, 'big.yaml') });
    await expect(nodeEffects.readFile(join(dir, 'missing'))).rejects.toMatchObject({ code: 'file-not-found' });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(await nodeEffects.kind(join(dir, 'pipe'))).toBe('other');
    expect(await nodeEffects.kind(join(dir, 'zero'))).toBe('other');
    expect(await nodeEffects.kind(dir)).toBe('dir');
    expect(await nodeEffects.kind(join(dir, 'big.yaml'))).toBe('file');
    expect(await nodeEffects.stat(join(dir, 'big.yaml'))).toMatchObject({ kind: 'file', size: MAX_TEXT_FILE_BYTES + 1 });
  });

  it('reads a file whose size the file system does not know (a /proc file) up to the limit', async () => {
    const text = await nodeEffects.readText('/proc/self/status').catch(() => null);
    if (text !== null) expect(text).toContain('Name:');
    await expect(nodeEffects.readFile('/proc/self/status', { maxBytes: 16 })).rejects.toMatchObject({ code: 'file-too-large' });
  });
});
