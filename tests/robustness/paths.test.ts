import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fileInside, nodeEffects, resolveInside } from '../../src/effects.js';
import { repoDir } from '../helpers/examples.js';
import { tempDir, writeWorkbook } from '../helpers/workbooks.js';
import { cli, copyTidyCsv, ensureBuilt, expectRefused } from './helpers.js';

/**
 * Issue 11: boardpack never reaches outside its folder. What report.yaml names relative to itself
 * stays in report.yaml's folder, and what a template pack names stays in the pack (or the bundled
 * fonts), with symlinks followed; an absolute path in report.yaml, or the file named on the command
 * line, is the user's own choice.
 */

const posix = process.platform !== 'win32';
const ONE_PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

function reportFolder() {
  const root = tempDir();
  const dir = join(root, 'report');
  const elsewhere = join(root, 'elsewhere');
  mkdirSync(dir);
  mkdirSync(elsewhere);
  writeWorkbook(
    {
      Scorecard: [
        ['ID', 'Measure', 'Apr-24', 'May-24'],
        ['1', 'Thing', 5, 6],
      ],
    },
    'kpis.xlsx',
    elsewhere,
  );
  return { root, dir, elsewhere };
}

describe.runIf(posix)('sources stay in report.yaml folder (the command line)', () => {
  beforeAll(ensureBuilt, 300_000);

  it('refuses a ../ path and a symlink that lead outside, naming the source', async () => {
    const { dir, elsewhere } = reportFolder();
    writeFileSync(join(dir, 'up.yaml'), 'sources: [{ file: ../elsewhere/kpis.xlsx }]\n');
    expectRefused(
      await cli(['validate', join(dir, 'up.yaml')]),
      2,
      'path-outside-folder',
      /kpis\.xlsx leads outside its folder .*report \(to .*elsewhere\/kpis\.xlsx\)/,
    );
    symlinkSync(join(elsewhere, 'kpis.xlsx'), join(dir, 'linked.xlsx'));
    writeFileSync(join(dir, 'link.yaml'), 'sources: [{ file: linked.xlsx }]\n');
    const r = await cli(['validate', join(dir, 'link.yaml')]);
    expectRefused(r, 2, 'path-outside-folder  linked.xlsx', 'linked.xlsx leads outside its folder');
    expect(r.stderr).toContain('write its absolute path');
  });

  it('reads an absolute path written in report.yaml, and a symlink named on the command line', async () => {
    const { dir, elsewhere } = reportFolder();
    writeFileSync(join(dir, 'report.yaml'), `sources: [{ file: ${join(elsewhere, 'kpis.xlsx')} }]\n`);
    const r = await cli(['validate', join(dir, 'report.yaml')]);
    expect(r.code, r.stderr).toBe(0);
    symlinkSync(join(elsewhere, 'kpis.xlsx'), join(dir, 'linked.xlsx'));
    const direct = await cli(['validate', join(dir, 'linked.xlsx')]);
    expect(direct.code, direct.stderr).toBe(0);
  });

  it('refuses a CSV in a source folder that is a symlink to outside it', async () => {
    const { dir, elsewhere } = reportFolder();
    const csv = join(dir, 'csv');
    mkdirSync(csv);
    copyTidyCsv(csv);
    writeFileSync(join(elsewhere, 'secret.csv'), 'not yours\n');
    symlinkSync(join(elsewhere, 'secret.csv'), join(csv, 'Secret.csv'));
    writeFileSync(join(dir, 'report.yaml'), 'sources: [{ file: csv }]\n');
    expectRefused(await cli(['validate', join(dir, 'report.yaml')]), 2, 'path-outside-folder  csv/Secret.csv', 'csv/Secret.csv leads outside its folder');
    // A broken link is named as missing, not skipped.
    rmSync(join(csv, 'Secret.csv'));
    symlinkSync(join(csv, 'gone.txt'), join(csv, 'Broken.csv'));
    expectRefused(await cli(['validate', join(dir, 'report.yaml')]), 2, 'source-not-found  csv/Broken.csv', 'csv/Broken.csv does not exist');
  });
});

describe.runIf(posix)('the template pack stays in its folder (the command line)', () => {
  beforeAll(ensureBuilt, 300_000);

  function withPack() {
    const { root, dir, elsewhere } = reportFolder();
    copyTidyCsv(dir);
    cpSync(join(repoDir, 'templates/default'), join(dir, 'pack'), { recursive: true });
    writeFileSync(join(dir, 'report.yaml'), 'sources: [{ file: . }]\ntemplate: ./pack\n');
    return { root, dir, elsewhere, spec: join(dir, 'pack/pack.yaml') };
  }

  it('refuses a template folder written as a relative path that leads outside; takes an absolute one', async () => {
    const { root, dir } = withPack();
    cpSync(join(repoDir, 'templates/default'), join(root, 'shared-pack'), { recursive: true });
    writeFileSync(join(dir, 'up.yaml'), 'sources: [{ file: . }]\ntemplate: ../shared-pack\n');
    expectRefused(await cli(['validate', join(dir, 'up.yaml')]), 2, 'path-outside-folder  template: ../shared-pack', 'leads outside its folder');
    writeFileSync(join(dir, 'abs.yaml'), `sources: [{ file: . }]\ntemplate: ${join(root, 'shared-pack')}\n`);
    const r = await cli(['validate', join(dir, 'abs.yaml')]);
    expect(r.code, r.stderr).toBe(0);
  });

  it('refuses to build with a font or logo symlinked from outside the pack', async () => {
    const { dir, elsewhere, spec } = withPack();
    const original = readFileSync(spec, 'utf8');
    copyFileSync(join(repoDir, 'fonts/DejaVuSansCondensed.ttf'), join(elsewhere, 'font.ttf'));
    symlinkSync(join(elsewhere, 'font.ttf'), join(dir, 'pack/linked.ttf'));
    writeFileSync(spec, original.replace('regular: DejaVuSansCondensed.ttf', 'regular: linked.ttf'));
    const out = join(dir, 'pack.pdf');
    expectRefused(await cli(['build', join(dir, 'report.yaml'), '--out', out]), 2, 'path-outside-folder', /linked\.ttf leads outside its folder/);

    writeFileSync(join(elsewhere, 'logo.png'), readFileSync(join(repoDir, 'fonts/LICENSE-DejaVu.txt')));
    symlinkSync(join(elsewhere, 'logo.png'), join(dir, 'pack/logo.png'));
    writeFileSync(spec, original.replace('logo: null', 'logo: logo.png'));
    expectRefused(await cli(['build', join(dir, 'report.yaml'), '--out', out]), 2, 'path-outside-folder', /logo\.png leads outside its folder/);
  });

  it('builds with a PNG logo in the pack, and refuses a file that only has the name of one', async () => {
    const { dir, spec } = withPack();
    writeFileSync(spec, readFileSync(spec, 'utf8').replace('logo: null', 'logo: logo.png'));
    const out = join(dir, 'pack.pdf');
    writeFileSync(join(dir, 'pack/logo.png'), Buffer.from(ONE_PIXEL_PNG, 'base64'));
    const r = await cli(['build', join(dir, 'report.yaml'), '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    writeFileSync(join(dir, 'pack/logo.png'), 'a text file renamed');
    expectRefused(await cli(['build', join(dir, 'report.yaml'), '--out', out]), 2, 'logo-unreadable', /pack\/logo\.png is not a PNG or JPEG image/);
  });

  it('refuses a .hbs or pack.yaml symlinked from outside the pack', async () => {
    const { dir, elsewhere } = withPack();
    copyFileSync(join(repoDir, 'templates/default/indicator.hbs'), join(elsewhere, 'indicator.hbs'));
    rmSync(join(dir, 'pack/indicator.hbs'));
    symlinkSync(join(elsewhere, 'indicator.hbs'), join(dir, 'pack/indicator.hbs'));
    expectRefused(await cli(['validate', join(dir, 'report.yaml')]), 2, 'path-outside-folder', /indicator\.hbs leads outside its folder/);
    const { dir: other, elsewhere: away } = withPack();
    copyFileSync(join(other, 'pack/pack.yaml'), join(away, 'pack.yaml'));
    rmSync(join(other, 'pack/pack.yaml'));
    symlinkSync(join(away, 'pack.yaml'), join(other, 'pack/pack.yaml'));
    expectRefused(await cli(['validate', join(other, 'report.yaml')]), 2, 'path-outside-folder', /pack\.yaml leads outside its folder/);
  });
});

describe.runIf(posix)('resolveInside and fileInside', () => {
  it('returns the path as written when it stays inside, null when nothing is there', async () => {
    const { dir } = reportFolder();
    writeFileSync(join(dir, 'a.txt'), 'a');
    mkdirSync(join(dir, 'sub'));
    symlinkSync(join(dir, 'a.txt'), join(dir, 'sub/link.txt'));
    expect(await resolveInside(dir, 'a.txt', nodeEffects)).toBe(join(dir, 'a.txt'));
    expect(await resolveInside(dir, 'sub/../a.txt', nodeEffects)).toBe(join(dir, 'a.txt'));
    expect(await resolveInside(dir, 'sub/link.txt', nodeEffects)).toBe(join(dir, 'sub/link.txt'));
    expect(await resolveInside(dir, 'missing.txt', nodeEffects)).toBeNull();
    // A folder reached through a symlink is judged by where it really is.
    const { root } = reportFolder();
    symlinkSync(dir, join(root, 'alias'));
    expect(await resolveInside(join(root, 'alias'), 'a.txt', nodeEffects)).toBe(join(root, 'alias/a.txt'));
  });

  it('refuses ../ and symlinks that leave, naming the path', async () => {
    const { dir, elsewhere } = reportFolder();
    symlinkSync(elsewhere, join(dir, 'out'));
    symlinkSync('/etc/hostname', join(dir, 'host'));
    await expect(resolveInside(dir, '../elsewhere/kpis.xlsx', nodeEffects)).rejects.toMatchObject({
      code: 'path-outside-folder',
      at: '../elsewhere/kpis.xlsx',
    });
    await expect(resolveInside(dir, 'out/kpis.xlsx', nodeEffects, { name: 'logo.png' })).rejects.toMatchObject({ code: 'path-outside-folder', at: 'logo.png' });
    await expect(resolveInside(dir, 'host', nodeEffects)).rejects.toMatchObject({ code: 'path-outside-folder' });
    await expect(resolveInside(dir, '/etc/hostname', nodeEffects)).rejects.toMatchObject({ code: 'path-outside-folder' });
  });

  it('fileInside also refuses folders, pipes and files over the limit', async () => {
    const { dir } = reportFolder();
    writeFileSync(join(dir, 'big.ttf'), Buffer.alloc(2048));
    mkdirSync(join(dir, 'folder.ttf'));
    expect(await fileInside(dir, 'big.ttf', nodeEffects)).toBe(join(dir, 'big.ttf'));
    await expect(fileInside(dir, 'big.ttf', nodeEffects, { maxBytes: 1024 })).rejects.toMatchObject({ code: 'file-too-large' });
    await expect(fileInside(dir, 'folder.ttf', nodeEffects)).rejects.toMatchObject({ code: 'not-a-file', message: expect.stringContaining('a folder') });
    expect(await fileInside(dir, 'none.ttf', nodeEffects)).toBeNull();
  });
});
