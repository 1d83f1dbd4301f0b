import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeEffects } from '../../src/effects.js';
import { loadPack } from '../../src/narrate/pack.js';
import { patternMatches } from '../../src/narrate/patterns.js';
import { loadReport } from '../../src/pipeline.js';
import { run } from '../helpers/cli.js';
import { repoDir } from '../helpers/examples.js';
import { tempDir } from '../helpers/workbooks.js';
import { analyse } from '../helpers/build.js';

/** A copy of the sample inputs using a copy of the default pack, to edit freely. */
function workspace() {
  const dir = tempDir();
  cpSync(join(repoDir, 'inputs/kpis.xlsx'), join(dir, 'kpis.xlsx'));
  cpSync(join(repoDir, 'templates/default'), join(dir, 'pack'), { recursive: true });
  writeFileSync(join(dir, 'report.yaml'), 'title: Test pack\nsources: [{ file: kpis.xlsx }]\ntemplate: ./pack\n');
  const edit = (file: string, from: string | RegExp, to: string) => {
    const path = join(dir, 'pack', file);
    const before = readFileSync(path, 'utf8');
    const after = before.replace(from, to);
    if (after === before) throw new Error(`nothing to replace in ${file}`);
    writeFileSync(path, after);
  };
  return { dir, config: join(dir, 'report.yaml'), edit };
}

describe('template packs', () => {
  it('changing a sentence in a copied pack changes the generated text, with no code change', async () => {
    const w = workspace();
    const before = JSON.parse((await run('assess', w.config, '--json')).stdout);
    expect(before.indicators[1].narrative).toMatch(/^Performance was /);
    w.edit('indicator.hbs', 'Performance was {{value}} in {{valuePeriod.name}},', 'In {{valuePeriod.name}} the figure stood at {{value}},');
    w.edit('summary.hbs', 'Compared with the previous period,', 'Against last month,');
    w.edit('pack.yaml', 'amber: Amber,', 'amber: AMBER,');
    const after = JSON.parse((await run('assess', w.config, '--json')).stdout);
    expect(after.indicators[1].narrative).toMatch(/^In March 2026 the figure stood at /);
    expect(after.executiveSummary).toContain('Against last month,');
    expect(after.indicators.some((i: { narrative: string }) => i.narrative.includes('(AMBER, within the tolerance of '))).toBe(true);
  });

  it('refuses a template with a syntax error, naming the file and line, before doing any work', async () => {
    const w = workspace();
    w.edit('section.hbs', '{{/if}}\nThis section has', '{{/iff}}\nThis section has');
    const r = await run('assess', w.config, '--json');
    expect(r.code).toBe(2);
    // --json: the failure as JSON on stdout, for the script that asked.
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: 'template-syntax' } });
    expect(r.stderr).toMatch(/error template-syntax {2}.*section\.hbs:4/);
    expect(r.stderr).toContain("pack/section.hbs line 4: if doesn't match iff.");
  });

  it('refuses a misspelt field, naming the file, line and field', async () => {
    const w = workspace();
    w.edit('indicator.hbs', 'Performance was {{value}} in', 'Performance was {{valeu}} in');
    const r = await run('validate', w.config);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error template-field');
    expect(r.stderr).toContain('pack/indicator.hbs line 14: "valeu" is not a field or helper here.');
  });

  it('refuses a field named like a helper ({{count}}), instead of printing [object Object]', async () => {
    const w = workspace();
    w.edit('indicator.hbs', 'Performance was {{value}} in', 'Performance was {{count}} in');
    const r = await run('validate', w.config);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error template-field');
    expect(r.stderr).toContain("{{count}} is one of boardpack's helpers, not a field, and needs 3 values (line 14)");
    expect(r.stderr).not.toContain('[object Object]');
  });

  it('matches benchmark patterns in linear time, and refuses ones RE2 cannot run', async () => {
    // JavaScript's RegExp takes seconds on this (more with every `a`); RE2 answers at once.
    const started = performance.now();
    expect(patternMatches('^(a+)+$', `${'a'.repeat(40)}!`)).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
    const v = workspace();
    v.edit('pack.yaml', 'benchmarks:\n', 'benchmarks:\n  - { match: "(?<=x)y", name: look-behind }\n');
    const r = await run('validate', v.config);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('pack.yaml benchmarks[0].match "(?<=x)y" is not a pattern boardpack can use');
  });

  it('validates pack.yaml with key paths and suggestions', async () => {
    const w = workspace();
    w.edit('pack.yaml', 'orientation: landscape', 'orientaton: landscape');
    w.edit('pack.yaml', 'green: "#009E73"', 'green: "green"');
    const r = await run('assess', w.config);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('page.orientaton (line 7): unknown key; did you mean "orientation"?');
    expect(r.stderr).toContain('palette.green (line 13): expected a colour such as #1D4E89');
  });

  it('says what is missing from a pack', async () => {
    const dir = tempDir();
    await expect(loadPack({ template: './nowhere', baseDir: dir }, nodeEffects)).rejects.toMatchObject({ code: 'template-pack-not-found' });
    cpSync(join(repoDir, 'templates/default/pack.yaml'), join(dir, 'pack.yaml'));
    await expect(loadPack({ template: '.', baseDir: dir }, nodeEffects)).rejects.toMatchObject({
      code: 'template-missing',
      message: expect.stringContaining('has no cover.hbs'),
    });
  });

  it('shows only commentary where there is some (narrative.auto: fill), and both with always', async () => {
    const report = await loadReport(join(repoDir, 'inputs/report.yaml'), nodeEffects);
    const a = await analyse(report);
    const texts = [...a.narrative.indicators.values()];
    const withCommentary = texts.filter((t) => t.commentary.length > 0);
    expect(withCommentary.length).toBe(20);
    expect(withCommentary.every((t) => !t.showNarrative)).toBe(true);
    expect(texts.filter((t) => t.commentary.length === 0).every((t) => t.showNarrative)).toBe(true);
    expect(withCommentary[0]!.commentary[0]!.author).not.toBeNull();
  });
});

describe('commentary and the executive summary', () => {
  it('keeps commentary holding markup or {{ }} literal, in JSON and in the pack', async () => {
    const r = await run('assess', join(repoDir, 'tests/fixtures/tidy-csv'), '--json');
    const a1 = JSON.parse(r.stdout).indicators.find((i: { id: string }) => i.id === 'A1');
    expect(a1.commentary).toEqual([{ text: 'Recording is late this month; the figure will follow. Note: *not* {{ escaped }}.', author: 'Jo Bloggs' }]);
    const report = await loadReport(join(repoDir, 'tests/fixtures/tidy-csv'), nodeEffects);
    const { narrative, assessment } = await analyse(report);
    const shown = narrative.indicators.get(assessment.indicators[0]!)!.commentary[0]!.markup;
    const { parseMarkup } = await import('../../src/narrate/markup.js');
    expect(parseMarkup(shown)).toEqual([
      { kind: 'paragraph', runs: [{ text: 'Recording is late this month; the figure will follow. Note: *not* {{ escaped }}.', bold: false, italics: false }] },
    ]);
  });

  it('summarises counts, the red list with reasons, moves and missing data', async () => {
    const report = await loadReport(join(repoDir, 'examples/monthly-2024-25.yaml'), nodeEffects);
    const { narrative } = await analyse(report);
    const { stripMarkup } = await import('../../src/narrate/markup.js');
    const text = stripMarkup(narrative.summary);
    expect(text).toMatch(/^73 of 96 indicators are rated against a target for March 2025: 22 green \(30%\), 14 amber \(19%\) and 37 red \(51%\)\./);
    expect(text).toContain(
      '- 19a Percentage of single assessments completed within 45 working days (in month): 72.2% is 17.8 points below the 90% target (amber band 13.5 points)',
    );
    expect(text).toContain('Largest improvements');
    expect(text).toContain('Largest declines');
    expect(text).toContain('- 38a Percentage of Initial Health Assessment Reports completed within month where paperwork');
  });

  it('warns when a red indicator has no commentary', async () => {
    const report = await loadReport(join(repoDir, 'examples/monthly-2024-25.yaml'), nodeEffects);
    const { issues } = await analyse(report);
    const red = issues.filter((i) => i.code === 'red-without-commentary').map((i) => i.message.split(' ')[0]);
    expect(red).toContain('9a');
    expect(red).not.toContain('19a');
  });
});
