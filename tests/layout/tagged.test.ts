import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BuildResult, buildPack } from '../../src/build.js';
import { trendAlt } from '../../src/chart/builders.js';
import { formatValue } from '../../src/model/format.js';
import { shownTitle } from '../../src/model/scorecard.js';
import { anchorOf } from '../../src/narrate/index.js';
import { examplesDir, repoDir } from '../helpers/examples.js';
import { readTagged } from '../helpers/tagged.js';
import { tempDir } from '../helpers/workbooks.js';

describe.each([
  ['the sample', join(repoDir, 'inputs/report.yaml')],
  ['the quarterly example', join(examplesDir, 'quarterly-2018-19-q2.yaml')],
])('%s, as a tagged PDF', (_name, input) => {
  let built: BuildResult;
  let pdf: Awaited<ReturnType<typeof readTagged>>;
  beforeAll(async () => {
    const out = join(tempDir(), 'pack.pdf');
    built = await buildPack(input, { out });
    pdf = await readTagged(out);
  }, 60_000);

  it('has a structure tree of headings, paragraphs, lists, tables, figures, contents and links', () => {
    for (const role of ['Document', 'H1', 'H2', 'H3', 'P', 'Table', 'THead', 'TBody', 'TR', 'TH', 'TD', 'Figure', 'TOC', 'TOCI', 'Link', 'Sect']) {
      expect(pdf.roles, role).toContain(role);
    }
    expect(pdf.markInfo).toMatchObject({ Marked: true });
  });

  it('paints nothing outside marked content: all is content in the tree, or an Artifact', () => {
    expect(pdf.unmarked).toEqual([]);
  });

  it('has one Figure per chart, each with alt text naming its latest value and target', () => {
    const figures = pdf.nodes.filter((n) => n.role === 'Figure');
    expect(figures).toHaveLength(built.charts);
    const alts = new Set(figures.map((f) => f.alt));
    const periods = built.analysis.pack.spec.details.chartPeriods;
    for (const a of built.analysis.assessment.indicators) {
      const alt = trendAlt(a, periods);
      expect(alts, a.indicator.id ?? a.indicator.title).toContain(alt);
      const latest = a.history
        .slice(-periods)
        .map((p) => p.observation)
        .filter((o) => o.value !== null)
        .at(-1);
      if (latest) expect(alt).toContain(formatValue(latest.value!, a.indicator.unit, a.indicator.decimals));
      // And its target, where one was rated against.
      if (a.history.slice(-periods).some((p) => p.goal !== null)) expect(alt).toMatch(/; target /);
    }
  });

  it('links every indicator from its scorecard row to its detail panel, and each panel back to its table', () => {
    const indicators = built.report.scorecard.indicators;
    const squash = (t: string) => t.replace(/\s+/g, '');
    for (const ind of indicators) {
      const anchor = anchorOf(indicators, ind);
      const to = pdf.links.filter((l) => l.dest === anchor);
      // From its row (and perhaps from the summary's lists), to the page that shows its panel.
      const rowPage = pdf.links.find((l) => l.dest === (ind.section ? `s-${ind.section}` : 's-none') && l.opens !== null)?.opens ?? undefined;
      expect(
        to.some((l) => rowPage !== undefined && l.page >= rowPage && l.page < l.opens!),
        `${anchor} is linked from its scorecard row`,
      ).toBe(true);
      for (const l of to) expect(squash(pdf.texts[l.opens! - 1]!)).toContain(squash(shownTitle(ind.title)).slice(0, 30));
      const table = ind.section ? `s-${ind.section}` : 's-none';
      expect(
        pdf.links.some((l) => l.dest === table && to.some((t) => t.opens === l.page)),
        `${anchor} links back to ${table}`,
      ).toBe(true);
    }
  });

  it('sets the language and shows the title in the window', () => {
    expect(pdf.info.Language).toBe('en-GB');
    expect(pdf.info.Title).toContain(built.report.config.title);
    expect(pdf.preferences).toMatchObject({ DisplayDocTitle: true });
    expect(String(pdf.pdfua)).toBe('1');
  });
});
