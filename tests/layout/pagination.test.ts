import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPack } from '../../src/build.js';
import { SHOWN, shorten, shownTitle } from '../../src/model/scorecard.js';
import { examplesDir, repoDir } from '../helpers/examples.js';
import { readPdf } from '../helpers/pdf.js';
import { tempDir } from '../helpers/workbooks.js';

const squash = (s: string) => s.replace(/\s+/g, '');

/** A section's heading is on the page where its table starts: it never ends a page alone. */
describe.each([
  ['the sample', join(repoDir, 'inputs/report.yaml')],
  ['the monthly example', join(examplesDir, 'monthly-2024-25.yaml')],
  ['the quarterly example', join(examplesDir, 'quarterly-2018-19-q2.yaml')],
])('%s', (_name, input) => {
  it('keeps each section heading with its table', async () => {
    const out = join(tempDir(), 'pack.pdf');
    const { report, analysis } = await buildPack(input, { out });
    const pdf = await readPdf(out);
    const checked: string[] = [];
    const sections = [...report.scorecard.sections];
    for (const mark of pdf.bookmarks.filter((b) => b.path[0] === 'Scorecard' && b.page !== null)) {
      // In order, as the bookmarks are: two sections may share a name.
      const at = sections.findIndex((s) => shorten(s.title, SHOWN.section) === mark.title);
      const [section] = at < 0 ? [] : sections.splice(at, 1);
      const first = analysis.assessment.indicators.find((a) => a.indicator.section === section?.id);
      if (!section || !first) continue;
      checked.push(section.title);
      expect(squash(pdf.pages[mark.page! - 1]!), `${section.title} is on page ${mark.page} without its table`).toContain(
        squash(shownTitle(first.indicator.title)).slice(0, 40),
      );
    }
    expect(checked.length).toBeGreaterThan(3);
  }, 60_000);
});
