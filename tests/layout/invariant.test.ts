import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPack } from '../../src/build.js';
import { examplesDir, repoDir } from '../helpers/examples.js';
import { packMisses } from '../helpers/invariant.js';
import { readPdf } from '../helpers/pdf.js';
import { tempDir } from '../helpers/workbooks.js';

/** Every indicator the model holds reaches the pack: a scorecard row, a detail panel and its bookmark. */
describe('every indicator reaches the pack', () => {
  const packs = {
    sample: join(repoDir, 'inputs/report.yaml'),
    monthly: join(examplesDir, 'monthly-2024-25.yaml'),
    quarterly: join(examplesDir, 'quarterly-2018-19-q2.yaml'),
    kpi: join(examplesDir, 'kpi-2017-q2.yaml'),
  };
  for (const [name, input] of Object.entries(packs)) {
    it(name, async () => {
      const out = join(tempDir(), `${name}.pdf`);
      const result = await buildPack(input, { out });
      const indicators = result.report.scorecard.indicators;
      expect(indicators.length).toBeGreaterThan(10);
      expect(packMisses(await readPdf(out), indicators)).toEqual([]);
    }, 60_000);
  }
});
