import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoDir } from '../helpers/examples.js';
import { tempDir } from '../helpers/workbooks.js';

/**
 * The same inputs give the same bytes on any server: the machine's locale and time zone reach no
 * number, date or chart label (under de_DE Node writes 1.234,5; under ar_EG, Arabic-Indic digits).
 */
describe('locale independence', () => {
  it('builds the sample to the same bytes under four locales and time zones', () => {
    const dir = tempDir();
    const hashes = [
      { LANG: 'C', LC_ALL: 'C', TZ: 'UTC' },
      { LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8', TZ: 'Europe/Berlin' },
      { LANG: 'ar_EG.UTF-8', LC_ALL: 'ar_EG.UTF-8', TZ: 'Africa/Cairo' },
      { LANG: 'en_US.UTF-8', LC_ALL: 'en_US.UTF-8', TZ: 'America/Los_Angeles' },
    ].map((env, i) => {
      const out = join(dir, `pack-${i}.pdf`);
      execFileSync(process.execPath, [join(repoDir, 'bin/boardpack.js'), 'build', join(repoDir, 'inputs/report.yaml'), '--out', out], {
        env: { ...process.env, ...env, SOURCE_DATE_EPOCH: '1767225600' },
        stdio: 'pipe',
      });
      return createHash('sha256').update(readFileSync(out)).digest('hex');
    });
    expect(new Set(hashes).size).toBe(1);
  }, 120_000);
});
