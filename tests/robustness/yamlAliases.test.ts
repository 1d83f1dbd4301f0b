import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/model/loadConfig.js';
import { repoDir } from '../helpers/examples.js';
import { tempDir } from '../helpers/workbooks.js';
import { cli, copyTidyCsv, ensureBuilt, expectRefused } from './helpers.js';

/**
 * Issue 11: "billion laughs". Nine lines of anchors and aliases stand for a billion values; past
 * 100 alias expansions report.yaml and pack.yaml are refused with the file and the line, exit 2.
 */

const LAUGHS = [
  'lol: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
  ...'bcdefgh'.split('').map((x, i) => {
    const prev = 'abcdefgh'[i]!;
    return `${x}: &${x} [${Array(9).fill(`*${prev}`).join(', ')}]`;
  }),
].join('\n');

describe('YAML alias bombs', () => {
  beforeAll(ensureBuilt, 300_000);

  it('refuses a report.yaml, naming the file and the line of the first alias', async () => {
    const dir = tempDir();
    copyTidyCsv(dir);
    writeFileSync(join(dir, 'report.yaml'), `sources: [{ file: . }]\n${LAUGHS}\n`);
    const r = await cli(['validate', join(dir, 'report.yaml')], { timeoutMs: 5000 });
    expectRefused(r, 2, 'config-yaml  report.yaml:3', /report\.yaml line 3: its aliases \(\*name\) repeat an anchor/);
    expect(r.ms).toBeLessThan(3000);
  });

  it('refuses a pack.yaml the same way', async () => {
    const dir = tempDir();
    copyTidyCsv(dir);
    cpSync(join(repoDir, 'templates/default'), join(dir, 'pack'), { recursive: true });
    writeFileSync(join(dir, 'pack/pack.yaml'), `${LAUGHS}\n`);
    writeFileSync(join(dir, 'report.yaml'), 'sources: [{ file: . }]\ntemplate: ./pack\n');
    const r = await cli(['build', join(dir, 'report.yaml')], { timeoutMs: 5000 });
    expectRefused(r, 2, 'pack-yaml  pack.yaml:2', 'pack.yaml line 2: its aliases');
  });

  it('still reads the few aliases a person writes', () => {
    const config = parseConfig(
      ['sources: [{ file: k.xlsx }]', 'indicators:', '  "1": &lower { polarity: lower, tolerance: 5% }', '  "2": *lower', '  "3": *lower'].join('\n'),
      '/tmp/report.yaml',
    );
    expect(config.indicators['3']).toEqual({ polarity: 'lower', tolerance: '5%' });
  });

  it('turns any other failure to build the values into a YAML error, not a crash', () => {
    expect(() => parseConfig('sources: [{ file: k.xlsx }]\na: *nowhere\n', '/tmp/report.yaml')).toThrow(expect.objectContaining({ code: 'config-yaml' }));
  });
});
