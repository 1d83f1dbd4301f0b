import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import lockfile from 'proper-lockfile';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoDir } from '../helpers/examples.js';
import { readPdf } from '../helpers/pdf.js';
import { tempDir } from '../helpers/workbooks.js';
import { cli, ensureBuilt, expectNoStack } from '../robustness/helpers.js';

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const sample = join(repoDir, 'inputs/report.yaml');
const version = (JSON.parse(readFileSync(join(repoDir, 'package.json'), 'utf8')) as { version: string }).version;

/** A report folder made by `init`. */
async function initFolder(): Promise<string> {
  const dir = join(tempDir(), 'report');
  const r = await cli(['init', dir]);
  expect(r.code, r.stderr).toBe(0);
  return dir;
}

interface ManifestJson {
  boardpack: string;
  report: { path: string; sha256: string } | null;
  inputs: Array<{ path: string; bytes: number; sha256: string }>;
  templatePack: { path: string; sha256: string };
  output: { path: string; bytes: number; sha256: string; pages: number };
  period: { id: string };
  counts: { indicators: number; rag: Record<string, number> };
  indicators: Array<{ key: string; rag: string }>;
}

describe('runs that look after themselves (the real bin)', () => {
  beforeAll(ensureBuilt, 300_000);

  it('prints its version', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await cli([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe(version);
    }
  });

  it('init then build: a PDF and a manifest whose hashes are the files', { timeout: 60_000 }, async () => {
    const dir = await initFolder();
    const r = await cli(['build', 'report.yaml', '--json'], { cwd: dir, timeoutMs: 30_000 });
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as { path: string; manifest: string; sha256: string; bytes: number; pages: number; findings: Record<string, number> };
    expect(result.path).toBe(join(dir, 'output', 'corporate-performance-scorecard-2026-03.pdf'));
    expect(sha256(result.path)).toBe(result.sha256);
    const manifest = JSON.parse(readFileSync(result.manifest, 'utf8')) as ManifestJson;
    const at = (p: string) => resolve(dirname(result.manifest), p);
    expect(manifest.boardpack).toBe(version);
    expect(manifest.output.sha256).toBe(sha256(result.path));
    expect(manifest.output.bytes).toBe(readFileSync(result.path).byteLength);
    expect(at(manifest.output.path)).toBe(result.path);
    expect(manifest.report?.sha256).toBe(sha256(join(dir, 'report.yaml')));
    expect(at(manifest.report!.path)).toBe(join(dir, 'report.yaml'));
    expect(manifest.inputs.map((f) => [at(f.path), f.sha256])).toEqual([[join(dir, 'kpis.xlsx'), sha256(join(dir, 'kpis.xlsx'))]]);
    expect(manifest.templatePack.path).toBe('../templates');
    expect(manifest.counts.indicators).toBe(10);
    expect(manifest.indicators).toHaveLength(10);
    expect(result.findings).toEqual({ error: 0, warning: 0, info: 0 });
  });

  it('builds the same bytes twice', { timeout: 60_000 }, async () => {
    const out = join(tempDir(), 'pack.pdf');
    const first = await cli(['build', sample, '--out', out, '--json'], { timeoutMs: 30_000 });
    const second = await cli(['build', sample, '--out', out, '--json'], { timeoutMs: 30_000 });
    expect(first.code, first.stderr).toBe(0);
    expect(second.code, second.stderr).toBe(0);
    const [a, b] = [first, second].map((r) => (JSON.parse(r.stdout) as { sha256: string }).sha256);
    expect(a).toBe(b);
    expect(sha256(out)).toBe(a);
  });

  it('--max-warnings 0 on the sample (it has warnings) exits 1 and writes nothing', { timeout: 30_000 }, async () => {
    const dir = tempDir();
    const r = await cli(['build', sample, '--out', join(dir, 'pack.pdf'), '--max-warnings', '0'], { timeoutMs: 30_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error too-many-warnings');
    expect(r.stderr).toMatch(/The pack has \d+ warnings, more than the 0 --max-warnings allows/);
    expect(r.stderr).toContain('red-without-commentary');
    // Refused before the render: nothing in the folder, not even the lock.
    expect(readdirSync(dir)).toEqual([]);
    expectNoStack(r);
  });

  it('--log-format json: every line on stderr is a JSON log record', { timeout: 30_000 }, async () => {
    const r = await cli(['build', sample, '--out', join(tempDir(), 'pack.pdf'), '--log-format', 'json'], { timeoutMs: 30_000 });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.trim().split('\n');
    const records = lines.map((l) => JSON.parse(l) as { time: string; level: string; stage: string; message: string; code?: string; at?: string });
    for (const x of records) {
      expect(Number.isNaN(Date.parse(x.time))).toBe(false);
      expect(['error', 'warn', 'info', 'debug']).toContain(x.level);
      expect(typeof x.message).toBe('string');
    }
    expect(records.map((x) => x.stage)).toEqual(expect.arrayContaining(['read', 'assess and word', 'layout', 'pdf', 'write']));
    const finding = records.find((x) => x.code === 'red-without-commentary');
    expect(finding?.at).toMatch(/kpis\.xlsx › Indicators › A\d+/);
    // The PDF on stdout: still only JSON on stderr.
    const piped = spawnSync(process.execPath, [join(repoDir, 'bin/boardpack.js'), 'build', sample, '--out', '-', '--log-format', 'json'], {
      env: { ...process.env, SOURCE_DATE_EPOCH: '1767225600' },
      timeout: 30_000,
    });
    expect(piped.status).toBe(0);
    for (const l of piped.stderr.toString().trim().split('\n')) expect(() => JSON.parse(l), l).not.toThrow();
    // A failure, too, is a JSON record.
    const failed = await cli(['build', join(tempDir(), 'missing.yaml'), '--log-format', 'json']);
    expect(failed.code).toBe(2);
    for (const l of failed.stderr.trim().split('\n')) expect(() => JSON.parse(l)).not.toThrow();
    expect(JSON.parse(failed.stderr.trim().split('\n')[0]!)).toMatchObject({ level: 'error', code: 'config-not-found' });
  });

  it('without a terminal, one timestamped line per stage; --quiet, none', { timeout: 30_000 }, async () => {
    const out = join(tempDir(), 'pack.pdf');
    const r = await cli(['build', sample, '--out', out], { timeoutMs: 30_000 });
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z info {2}read \(\d+ ms\): 60 indicators in 6 sections; reporting period Mar-26$/),
      expect.stringMatching(/ assess and word \(\d+ ms\): 0 errors, 5 warnings, 4 notes$/),
      expect.stringMatching(/ layout \(\d+ ms\): 61 charts to draw$/),
      expect.stringMatching(/ pdf \(\d+ ms\): 41 pages, 61 charts, \d+ KB$/),
      expect.stringMatching(/ write \(\d+ ms\): .*pack\.pdf and its manifest$/),
    ]);
    const quiet = await cli(['build', sample, '--out', out, '--quiet'], { timeoutMs: 30_000 });
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toMatch(/^Wrote /);
  });

  it('--out - writes the PDF to stdout; --out with another extension is refused', { timeout: 30_000 }, async () => {
    const r = spawnSync(process.execPath, [join(repoDir, 'bin/boardpack.js'), 'build', sample, '--out', '-', '--quiet'], {
      env: { ...process.env, SOURCE_DATE_EPOCH: '1767225600' },
      timeout: 30_000,
    });
    expect(r.status, r.stderr.toString()).toBe(0);
    expect(r.stdout.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(r.stdout.subarray(-6).toString('latin1')).toContain('%%EOF');
    const bad = await cli(['build', sample, '--out', join(tempDir(), 'pack.docx')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('error out-extension');
  });

  it('schedule --once builds now and exits with that build’s code', { timeout: 60_000 }, async () => {
    const dir = await initFolder();
    const r = await cli(['schedule', 'report.yaml', '--cron', '0 7 2 * *', '--once'], { cwd: dir, timeoutMs: 30_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(dir, 'output/corporate-performance-scorecard-2026-03.pdf'))).toBe(true);
    expect(r.stderr).toMatch(/schedule: wrote .*corporate-performance-scorecard-2026-03\.pdf for Mar-26 \(11 pages, 0 warnings\): exit 0/);
    for (const wrong of [
      ['--cron', 'every day'],
      ['--cron', '0 7 31 2 *'],
      ['--cron', '0 7 2 * *', '--tz', 'Mars/Olympus'],
    ]) {
      const bad = await cli(['schedule', 'report.yaml', ...wrong, '--once'], { cwd: dir });
      expect(bad.code, bad.stderr).toBe(2);
      expect(bad.stderr).toContain('error cron-invalid');
      expectNoStack(bad);
    }
  });

  it('schedule stays running and stops cleanly on SIGTERM', { timeout: 30_000 }, async () => {
    const dir = await initFolder();
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [join(repoDir, 'bin/boardpack.js'), 'schedule', 'report.yaml', '--cron', '0 0 1 1 *'], { cwd: dir });
    let stderr = '';
    child.stderr.on('data', (d) => void (stderr += d));
    await new Promise<void>((done) => {
      const check = setInterval(() => {
        if (stderr.includes('next build at')) {
          clearInterval(check);
          done();
        }
      }, 50);
    });
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    expect(code).toBe(0);
    expect(stderr).toContain('schedule: stopped');
  });

  it('a second run waits for the first, and gives up with exit 75 when told to wait no longer', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const out = join(dir, 'pack.pdf');
    // Another run holds the folder, as a build under way would.
    const release = await lockfile.lock(join(dir, '.boardpack.lock'), { lockfilePath: join(dir, '.boardpack.lock'), realpath: false });
    const busy = await cli(['build', sample, '--out', out, '--wait', '1'], { timeoutMs: 30_000 });
    expect(busy.code).toBe(75);
    expect(busy.stderr).toContain('error output-busy');
    expect(busy.stderr).toContain(`Another boardpack run is still writing to ${dir}`);
    expect(existsSync(out)).toBe(false);
    // Told to wait long enough, it waits for the other run to let go, then builds.
    const waiting = cli(['build', sample, '--out', out, '--wait', '30'], { timeoutMs: 40_000 });
    await new Promise((r) => setTimeout(r, 2_500));
    expect(existsSync(out)).toBe(false);
    await release();
    const waited = await waiting;
    expect(waited.code, waited.stderr).toBe(0);
    expect(waited.stderr).toMatch(/lock: another boardpack run is writing to .*; waiting up to 30 s for it to finish/);
    const manifest = JSON.parse(readFileSync(join(dir, 'pack.manifest.json'), 'utf8')) as ManifestJson;
    expect(manifest.output.sha256).toBe(sha256(out));
    expect(readdirSync(dir).sort()).toEqual(['pack.manifest.json', 'pack.pdf']);
  });

  it('a pack built after the last period’s lists what changed since it', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'Indicators.csv'),
      'ID,Title,Section,Unit,Polarity,Target\nQ1,Calls answered within a minute,Contact,%,High is good,90%\nQ2,Complaints upheld,Contact,%,Low is good,20%\n',
    );
    // Q1 falls from green to red in March; Q2 stays green.
    writeFileSync(join(dir, 'Values.csv'), 'ID,Period,Value\nQ1,Jan-26,93%\nQ1,Feb-26,95%\nQ1,Mar-26,70%\nQ2,Jan-26,12%\nQ2,Feb-26,11%\nQ2,Mar-26,10%\n');
    writeFileSync(join(dir, 'report.yaml'), 'title: Contact centre\nsources: [{ file: ., layout: tidy }]\noutput: { dir: packs }\n');
    const first = await cli(['build', 'report.yaml', '--period', 'Feb-26', '--json'], { cwd: dir, timeoutMs: 30_000 });
    expect(first.code, first.stderr).toBe(0);
    const firstPdf = (JSON.parse(first.stdout) as { path: string }).path;
    expect((await readPdf(firstPdf)).text).not.toContain('Changes since the last pack');

    const second = await cli(['build', 'report.yaml'], { cwd: dir, timeoutMs: 30_000 });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('Changes since the Feb-26 pack are listed in it.');
    const manifest = JSON.parse(readFileSync(join(dir, 'packs', 'contact-centre-2026-03.manifest.json'), 'utf8')) as ManifestJson & {
      comparedWith: { path: string; title: string; period: { label: string } };
    };
    expect(manifest.comparedWith).toMatchObject({ path: 'contact-centre-2026-02.manifest.json', title: 'Contact centre', period: { label: 'Feb-26' } });
    const text = (await readPdf(join(dir, 'packs', 'contact-centre-2026-03.pdf'))).text.replace(/\s+/g, ' ');
    expect(text).toContain('Changes since the last pack');
    expect(text).toMatch(/Ratings that changed .*Q1 .*Calls answered within a minute .*● Green ■ Red/);
    expect(text).not.toMatch(/Ratings that changed .*Q2 .*Directions of travel/);
    // The inputs are the files the report was read from, not the earlier packs beside them.
    expect(manifest.inputs.map((f) => f.path)).toEqual(['../Indicators.csv', '../Values.csv']);
    expect(manifest.inputs[0]!.sha256).toBe(sha256(join(dir, 'Indicators.csv')));
  });

  it('a pack named without its period still compares with the last one when built again', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'Indicators.csv'), 'ID,Title,Section,Unit,Polarity,Target\nQ1,Calls answered within a minute,Contact,%,High is good,90%\n');
    writeFileSync(join(dir, 'Values.csv'), 'ID,Period,Value\nQ1,Jan-26,93%\nQ1,Feb-26,95%\nQ1,Mar-26,70%\n');
    writeFileSync(join(dir, 'report.yaml'), 'title: Contact centre\nsources: [{ file: ., layout: tidy }]\n');
    const out = join(dir, 'pack.pdf');
    expect((await cli(['build', 'report.yaml', '--period', 'Feb-26', '--out', out], { cwd: dir })).code).toBe(0);
    for (const run of [1, 2]) {
      const r = await cli(['build', 'report.yaml', '--out', out], { cwd: dir, timeoutMs: 30_000 });
      expect(r.code, `run ${run}: ${r.stderr}`).toBe(0);
      expect(r.stdout, `run ${run}`).toContain('Changes since the Feb-26 pack are listed in it.');
      expect((await readPdf(out)).text).toContain('Changes since the last pack');
    }
    // A manifest in the folder that is not one is passed over, and named.
    writeFileSync(
      join(dir, 'other.manifest.json'),
      JSON.stringify({ manifest: 1, title: 'Contact centre', period: { label: 'Jan-26', order: 1 }, indicators: [{ foo: 1 }] }),
    );
    const passed = await cli(['build', 'report.yaml', '--out', out], { cwd: dir, timeoutMs: 30_000 });
    expect(passed.code, passed.stderr).toBe(0);
    expect(passed.stderr).toMatch(/compare: other\.manifest\.json was passed over: .*indicators\.0\.key/);
    // --compare: a file that is not a manifest, or a pack of a later period, is refused before any work.
    const bogus = await cli(['build', 'report.yaml', '--out', out, '--compare', join(dir, 'Values.csv')], { cwd: dir });
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toContain('error manifest-unreadable');
    const later = await cli(['build', 'report.yaml', '--period', 'Feb-26', '--out', join(dir, 'feb.pdf'), '--compare', join(dir, 'pack.manifest.json')], {
      cwd: dir,
    });
    expect(later.code).toBe(2);
    expect(later.stderr).toContain('error compare-not-earlier');
  });
});
