import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Io, main } from '../../src/cli/main.js';
import { nodeEffects } from '../../src/effects.js';
import { cli, ensureBuilt } from '../robustness/helpers.js';
import { type TestSmtp, closedPort, mimeParts, startSmtp, subjectOf } from '../helpers/smtp.js';
import { tempDir } from '../helpers/workbooks.js';

const USER = 'clerk-mailer';
const PASSWORD = 'p4ss-Wörd-only-the-server-knows';
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Runs the command line in-process with this environment, capturing what it prints. */
async function run(env: Record<string, string>, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), fx: nodeEffects, env: { SOURCE_DATE_EPOCH: '1767225600', ...env } };
  return { code: await main(argv, io), stdout, stderr };
}

/** As run, with the effects' manifest write failing while `failing.on` (a full disk, a file held open). */
async function runFailingManifestWrite(failing: { on: boolean }, env: Record<string, string>, ...argv: string[]) {
  let stderr = '';
  const fx: typeof nodeEffects = {
    ...nodeEffects,
    writeFileAtomic: (path, data) =>
      failing.on && path.endsWith('.manifest.json') ? Promise.reject(new Error('ENOSPC: no space left on device')) : nodeEffects.writeFileAtomic(path, data),
  };
  const io: Io = { stdout: () => undefined, stderr: (t) => void (stderr += t), fx, env: { SOURCE_DATE_EPOCH: '1767225600', ...env } };
  return { code: await main(argv, io), stderr };
}

interface ManifestJson {
  output: { path: string; sha256: string };
  deliveries: Array<{
    kind: string;
    result: string;
    to?: string[];
    cc?: string[];
    bcc?: string[];
    messageId?: string | null;
    attempts?: number;
    error: string | null;
  }>;
}

/** A report folder made by `init`, with `distribute:` added to its report.yaml. */
async function reportFolder(distribute: string): Promise<string> {
  const dir = join(tempDir(), 'report');
  const made = await run({}, 'init', dir, '--quiet');
  expect(made.code, made.stderr).toBe(0);
  appendFileSync(join(dir, 'report.yaml'), `\ndistribute:\n${distribute}`);
  return dir;
}

const email = (retries = 3, retryWait = 0.05) => `  email:
    to: clerk@council.example
    cc: [chair@council.example]
    bcc: [archive@council.example]
    retries: ${retries}
    retryWait: ${retryWait}
`;

const smtpEnv = (smtp: Pick<TestSmtp, 'port' | 'caFile'>, password = PASSWORD): Record<string, string> => ({
  BOARDPACK_SMTP_HOST: '127.0.0.1',
  BOARDPACK_SMTP_PORT: String(smtp.port),
  BOARDPACK_SMTP_USER: USER,
  BOARDPACK_SMTP_PASSWORD: password,
  BOARDPACK_SMTP_FROM: 'Performance Team <performance@council.example>',
  BOARDPACK_SMTP_CA_FILE: smtp.caFile,
});

const manifestOf = (dir: string): { path: string; json: ManifestJson; text: string } => {
  const out = join(dir, 'output');
  const name = readdirSync(out).find((n) => n.endsWith('.manifest.json'))!;
  const text = readFileSync(join(out, name), 'utf8');
  return { path: join(out, name), json: JSON.parse(text) as ManifestJson, text };
};

describe('distribute: the pack emailed over SMTP and dropped in a folder', () => {
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await startSmtp(USER, PASSWORD);
  });
  afterAll(() => smtp.close());

  it('emails the pack over STARTTLS with the PDF intact and the red indicators listed, copies it to the folder, and does not send twice', async () => {
    const share = join(tempDir(), 'share');
    mkdirSync(share);
    const dir = await reportFolder(`${email()}  folder: ${share}\n`);
    const env = smtpEnv(smtp);
    const before = smtp.received.length;

    const first = await run(env, 'build', join(dir, 'report.yaml'), '--distribute', '--max-warnings', '50');
    expect(first.code, first.stderr).toBe(0);
    expect(smtp.received.length).toBe(before + 1);
    const message = smtp.received.at(-1)!;
    expect(message.from).toBe('performance@council.example');
    expect(message.to.sort()).toEqual(['archive@council.example', 'chair@council.example', 'clerk@council.example']);
    // bcc is in the envelope only, never in the headers.
    expect(message.raw).not.toMatch(/archive@council\.example/);

    const manifest = manifestOf(dir);
    const pdf = readFileSync(join(dir, 'output', manifest.json.output.path));
    const parts = mimeParts(message.raw);
    const attachment = parts.find((p) => /application\/pdf/.test(p.headers['content-type'] ?? ''));
    expect(attachment, 'the PDF is attached').toBeDefined();
    expect(attachment!.headers['content-disposition']).toMatch(/attachment; filename=.*\.pdf/);
    expect(sha256(attachment!.body)).toBe(manifest.json.output.sha256);
    expect(sha256(attachment!.body)).toBe(sha256(pdf));

    const body = parts.find((p) => /text\/plain/.test(p.headers['content-type'] ?? ''))!.body.toString('utf8');
    const reds = (JSON.parse(manifest.text) as { indicators: Array<{ id: string; title: string; rag: string; ragReason: string }> }).indicators.filter(
      (i) => i.rag === 'red',
    );
    expect(reds.length).toBeGreaterThan(0);
    for (const red of reds) expect(body).toContain(`- ${red.id} ${red.title}: ${red.ragReason}`);
    expect(body).toMatch(/first pack/);
    expect(subjectOf(message.raw)).toMatch(/^Corporate Performance Scorecard: March 2026 \(\d+ red indicators?\)$/);

    // Recorded in the manifest: to whom, when, the message id, the result; no credential anywhere.
    const email1 = manifest.json.deliveries.find((d) => d.kind === 'email')!;
    expect(email1).toMatchObject({
      result: 'sent',
      to: ['clerk@council.example'],
      cc: ['chair@council.example'],
      bcc: ['archive@council.example'],
      attempts: 1,
    });
    expect(email1.messageId).toMatch(/^<.+@.+>$/);
    expect(manifest.json.deliveries.find((d) => d.kind === 'folder')).toMatchObject({ result: 'copied' });
    for (const text of [first.stdout, first.stderr, manifest.text]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(USER);
    }
    expect(first.stdout).toMatch(/Emailed it to clerk@council\.example, chair@council\.example, archive@council\.example/);

    // The folder holds the pack and its manifest, whole.
    const dropped = readdirSync(share).sort();
    expect(dropped).toEqual([manifest.json.output.path, manifest.json.output.path.replace(/\.pdf$/, '.manifest.json')].sort());
    expect(sha256(readFileSync(join(share, manifest.json.output.path)))).toBe(manifest.json.output.sha256);

    // The same run again: the same pack from the same inputs is not sent again.
    const second = await run(env, 'build', join(dir, 'report.yaml'), '--distribute');
    expect(second.code, second.stderr).toBe(0);
    expect(smtp.received.length).toBe(before + 1);
    expect(second.stdout).toMatch(
      /emailed to clerk@council\.example, chair@council\.example, archive@council\.example already .*not sent again \(--resend sends it again\)/,
    );
    expect(readdirSync(share).sort()).toEqual(dropped);
    const kept = manifestOf(dir).json.deliveries;
    expect(kept.filter((d) => d.kind === 'email' && d.result === 'sent')).toHaveLength(1);

    // A recipient added to report.yaml since is sent it on the next run; those who had it are not
    // (distribute: is not part of what makes the pack).
    writeFileSync(
      join(dir, 'report.yaml'),
      readFileSync(join(dir, 'report.yaml'), 'utf8').replace('to: clerk@council.example', 'to: [clerk@council.example, new@council.example]'),
    );
    const added = await run(env, 'build', join(dir, 'report.yaml'), '--distribute');
    expect(added.code, added.stderr).toBe(0);
    expect(smtp.received.length).toBe(before + 2);
    expect(smtp.received.at(-1)!.to).toEqual(['new@council.example']);

    // Another setting changed makes another pack, which goes to everyone.
    writeFileSync(join(dir, 'report.yaml'), readFileSync(join(dir, 'report.yaml'), 'utf8').replace('tolerance: 10%', 'tolerance: 5%'));
    const changed = await run(env, 'build', join(dir, 'report.yaml'), '--distribute');
    expect(changed.code, changed.stderr).toBe(0);
    expect(smtp.received.length).toBe(before + 3);
    expect(smtp.received.at(-1)!.to).toHaveLength(4);

    // --resend sends it to everyone again.
    const again = await run(env, 'distribute', manifest.path, '--resend');
    expect(again.code, again.stderr).toBe(0);
    expect(smtp.received.length).toBe(before + 4);
    expect(smtp.received.at(-1)!.to).toHaveLength(4);
  });

  it('sends and copies the web page with the PDF when both are built, each as built', async () => {
    const share = join(tempDir(), 'share');
    mkdirSync(share);
    const dir = await reportFolder(`${email()}  folder: ${share}\n`);
    const built = await run(smtpEnv(smtp), 'build', join(dir, 'report.yaml'), '--format', 'pdf,html', '--distribute', '--max-warnings', '50');
    expect(built.code, built.stderr).toBe(0);
    const manifest = JSON.parse(manifestOf(dir).text) as ManifestJson & { html: { path: string; sha256: string } };
    const parts = mimeParts(smtp.received.at(-1)!.raw);
    const pdf = parts.find((p) => /application\/pdf/.test(p.headers['content-type'] ?? ''));
    const page = parts.find((p) => /text\/html/.test(p.headers['content-type'] ?? ''));
    expect(sha256(pdf!.body)).toBe(manifest.output.sha256);
    expect(page!.headers['content-disposition']).toMatch(/attachment; filename=.*\.html/);
    expect(sha256(page!.body)).toBe(manifest.html.sha256);
    const body = parts.find((p) => /text\/plain/.test(p.headers['content-type'] ?? ''))!.body.toString('utf8');
    expect(body).toContain(`The same pack as a web page is attached too (${manifest.html.path}).`);
    // The folder has both, and the manifest.
    expect(readdirSync(share).sort()).toEqual([manifest.html.path, manifest.output.path, manifestOf(dir).path.split('/').at(-1)!].sort());
    expect(sha256(readFileSync(join(share, manifest.html.path)))).toBe(manifest.html.sha256);
  });

  it('a refused connection is retried with back-off, then exit 69 says what was and was not delivered', async () => {
    const share = join(tempDir(), 'share');
    mkdirSync(share);
    const dir = await reportFolder(`${email(2, 0.05)}  folder: ${share}\n`);
    const port = await closedPort();
    const r = await run(smtpEnv({ port, caFile: smtp.caFile }), 'build', join(dir, 'report.yaml'), '--distribute');
    expect(r.code).toBe(69);
    expect(r.stdout).toMatch(/^Wrote /);
    expect(
      r.stderr.match(
        /attempt \d of 3 to send through 127\.0\.0\.1:\d+ failed: the mail server 127\.0\.0\.1:\d+ refused the connection; trying again in (\d+) ms/g,
      ),
    ).toHaveLength(2);
    expect(r.stderr).toMatch(/trying again in 50 ms[\s\S]*trying again in 100 ms/);
    expect(r.stderr).toMatch(/error not-delivered/);
    expect(r.stderr).toMatch(
      /email to clerk@council\.example, chair@council\.example, archive@council\.example: NOT sent: the mail server 127\.0\.0\.1:\d+ refused the connection \(3 attempts\)/,
    );
    expect(r.stderr).toMatch(/folder .*share: copied/);
    const manifest = manifestOf(dir);
    expect(manifest.json.deliveries.find((d) => d.kind === 'email')).toMatchObject({ result: 'failed', attempts: 3, messageId: null });
    for (const text of [r.stdout, r.stderr, manifest.text]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(USER);
    }

    // Once the server is back, `distribute <manifest>` sends what was not sent.
    const later = await run(smtpEnv(smtp), 'distribute', manifest.path);
    expect(later.code, later.stderr).toBe(0);
    expect(later.stdout).toMatch(/Emailed it to/);
    expect(later.stdout).toMatch(/already in/);
  });

  it('a recipient the server refuses is reported and tried again next time; those it took are not sent it again', async () => {
    const dir = await reportFolder(email().replace('to: clerk@council.example', 'to: [clerk@council.example, nobody@council.example]'));
    const before = smtp.received.length;
    const r = await run(smtpEnv(smtp), 'build', join(dir, 'report.yaml'), '--distribute');
    expect(r.code).toBe(69);
    expect(smtp.received.length).toBe(before + 1);
    expect(smtp.received.at(-1)!.to).not.toContain('nobody@council.example');
    expect(r.stderr).toMatch(/sent \(message <.+>\), but NOT to nobody@council\.example: the server refused them/);
    const manifest = manifestOf(dir);
    expect(manifest.json.deliveries.find((d) => d.kind === 'email')).toMatchObject({ result: 'sent', refused: ['nobody@council.example'] });

    const again = await run(smtpEnv(smtp), 'distribute', manifest.path);
    expect(again.code).toBe(69);
    expect(again.stderr).toMatch(
      /already done: the Mar-26 pack was emailed to clerk@council\.example, chair@council\.example, archive@council\.example already/,
    );
    // Only the refused address was tried, and refused again: nothing reached anyone.
    expect(smtp.received.length).toBe(before + 1);
  });

  it('a wrong password is not retried, is named by its variable, and is never printed', async () => {
    const dir = await reportFolder(email());
    const wrong = 'not-the-Secret-42';
    const connections = smtp.connections;
    const r = await run({ ...smtpEnv(smtp, wrong) }, 'build', join(dir, 'report.yaml'), '--distribute', '--log-format', 'json');
    expect(r.code).toBe(69);
    expect(smtp.connections).toBe(connections + 1);
    expect(r.stderr).toMatch(/refused the user name and password/);
    expect(r.stderr).toMatch(/BOARDPACK_SMTP_USER and BOARDPACK_SMTP_PASSWORD/);
    for (const line of r.stderr.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
    const manifest = manifestOf(dir);
    for (const text of [r.stdout, r.stderr, manifest.text]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(USER);
    }
  });

  it('refuses before building when the mail server is not set, or --distribute has nothing to do', async () => {
    const dir = await reportFolder(email());
    const unset = await run({}, 'build', join(dir, 'report.yaml'), '--distribute');
    expect(unset.code).toBe(2);
    expect(unset.stderr).toMatch(/error smtp-settings {2}BOARDPACK_SMTP_HOST/);
    expect(readdirSync(dir)).not.toContain('output');

    const plain = join(tempDir(), 'plain');
    expect((await run({}, 'init', plain)).code).toBe(0);
    const none = await run({}, 'build', join(plain, 'report.yaml'), '--distribute');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/distribute-not-set[\s\S]*has no distribute: section/);
  });

  it('an email.hbs naming a field that does not exist stops the delivery before anything is delivered', async () => {
    const share = join(tempDir(), 'share');
    mkdirSync(share);
    const dir = await reportFolder(`${email()}  folder: ${share}\n`);
    writeFileSync(join(dir, 'templates/email.hbs'), 'Subject: {{titel}}\n\nThe pack.\n');
    const before = smtp.received.length;
    const r = await run(smtpEnv(smtp), 'build', join(dir, 'report.yaml'), '--distribute');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/templates\/email\.hbs line 1: "titel" is not a field or helper here/);
    expect(readdirSync(share)).toEqual([]);
    expect(smtp.received.length).toBe(before);
  });

  it('a delivery the manifest cannot record says what went out, and that delivering again would repeat it', async () => {
    const dir = await reportFolder(email());
    expect((await run({}, 'build', join(dir, 'report.yaml'))).code).toBe(0);
    const manifest = manifestOf(dir);
    const before = smtp.received.length;
    const r = await runFailingManifestWrite({ on: true }, smtpEnv(smtp), 'distribute', manifest.path);
    expect(smtp.received.length).toBe(before + 1);
    expect(r.code).toBe(69);
    expect(r.stderr).toMatch(
      /deliveries-not-recorded[\s\S]*The pack was delivered \(email sent to clerk@council\.example, chair@council\.example, archive@council\.example \(message <[^>]+>\)\), but [^\n]*could not be updated to say so \(ENOSPC/,
    );
    expect(r.stderr).toMatch(/delivering this pack again would send it to the same people again/);
    expect(r.stderr).not.toContain(PASSWORD);
  });

  it('distribute refuses a file that is not a manifest, and a pack changed since it was built', async () => {
    const dir = await reportFolder(email());
    const notManifest = join(dir, 'report.yaml');
    const wrong = await run(smtpEnv(smtp), 'distribute', notManifest);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/manifest-unreadable[\s\S]*is not JSON, so it cannot be delivered/);

    expect((await run({}, 'build', join(dir, 'report.yaml'))).code).toBe(0);
    const manifest = manifestOf(dir);
    appendFileSync(join(dir, 'output', manifest.json.output.path), 'tampered');
    const before = smtp.received.length;
    const changed = await run(smtpEnv(smtp), 'distribute', manifest.path);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toMatch(/pack-changed[\s\S]*is not the pack its manifest describes/);
    expect(smtp.received.length).toBe(before);
  });

  it('nothing is delivered when the build has more warnings than --max-warnings', async () => {
    const dir = await reportFolder(email());
    // A warning: settings for an indicator the data does not have.
    appendFileSync(join(dir, 'report.yaml'), 'indicators:\n  NOT-THERE: { polarity: higher }\n');
    const before = smtp.received.length;
    const r = await run(smtpEnv(smtp), 'build', join(dir, 'report.yaml'), '--distribute', '--max-warnings', '0');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/too-many-warnings/);
    expect(smtp.received.length).toBe(before);
  });

  it("schedule delivers at each tick: sent once, not again on the next tick, and a failed delivery is the tick's exit 69", async () => {
    const dir = await reportFolder(email(1, 0.01));
    const before = smtp.received.length;
    const tick = () => run(smtpEnv(smtp), 'schedule', join(dir, 'report.yaml'), '--cron', '0 7 2 * *', '--once');
    const first = await tick();
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/emailed the Mar-26 pack to 3 recipients[\s\S]*delivered the Mar-26 pack: exit 0/);
    expect(smtp.received.length).toBe(before + 1);
    const second = await tick();
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/not sent again/);
    expect(smtp.received.length).toBe(before + 1);

    const other = await reportFolder(email(1, 0.01));
    const refused = await run(
      smtpEnv({ port: await closedPort(), caFile: smtp.caFile }),
      'schedule',
      join(other, 'report.yaml'),
      '--cron',
      '0 7 2 * *',
      '--once',
    );
    expect(refused.code).toBe(69);
    expect(refused.stderr).toMatch(/the delivery failed \(exit 69\): The pack is built, but was not delivered everywhere/);
  });

  it('the bundled bin emails the pack (nodemailer loaded from the bundle)', { timeout: 120_000 }, async () => {
    await ensureBuilt();
    const dir = await reportFolder(email());
    const before = smtp.received.length;
    const r = await cli(['build', 'report.yaml', '--distribute', '--json'], { cwd: dir, env: smtpEnv(smtp), timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as { sha256: string; deliveries: Array<{ kind: string; result: string }> };
    expect(result.deliveries).toMatchObject([{ kind: 'email', result: 'sent' }]);
    expect(smtp.received.length).toBe(before + 1);
    const attachment = mimeParts(smtp.received.at(-1)!.raw).find((p) => /application\/pdf/.test(p.headers['content-type'] ?? ''))!;
    expect(sha256(attachment.body)).toBe(result.sha256);
    expect(`${r.stdout}${r.stderr}`).not.toContain(PASSWORD);
  });
});
