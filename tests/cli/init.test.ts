import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPack } from '../../src/build.js';
import { type Effects, nodeEffects } from '../../src/effects.js';
import { initReport } from '../../src/init.js';
import { ReportConfigSpec } from '../../src/model/config.js';
import { parseConfig } from '../../src/model/loadConfig.js';
import { stripMarkup } from '../../src/narrate/index.js';
import { analyseReport, loadReport } from '../../src/pipeline.js';
import { repoDir } from '../helpers/examples.js';
import { tempDir } from '../helpers/workbooks.js';

const PACK_FILES = readdirSync(join(repoDir, 'templates/default')).sort();
const FILES = ['report.yaml', 'kpis.xlsx', ...PACK_FILES.map((f) => `templates/${f}`), 'README.md'];

/** Every file and folder under `dir` with its size and modification time: what "nothing written" compares. */
function listing(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      const s = statSync(path);
      out[relative(dir, path)] = `${s.isDirectory() ? 'dir' : s.size} ${s.mtimeMs}`;
      if (s.isDirectory()) walk(path);
    }
  };
  walk(dir);
  return out;
}

async function analyse(dir: string) {
  const report = await loadReport(join(dir, 'report.yaml'), nodeEffects);
  const analysis = await analyseReport(report, nodeEffects);
  const text = (id: string) => {
    const a = analysis.assessment.indicators.find((i) => i.indicator.id === id)!;
    const t = analysis.narrative.indicators.get(a)!;
    return { rag: a.rag, narrative: stripMarkup(t.narrative), ragReason: stripMarkup(t.ragReason) };
  };
  return { report, analysis, text };
}

describe('initReport', () => {
  it('writes a report folder that reads with no findings at all, through the copied template pack', async () => {
    const dir = join(tempDir(), 'committee-report');
    const result = await initReport(dir, nodeEffects);
    expect(result).toEqual({ dir, files: FILES });
    for (const f of FILES) expect(statSync(join(dir, f)).isFile()).toBe(true);
    for (const f of PACK_FILES) expect(readFileSync(join(dir, 'templates', f))).toEqual(readFileSync(join(repoDir, 'templates/default', f)));

    const { report, analysis, text } = await analyse(dir);
    expect(analysis.issues).toEqual([]);
    expect(report.config.sources.map((s) => [s.file, s.layout])).toEqual([['kpis.xlsx', 'tidy']]);
    expect(report.period.label).toBe('Mar-26');
    const { indicators, sections, periods } = report.scorecard;
    expect(indicators.map((i) => i.id)).toEqual(['CS1', 'CS2', 'CS3', 'HS1', 'HS2', 'HS3', 'HS4', 'EN1', 'EN2', 'EN3']);
    expect(sections.map((s) => s.title)).toEqual(['Customer services', 'Housing', 'Environment']);
    expect(periods.map((p) => p.label)).toEqual([
      'Apr-25',
      'May-25',
      'Jun-25',
      'Jul-25',
      'Aug-25',
      'Sep-25',
      'Oct-25',
      'Nov-25',
      'Dec-25',
      'Jan-26',
      'Feb-26',
      'Mar-26',
    ]);
    for (const i of indicators) expect(i.values.filter((v) => v.status === 'ok')).toHaveLength(12);
    // Every rating shows on the first build.
    expect(analysis.assessment.summary.rag).toMatchObject({ green: 4, amber: 3, red: 2, none: 1, 'no-data': 0 });
    expect(analysis.pack.dir).toBe(join(dir, 'templates'));
    expect(text('CS2').narrative).toMatch(/^Performance was 92\.5% in March 2026, meeting the 90% target \(Green\)\./);
    expect(text('HS4').ragReason).toContain('pro rata');

    // The copy is the pack used: a word changed in it shows in what the pack says.
    const hbs = join(dir, 'templates', 'indicator.hbs');
    writeFileSync(hbs, readFileSync(hbs, 'utf8').replace('Performance was {{value}}', 'Performance stood at {{value}}'));
    const yaml = join(dir, 'templates', 'pack.yaml');
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('green: Green,', 'green: On track,'));
    const changed = await analyse(dir);
    expect(changed.text('CS2').narrative).toMatch(/^Performance stood at 92\.5% in March 2026, meeting the 90% target \(On track\)\./);
    expect(changed.analysis.issues).toEqual([]);
  });

  it('builds a PDF from the new folder', async () => {
    const dir = tempDir();
    await initReport(dir, nodeEffects);
    const out = join(dir, 'out.pdf');
    const result = await buildPack(join(dir, 'report.yaml'), { out });
    expect(result.path).toBe(out);
    expect(readFileSync(out).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(result.pages).toBeGreaterThan(5);
    expect(result.findings.filter((i) => i.severity !== 'info')).toEqual([]);
  });

  it('writes the same bytes every time', async () => {
    const [a, b] = [join(tempDir(), 'a'), join(tempDir(), 'b')];
    await initReport(a, nodeEffects);
    await new Promise((r) => setTimeout(r, 1100));
    await initReport(b, nodeEffects);
    for (const f of FILES) expect(readFileSync(join(b, f)), f).toEqual(readFileSync(join(a, f)));
  });

  it('refuses a second run in the same folder and writes nothing', async () => {
    const dir = tempDir();
    await initReport(dir, nodeEffects);
    const before = listing(dir);
    const second = initReport(dir, nodeEffects);
    await expect(second).rejects.toMatchObject({ name: 'BoardpackError', code: 'init-exists', at: join(dir, 'report.yaml') });
    await expect(second).rejects.toThrow(/already exists.*never overwrites/);
    expect(listing(dir)).toEqual(before);
  });

  it('uses a folder that holds other files, unless one of its names is taken', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    await initReport(dir, nodeEffects);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    expect(readdirSync(dir).sort()).toEqual(['README.md', 'kpis.xlsx', 'notes.txt', 'report.yaml', 'templates']);

    for (const [taken, folder] of [
      ['report.yaml', false],
      ['README.md', false],
      ['readme.md', false],
      ['templates', true],
      ['kpis.xlsx', true],
    ] as const) {
      const busy = tempDir();
      if (folder) mkdirSync(join(busy, taken));
      else writeFileSync(join(busy, taken), 'already here');
      const before = listing(busy);
      await expect(initReport(busy, nodeEffects), taken).rejects.toMatchObject({ code: 'init-exists', at: join(busy, taken) });
      expect(listing(busy)).toEqual(before);
    }
  });

  it('refuses a file given as the folder, or in the way of it', async () => {
    const dir = tempDir();
    const file = join(dir, 'report');
    writeFileSync(file, 'a file');
    const before = listing(dir);
    await expect(initReport(file, nodeEffects)).rejects.toMatchObject({
      code: 'init-exists',
      at: file,
      message: expect.stringContaining('is a file, not a folder'),
    });
    await expect(initReport(join(file, 'deeper', 'still'), nodeEffects)).rejects.toMatchObject({ code: 'init-exists', at: file });
    expect(listing(dir)).toEqual(before);
  });

  it('creates missing folders', async () => {
    const dir = join(tempDir(), 'reports', '2026', 'scrutiny');
    expect((await initReport(dir, nodeEffects)).files).toEqual(FILES);
  });

  it('says which files it had written when a write fails', async () => {
    const dir = tempDir();
    const failing: Effects = {
      ...nodeEffects,
      async writeFileAtomic(path, data) {
        if (path.endsWith('kpis.xlsx')) throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES', path });
        return nodeEffects.writeFileAtomic(path, data);
      },
    };
    await expect(initReport(dir, failing)).rejects.toMatchObject({
      code: 'output-write',
      at: join(dir, 'kpis.xlsx'),
      message: expect.stringMatching(/could not write .*kpis\.xlsx \(permission denied\)\. Already written, and safe to delete: report\.yaml\./),
    });
  });

  it('documents every top-level setting in report.yaml, and each one commented out is valid as written', async () => {
    const dir = tempDir();
    await initReport(dir, nodeEffects);
    const text = readFileSync(join(dir, 'report.yaml'), 'utf8');
    for (const key of Object.keys(ReportConfigSpec.shape)) expect(text, key).toMatch(new RegExp(`^(# )?${key}:`, 'm'));

    // A commented-out setting is `# key: value` at its own indentation; prose comments start with a capital.
    const setting = /^(\s*)# (\s*(?:- )?(?:[a-z][A-Za-z]*:(?: .*)?|[A-Z]+\d+: \{.*))$/;
    const lines = text.split('\n');
    const enabled = lines.map((l) => l.replace(setting, '$1$2'));
    expect(enabled.filter((l, i) => l !== lines[i]).length).toBeGreaterThan(20);
    const config = parseConfig(enabled.join('\n'), join(dir, 'report.yaml'));
    expect(config.sources.map((s) => s.layout)).toEqual(['tidy', 'wide']);
    expect(config.sources[0]!.columns).toMatchObject({ id: 'A', title: 'B', benchmarks: { 'Statistical neighbours': 'P' } });
    expect(config.indicators).toMatchObject({ HS1: { tolerance: '5%' }, CS3: { polarity: 'higher' }, HS4: { cumulative: true } });
    expect(config.summary).toEqual({ rollup: 'worst', share: 0.25 });

    // As written, the settings shown are the defaults, apart from the report's own.
    const plain = parseConfig(text, join(dir, 'report.yaml'));
    const defaults = ReportConfigSpec.parse({ sources: [{ file: 'kpis.xlsx' }] });
    expect({ ...plain, sources: undefined, baseDir: undefined, origin: undefined }).toEqual({
      ...defaults,
      sources: undefined,
      title: 'Corporate Performance Scorecard',
      organisation: 'Example Borough Council',
      committee: 'Performance and Scrutiny Committee',
      meetingDate: '2026-04-21',
      template: 'templates',
    });
  });
});
