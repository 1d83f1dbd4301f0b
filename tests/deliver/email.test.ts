import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeEmail, emailContext } from '../../src/deliver/email.js';
import { describeFailure, redact, smtpSettings } from '../../src/deliver/smtp.js';
import { nodeEffects } from '../../src/effects.js';
import type { Manifest, ManifestIndicator } from '../../src/manifest.js';
import { loadPack } from '../../src/narrate/pack.js';
import { repoDir } from '../helpers/examples.js';
import { tempDir } from '../helpers/workbooks.js';

const indicator = (key: string, rag: ManifestIndicator['rag'], over: Partial<ManifestIndicator> = {}): ManifestIndicator => ({
  key,
  id: key,
  title: `Indicator ${key}`,
  section: 'Section A',
  rag,
  direction: 'improving',
  ragReason: `${key} is ${rag}`,
  directionReason: `${key} rose`,
  target: '90%',
  latest: { period: 'Mar-26', shown: '80.0%' },
  ...over,
});

function manifest(indicators: ManifestIndicator[], previous: ManifestIndicator[] | null): Manifest {
  const count = (r: string) => indicators.filter((i) => i.rag === r).length;
  return {
    manifest: 1,
    boardpack: '0.1.0',
    title: 'Corporate scorecard',
    builtAt: '2026-04-02T07:00:00.000Z',
    generated: '2026-04-02',
    report: null,
    templatePack: { name: 'default', path: 'default', sha256: '0'.repeat(64) },
    inputs: [],
    period: { id: '2026-03', label: 'Mar-26', order: 24315, reason: 'latest' },
    counts: { indicators: indicators.length, rag: { green: count('green'), amber: count('amber'), red: count('red'), none: 0, 'no-data': 0 }, direction: {} },
    findings: { counts: { error: 0, warning: 0, info: 0 }, items: [] },
    timings: {},
    output: { path: 'pack.pdf', bytes: 10, pages: 12, sha256: '0'.repeat(64) },
    comparedWith: previous && { path: 'feb.manifest.json', title: 'Corporate scorecard', period: { label: 'Feb-26', order: 24314 }, indicators: previous },
    indicators,
    deliveryKey: '',
    deliveries: [],
  };
}

describe('the email', () => {
  it('says the period, the counts, each red indicator with its reason, and what changed since the last pack', async () => {
    const pack = await loadPack({ template: 'default', baseDir: repoDir }, nodeEffects);
    expect(pack.defaulted).toEqual([]);
    const now = [indicator('A1', 'red'), indicator('A2', 'green'), indicator('A3', 'amber')];
    const before = [indicator('A1', 'amber'), indicator('A2', 'red'), indicator('A3', 'amber')];
    const { subject, text } = composeEmail(
      pack,
      emailContext(manifest(now, before), { committee: 'Scrutiny Committee', meetingDate: '2026-04-21' }, 'pack.pdf'),
    );
    expect(subject).toBe('Corporate scorecard: March 2026 (1 red indicator)');
    expect(text).toMatch(/^The Corporate scorecard pack for March 2026, for Scrutiny Committee on 21 April 2026, is attached \(pack\.pdf, 12 pages\)\./);
    expect(text).toContain('1 green, 1 amber and 1 red');
    expect(text).toContain('Red indicators:\n- A1 Indicator A1: A1 is red\n');
    expect(text).toContain('Since the February 2026 pack: 2 ratings changed (1 better, 1 worse)');

    const same = composeEmail(pack, emailContext(manifest(now, now), {}, 'pack.pdf'));
    expect(same.text).toContain('Nothing has changed since the February 2026 pack.');
    const first = composeEmail(pack, emailContext(manifest([indicator('A2', 'green')], null), {}, 'pack.pdf'));
    expect(first.subject).toBe('Corporate scorecard: March 2026');
    expect(first.text).not.toContain('Red indicators');
    expect(first.text).toContain('This is the first pack');
  });

  it('a pack copied before email.hbs existed uses the default wording; one whose email.hbs has no subject is refused', async () => {
    const dir = tempDir();
    cpSync(join(repoDir, 'templates/default'), join(dir, 'old'), { recursive: true });
    rmSync(join(dir, 'old/email.hbs'));
    const old = await loadPack({ template: 'old', baseDir: dir }, nodeEffects);
    expect(old.defaulted).toEqual(['email']);
    expect(composeEmail(old, emailContext(manifest([indicator('A1', 'red')], null), {}, 'pack.pdf')).subject).toMatch(/^Corporate scorecard: March 2026/);

    writeFileSync(join(dir, 'old/email.hbs'), 'The pack for {{period.name}} is attached.\n');
    const bare = await loadPack({ template: 'old', baseDir: dir }, nodeEffects);
    expect(() => composeEmail(bare, emailContext(manifest([], null), {}, 'pack.pdf'))).toThrow(/old\/email\.hbs does not begin with a "Subject: …" line/);
  });
});

describe('the mail server settings', () => {
  const env = { BOARDPACK_SMTP_HOST: 'smtp.example.gov.uk' };

  it('are read from the environment, TLS by default, the password from a file if asked', async () => {
    expect(await smtpSettings(env, nodeEffects)).toMatchObject({ host: 'smtp.example.gov.uk', port: 587, tls: 'starttls', user: null, password: null });
    expect(await smtpSettings({ ...env, BOARDPACK_SMTP_PORT: '465' }, nodeEffects)).toMatchObject({ port: 465, tls: 'tls' });
    const file = join(tempDir(), 'password');
    writeFileSync(file, 'from-a-file\n');
    expect(await smtpSettings({ ...env, BOARDPACK_SMTP_USER: 'u', BOARDPACK_SMTP_PASSWORD_FILE: file }, nodeEffects)).toMatchObject({
      user: 'u',
      password: 'from-a-file',
    });
    // An env file's empty `BOARDPACK_SMTP_PASSWORD=` is unset, as the other settings are.
    expect(
      await smtpSettings({ ...env, BOARDPACK_SMTP_USER: 'u', BOARDPACK_SMTP_PASSWORD: '', BOARDPACK_SMTP_PASSWORD_FILE: file }, nodeEffects),
    ).toMatchObject({
      password: 'from-a-file',
    });
  });

  it('refuse what cannot work, naming the variable and never the password', async () => {
    await expect(smtpSettings({}, nodeEffects)).rejects.toMatchObject({ code: 'smtp-settings', at: 'BOARDPACK_SMTP_HOST' });
    await expect(smtpSettings({ ...env, BOARDPACK_SMTP_PORT: 'smtp' }, nodeEffects)).rejects.toMatchObject({ at: 'BOARDPACK_SMTP_PORT' });
    await expect(smtpSettings({ ...env, BOARDPACK_SMTP_TLS: 'maybe' }, nodeEffects)).rejects.toMatchObject({ at: 'BOARDPACK_SMTP_TLS' });
    const both = smtpSettings({ ...env, BOARDPACK_SMTP_USER: 'u', BOARDPACK_SMTP_PASSWORD: 'hunter2', BOARDPACK_SMTP_PASSWORD_FILE: '/nowhere' }, nodeEffects);
    await expect(both).rejects.toMatchObject({ at: 'BOARDPACK_SMTP_PASSWORD_FILE' });
    await expect(both.catch((e: Error) => `${e.message}`)).resolves.not.toContain('hunter2');
    await expect(smtpSettings({ ...env, BOARDPACK_SMTP_PASSWORD: 'hunter2' }, nodeEffects)).rejects.toMatchObject({ at: 'BOARDPACK_SMTP_USER' });
  });

  it('retry a connection lost before the message was handed over, not one lost while it was (it may have arrived)', async () => {
    const settings = await smtpSettings(env, nodeEffects);
    const lost = (command: string) => describeFailure(Object.assign(new Error('Connection closed unexpectedly'), { code: 'ESOCKET', command }), settings);
    expect(lost('CONN').retry).toBe(true);
    expect(lost('RCPT TO').retry).toBe(true);
    expect(lost('DATA')).toMatchObject({ retry: false, text: expect.stringMatching(/may or may not have arrived/), hint: expect.stringMatching(/--resend/) });
  });

  it('take credentials out of any text that echoes them', () => {
    const s = { user: 'mailer', password: 'hunter2' };
    const plain = Buffer.from('\0mailer\0hunter2').toString('base64');
    expect(redact(`535 bad password hunter2 (${Buffer.from('hunter2').toString('base64')}) AUTH PLAIN ${plain}`, s)).toBe(
      '535 bad password *** (***) AUTH PLAIN ***',
    );
  });
});
