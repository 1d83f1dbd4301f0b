import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { examplesDir, sharedExamplesDir } from '../helpers/examples.js';

const FILES = ['monthly-scorecard-2024-25.xlsx', 'quarterly-scorecard-2018-19-q2.xlsx', 'kpi-report-2017-q2.xlsx', 'monthly-scorecard-2024-25.txt'];

describe('the copies of the published scorecards in examples/', () => {
  it.skipIf(!existsSync(sharedExamplesDir)).each(FILES)('%s is the same as in ../shared/examples', (file) => {
    expect(readFileSync(`${examplesDir}${file}`).equals(readFileSync(`${sharedExamplesDir}${file}`))).toBe(true);
  });
});
