import { basename, dirname, extname, resolve } from 'node:path';
import { type Effects, asPartOfRun, lockPath } from '../effects.js';
import { BoardpackError } from '../errors.js';
import { type Log, shownPath } from '../log.js';
import { type Delivery, type Manifest, readManifest, sha256 } from '../manifest.js';
import type { DistributeConfig, ReportConfig } from '../model/config.js';
import { loadPack } from '../narrate/index.js';
import { composeEmail, emailContext } from './email.js';
import { dropInFolder } from './folder.js';
import { SMTP_ENV, SendFailure, type SmtpSettings, redact, sendMail, smtpSettings } from './smtp.js';

export { SMTP_ENV } from './smtp.js';

export interface DistributeOptions {
  /** report.yaml as it is now: `distribute:`, the template pack, the names the email uses. */
  config: ReportConfig;
  fx: Effects;
  log: Log;
  /** The environment the mail server's settings are read from. */
  env: Readonly<Record<string, string | undefined>>;
  /** Send the email again to those it was sent to already. */
  resend?: boolean;
  /** Refuse a pack with more warnings than this (`distribute <manifest> --max-warnings`). */
  maxWarnings?: number;
  /** How long to wait for another run holding the pack's folder (default 60 s). */
  lockWaitMs?: number;
  /** Waits between attempts (for tests); default setTimeout. */
  sleep?: (ms: number) => Promise<void>;
}

export interface DistributeResult {
  /** Each delivery this run made or tried, as recorded in the manifest. */
  deliveries: Delivery[];
  /** What was not done because it had been done already (a repeated run), in words. */
  skipped: string[];
}

/** The settings a delivery needs, checked before a build: a run that cannot deliver stops before the work. */
export async function checkDistribute(config: ReportConfig, env: DistributeOptions['env'], fx: Effects, asked: string): Promise<DistributeConfig> {
  const distribute = config.distribute;
  if (!distribute) {
    throw new BoardpackError(
      'distribute-not-set',
      `${asked} was given, but ${shownPath(config.origin)} has no distribute: section, so there is nowhere to deliver the pack.`,
      {
        at: config.origin,
        hint: 'Add distribute: with email: (to: the recipients) or folder: (a folder to copy the pack into) to report.yaml; see "Delivering the pack" in the README.',
      },
    );
  }
  if (distribute.email) await smtpSettings(env, fx);
  return distribute;
}

/**
 * Delivers the pack a manifest describes, as report.yaml's `distribute:` says: a copy into a folder,
 * and an email with the PDF attached. Each delivery is recorded in the manifest; an email already
 * sent for the same pack and inputs is not sent again to the same people unless `resend`. Runs
 * under the output folder's lock, so two runs never send at once. Throws `not-delivered` (exit 69)
 * when anything could not be delivered, after recording what was.
 */
export function distributePack(manifestFile: string, options: DistributeOptions): Promise<DistributeResult> {
  return asPartOfRun(() => deliverPack(manifestFile, options));
}

async function deliverPack(manifestFile: string, options: DistributeOptions): Promise<DistributeResult> {
  const { config, fx, log } = options;
  const distribute = await checkDistribute(config, options.env, fx, 'Delivery');
  const smtp = distribute.email ? await smtpSettings(options.env, fx) : null;
  const first = await readManifest(manifestFile, fx, 'delivered');
  const pdf = pdfOf(first, manifestFile);
  const lock = await fx.lock(lockPath(pdf), options.lockWaitMs ?? 60_000);
  if (!lock) {
    throw new BoardpackError('output-busy', `Another boardpack run is still writing to ${dirname(pdf)}, so the pack was not delivered.`, {
      at: lockPath(pdf),
      busy: true,
      hint: 'Let the other run finish, then deliver the pack again.',
    });
  }
  try {
    // Read again under the lock: another run may have delivered it meanwhile.
    const manifest = await readManifest(manifestFile, fx, 'delivered');
    const manifestText = await fx.readFile(manifestFile, { maxBytes: 64 * 1024 * 1024 });
    const bytes = await checkedPack(manifest, manifestFile, fx, options.maxWarnings);
    // The pack as it was built: the PDF (or the page alone), and the web page beside a PDF.
    const files = [{ name: basename(pdf), data: bytes }];
    const page = manifest.html && manifest.html.path !== manifest.output.path ? resolve(dirname(manifestFile), manifest.html.path) : null;
    if (page) files.push({ name: basename(page), data: await checkedFile(page, manifest.html!.sha256, fx) });
    const key = manifest.deliveryKey;
    const at = () => fx.now().toISOString();
    const done: Delivery[] = [];
    const skipped: string[] = [];
    const hints: string[] = [];
    // Worded before anything is delivered: a template that fails stops the run with nothing done.
    const wording = distribute.email ? await wordEmail(manifest, config, basename(pdf), fx, log) : null;

    if (distribute.folder !== undefined) {
      const folder = resolve(config.baseDir, distribute.folder);
      try {
        if ((await fx.kind(folder)) !== 'dir') {
          throw new Error(`${folder} is not a folder that exists (is the share mounted?)`);
        }
        const dropped = await dropInFolder(folder, [...files, { name: basename(manifestFile), data: manifestText }], fx);
        done.push({ kind: 'folder', key, at: at(), folder: distribute.folder, files: dropped.files, result: dropped.result, error: null });
        log({
          level: 'info',
          stage: 'folder',
          message:
            dropped.result === 'already-there'
              ? `${basename(pdf)} is already in ${folder}; left as it is`
              : `copied ${dropped.files.join(' and ')} into ${folder}${dropped.kept.length > 0 ? ` (the earlier files of those names kept as ${dropped.kept.join(', ')})` : ''}`,
        });
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        done.push({ kind: 'folder', key, at: at(), folder: distribute.folder, files: [], result: 'failed', error });
        log({ level: 'error', stage: 'folder', message: `the pack could not be copied into ${folder}: ${error}` });
      }
    }

    if (distribute.email && smtp && wording) {
      const email = distribute.email;
      const sentTo = new Set(
        options.resend
          ? []
          : manifest.deliveries.flatMap((d) =>
              d.kind === 'email' && d.key === key && d.result === 'sent' ? [...d.to, ...d.cc, ...d.bcc].filter((a) => !(d.refused ?? []).includes(a)) : [],
            ),
      );
      const due = (list: string[]) => list.filter((a) => !sentTo.has(a));
      const [to, cc, bcc] = [due(email.to), due(email.cc), due(email.bcc)];
      const already = [...email.to, ...email.cc, ...email.bcc].filter((a) => sentTo.has(a));
      if (already.length > 0) {
        const when = manifest.deliveries.filter((d) => d.kind === 'email' && d.key === key && d.result === 'sent').at(-1)?.at;
        const words = `the ${manifest.period.label} pack was emailed to ${already.join(', ')} already${when ? ` (${when})` : ''}, from the same inputs; not sent again (--resend sends it again)`;
        skipped.push(words);
        log({ level: 'info', stage: 'email', message: words });
      }
      if (to.length + cc.length + bcc.length > 0) {
        const sent = await sendPack(manifest, files, wording, { to, cc, bcc }, smtp, key, options);
        done.push(sent.delivery);
        if (sent.hint) hints.push(sent.hint);
      }
    }

    if (done.length > 0) {
      const updated: Manifest = { ...manifest, deliveries: [...manifest.deliveries, ...done] };
      try {
        await fx.writeFileAtomic(manifestFile, `${JSON.stringify(updated, null, 2)}\n`);
      } catch (e) {
        throw unrecorded(done, manifestFile, e);
      }
    }
    const failed = done.filter((d) => d.result === 'failed' || (d.kind === 'email' && d.refused.length > 0));
    if (failed.length > 0) throw notDelivered(done, skipped, failed, hints, manifestFile);
    return { deliveries: done, skipped };
  } finally {
    await lock.release();
  }
}

/**
 * What was delivered could not be recorded in the manifest: said first, since the next delivery,
 * not knowing, would send it again.
 */
function unrecorded(done: readonly Delivery[], manifestFile: string, e: unknown): BoardpackError {
  const what = done.map((d) =>
    d.kind === 'email'
      ? `email ${d.result === 'sent' ? `sent to ${[...d.to, ...d.cc, ...d.bcc].join(', ')} (message ${d.messageId ?? 'without an id'})` : 'not sent'}`
      : `folder ${d.folder}: ${d.result}`,
  );
  return new BoardpackError(
    'deliveries-not-recorded',
    `The pack was delivered (${what.join('; ')}), but ${shownPath(manifestFile)} could not be updated to say so (${e instanceof Error ? e.message : String(e)}).`,
    {
      at: manifestFile,
      undelivered: true,
      hint: 'Until the manifest can be written (disk space, permissions, a file held open), delivering this pack again would send it to the same people again.',
    },
  );
}

/** The PDF a manifest is beside, as the manifest names it. */
function pdfOf(manifest: Manifest, manifestFile: string): string {
  if (!manifest.output?.path) {
    throw new BoardpackError('manifest-unreadable', `${manifestFile} does not say which PDF it describes, so there is no pack to deliver.`, {
      at: manifestFile,
      hint: 'Give the .manifest.json that boardpack build wrote beside the pack.',
    });
  }
  return resolve(dirname(manifestFile), manifest.output.path);
}

/** The pack's bytes, when they are the ones its manifest describes and it is fit to send. */
async function checkedPack(manifest: Manifest, manifestFile: string, fx: Effects, maxWarnings: number | undefined): Promise<Uint8Array> {
  const bytes = await checkedFile(pdfOf(manifest, manifestFile), manifest.output.sha256, fx);
  const warnings = manifest.findings?.counts.warning ?? 0;
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    throw new BoardpackError(
      'too-many-warnings',
      `The pack has ${warnings} warnings, more than the ${maxWarnings} --max-warnings allows, so it was not delivered.`,
      { at: manifestFile, hint: 'Fix the warnings in the workbook and build again, or raise --max-warnings.', data: true },
    );
  }
  return bytes;
}

/** A file of the pack, when its bytes are the ones its manifest describes. */
async function checkedFile(path: string, expected: string, fx: Effects): Promise<Uint8Array> {
  const bytes = await fx.readFile(path, { maxBytes: 1024 * 1024 * 1024 });
  if (sha256(bytes) !== expected) {
    throw new BoardpackError(
      'pack-changed',
      `${shownPath(path)} is not the pack its manifest describes (its sha256 differs), so it was not delivered: it has been changed or replaced since it was built.`,
      { at: path, hint: 'Build the pack again, then deliver it.' },
    );
  }
  return bytes;
}

const CONTENT_TYPE: Record<string, string> = { '.pdf': 'application/pdf', '.html': 'text/html; charset=utf-8' };

async function sendPack(
  manifest: Manifest,
  files: ReadonlyArray<{ name: string; data: Uint8Array }>,
  wording: { subject: string; text: string },
  recipients: { to: string[]; cc: string[]; bcc: string[] },
  smtp: SmtpSettings,
  key: string,
  options: DistributeOptions,
): Promise<{ delivery: Delivery; hint: string | null }> {
  const { config, fx, log } = options;
  const email = config.distribute!.email!;
  const record = { kind: 'email' as const, key, ...recipients };
  const from = email.from ?? smtp.from;
  if (!from) {
    const error = 'no sender is set';
    log({ level: 'error', stage: 'email', message: `the pack was not emailed: ${error}` });
    return {
      delivery: { ...record, at: fx.now().toISOString(), result: 'failed', messageId: null, refused: [], attempts: 0, error },
      hint: `Set ${SMTP_ENV.from} (or from: under distribute: email: in report.yaml) to the address the pack is sent from.`,
    };
  }
  const { subject, text } = wording;
  const attachments = files.map((f) => ({
    filename: f.name,
    content: f.data,
    contentType: CONTENT_TYPE[extname(f.name).toLowerCase()] ?? 'application/octet-stream',
  }));
  const everyone = [...recipients.to, ...recipients.cc, ...recipients.bcc];
  try {
    const sent = await sendMail({ from, ...recipients, subject, text, attachments }, smtp, {
      retries: email.retries,
      retryWaitMs: email.retryWait * 1000,
      log,
      ...(options.sleep ? { sleep: options.sleep } : {}),
    });
    const refused = everyone.filter((a) => sent.rejected.some((r) => r.toLowerCase() === a.toLowerCase()));
    const rejected = refused.length > 0 ? `; the server refused ${refused.join(', ')}, so it was not sent to them` : '';
    log({
      level: rejected ? 'warn' : 'info',
      stage: 'email',
      message: `emailed the ${manifest.period.label} pack to ${everyone.length} recipient${everyone.length === 1 ? '' : 's'} through ${smtp.host}:${smtp.port} (message ${sent.messageId ?? 'without an id'})${rejected}`,
    });
    return {
      delivery: {
        ...record,
        at: fx.now().toISOString(),
        result: 'sent',
        messageId: sent.messageId,
        attempts: sent.attempts,
        refused,
        error: rejected ? rejected.slice(2) : null,
      },
      hint: refused.length > 0 ? 'Check the addresses the server refused, in distribute: email: in report.yaml.' : null,
    };
  } catch (e) {
    const failure = e instanceof SendFailure ? e : null;
    const error = redact(failure ? failure.message : e instanceof Error ? e.message : String(e), smtp);
    log({ level: 'error', stage: 'email', message: `the pack was not emailed to ${everyone.join(', ')}: ${error}` });
    return {
      delivery: { ...record, at: fx.now().toISOString(), result: 'failed', messageId: null, refused: [], attempts: failure?.attempts ?? 1, error },
      hint: failure?.hint ?? null,
    };
  }
}

/** The email's subject and body, from the template pack report.yaml names (email.hbs, or the default pack's). */
async function wordEmail(manifest: Manifest, config: ReportConfig, file: string, fx: Effects, log: Log): Promise<{ subject: string; text: string }> {
  const pack = await loadPack(config, fx);
  if (pack.defaulted.includes('email'))
    log({
      level: 'info',
      stage: 'email',
      message: `the template pack ${shownPath(pack.dir)} has no email.hbs, so the default pack's wording is used (copy templates/default/email.hbs into it to change it)`,
    });
  return composeEmail(pack, emailContext(manifest, config, file));
}

/** What was and was not delivered, as one error (exit 69). */
function notDelivered(done: Delivery[], skipped: string[], failed: Delivery[], hints: string[], manifestFile: string): BoardpackError {
  const line = (d: Delivery) =>
    d.kind === 'email'
      ? `email to ${[...d.to, ...d.cc, ...d.bcc].join(', ')}: ${d.result === 'sent' ? `sent (message ${d.messageId ?? 'without an id'})${d.refused.length > 0 ? `, but NOT to ${d.refused.join(', ')}: the server refused them` : ''}` : `NOT sent: ${d.error}`}`
      : `folder ${d.folder}: ${d.result === 'failed' ? `NOT copied: ${d.error}` : d.result === 'copied' ? 'copied' : 'already there'}`;
  const fixes = [...hints, ...(failed.some((d) => d.kind === 'folder') ? ['Check the folder exists (the share is mounted) and can be written to.'] : [])];
  const hint = `${fixes.join(' ')} Then \`boardpack distribute ${shownPath(manifestFile)}\` delivers what was not delivered, and nothing twice (the pack need not be built again).`;
  return new BoardpackError(
    'not-delivered',
    `The pack is built, but was not delivered everywhere:\n${[...done.map(line), ...skipped.map((s) => `already done: ${s}`)].map((l) => `- ${l}`).join('\n')}`,
    { at: manifestFile, hint, undelivered: true },
  );
}
