import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPdf } from '../helpers/pdf.js';
import { tempDir } from '../helpers/workbooks.js';
import { cli, copyTidyCsv, ensureBuilt, expectRefused } from './helpers.js';

/** Issue 11: SOURCE_DATE_EPOCH is a whole number of seconds, or a usage error naming it, before any work. */
describe('SOURCE_DATE_EPOCH', () => {
  beforeAll(ensureBuilt, 300_000);

  for (const value of ['99999999999999', 'abc', '-5', '1.5', '1e9', '0x10']) {
    it(`refuses ${value} at once, and writes nothing`, async () => {
      const dir = tempDir();
      copyTidyCsv(dir);
      const out = join(dir, 'out/pack.pdf');
      const r = await cli(['build', dir, '--out', out], { env: { SOURCE_DATE_EPOCH: value } });
      expectRefused(r, 2, 'source-date-epoch  SOURCE_DATE_EPOCH', `SOURCE_DATE_EPOCH is "${value}"`);
      expect(r.stderr).toContain('whole number of seconds since 1 January 1970');
      expect(existsSync(join(dir, 'out'))).toBe(false);
    });
  }

  it('dates the pack from a valid one', async () => {
    const dir = tempDir();
    copyTidyCsv(dir);
    const out = join(dir, 'pack.pdf');
    // 2030-06-15 12:00 UTC.
    const r = await cli(['build', dir, '--out', out], { env: { SOURCE_DATE_EPOCH: '1907755200' } });
    expect(r.code, r.stderr).toBe(0);
    const { text } = await readPdf(out);
    expect(text).toMatch(/15 June 2030|15 Jun 2030|2030-06-15/);
  });

  it('treats an empty one as unset', async () => {
    const dir = tempDir();
    copyTidyCsv(dir);
    const r = await cli(['build', dir, '--out', join(dir, 'pack.pdf')], { env: { SOURCE_DATE_EPOCH: '' } });
    expect(r.code, r.stderr).toBe(0);
  });
});
