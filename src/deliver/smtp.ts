import { BoardpackError } from '../errors.js';
import type { Effects } from '../effects.js';
import type { Log } from '../log.js';

/**
 * The mail server and its credentials: from the environment (or, for the password, a file such as
 * a systemd credential or a Docker secret), never from report.yaml, which is shared and versioned.
 */
export const SMTP_ENV = {
  host: 'BOARDPACK_SMTP_HOST',
  port: 'BOARDPACK_SMTP_PORT',
  tls: 'BOARDPACK_SMTP_TLS',
  user: 'BOARDPACK_SMTP_USER',
  password: 'BOARDPACK_SMTP_PASSWORD',
  passwordFile: 'BOARDPACK_SMTP_PASSWORD_FILE',
  from: 'BOARDPACK_SMTP_FROM',
  caFile: 'BOARDPACK_SMTP_CA_FILE',
} as const;

/**
 * `tls`: TLS from the first byte (port 465); `starttls`: plain until STARTTLS, which the server
 * must offer (any other port); `none`: no encryption, only for a relay on the same machine.
 */
export type TlsMode = 'tls' | 'starttls' | 'none';

export interface SmtpSettings {
  host: string;
  port: number;
  tls: TlsMode;
  user: string | null;
  /** Never printed, logged or recorded: messages that could hold it are passed through `redact`. */
  password: string | null;
  from: string | null;
  /** A certificate authority to trust besides the system's (a council's own), as PEM. */
  ca: string | null;
}

/** The server settings, checked before any build so a missing one stops the run before work is done. */
export async function smtpSettings(env: Readonly<Record<string, string | undefined>>, fx: Effects): Promise<SmtpSettings> {
  const value = (name: string) => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? null : v;
  };
  const refuse = (name: string, message: string, hint: string) => new BoardpackError('smtp-settings', message, { at: name, hint });
  const host = value(SMTP_ENV.host);
  if (host === null) {
    throw refuse(
      SMTP_ENV.host,
      `report.yaml asks for the pack to be emailed, but ${SMTP_ENV.host} is not set, so boardpack does not know which mail server to send it through.`,
      `Set ${SMTP_ENV.host} (and ${SMTP_ENV.port}, ${SMTP_ENV.user}, ${SMTP_ENV.password} or ${SMTP_ENV.passwordFile}, ${SMTP_ENV.from}) in the environment the run starts in; see "Delivering the pack" in the README.`,
    );
  }
  const portText = value(SMTP_ENV.port) ?? '587';
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 1 && port <= 65535)) {
    throw refuse(
      SMTP_ENV.port,
      `${SMTP_ENV.port} is "${portText}", which is not a port number.`,
      'Set it to the mail server port: 587 (STARTTLS) or 465 (TLS).',
    );
  }
  const tlsText = (value(SMTP_ENV.tls) ?? (port === 465 ? 'tls' : 'starttls')).toLowerCase();
  if (tlsText !== 'tls' && tlsText !== 'starttls' && tlsText !== 'none') {
    throw refuse(
      SMTP_ENV.tls,
      `${SMTP_ENV.tls} is "${tlsText}"; it must be tls, starttls or none.`,
      'Leave it unset for TLS (port 465) or STARTTLS (any other port); none only for a relay on this machine.',
    );
  }
  const user = value(SMTP_ENV.user);
  // Empty is unset, as for the others (an env file's `BOARDPACK_SMTP_PASSWORD=`); a password is never trimmed.
  let password = env[SMTP_ENV.password] || null;
  const passwordFile = value(SMTP_ENV.passwordFile);
  if (passwordFile !== null) {
    if (password !== null) {
      throw refuse(
        SMTP_ENV.passwordFile,
        `Both ${SMTP_ENV.password} and ${SMTP_ENV.passwordFile} are set, so it is not clear which password to use.`,
        'Unset one of them.',
      );
    }
    try {
      password = (await fx.readText(passwordFile, { maxBytes: 64 * 1024 })).replace(/\r?\n$/, '');
    } catch (e) {
      throw refuse(
        SMTP_ENV.passwordFile,
        `${SMTP_ENV.passwordFile} names ${passwordFile}, which cannot be read (${e instanceof Error ? e.message : String(e)}).`,
        'Point it at a file holding only the password, readable by the user the run is started as.',
      );
    }
  }
  if (user === null && password !== null) {
    throw refuse(
      SMTP_ENV.user,
      `A password is set for the mail server but ${SMTP_ENV.user} is not.`,
      `Set ${SMTP_ENV.user} to the account the password is for.`,
    );
  }
  const caFile = value(SMTP_ENV.caFile);
  let ca: string | null = null;
  if (caFile !== null) {
    try {
      ca = await fx.readText(caFile, { maxBytes: 1024 * 1024 });
    } catch (e) {
      throw refuse(
        SMTP_ENV.caFile,
        `${SMTP_ENV.caFile} names ${caFile}, which cannot be read (${e instanceof Error ? e.message : String(e)}).`,
        'Point it at the PEM file of the certificate authority that signed the mail server certificate, or unset it.',
      );
    }
  }
  return { host, port, tls: tlsText, user, password, from: value(SMTP_ENV.from), ca };
}

/** Any credential in `text` replaced by `***`: server replies and errors can echo what they were sent. */
export function redact(text: string, settings: Pick<SmtpSettings, 'user' | 'password'>): string {
  let out = text;
  for (const secret of [settings.password, settings.password && Buffer.from(settings.password).toString('base64')]) {
    if (secret && secret.length > 0) out = out.split(secret).join('***');
  }
  // The user name is not a secret on its own, but an AUTH PLAIN exchange carries user and password together.
  if (settings.user && settings.password) out = out.split(Buffer.from(`\0${settings.user}\0${settings.password}`).toString('base64')).join('***');
  return out;
}

export interface OutgoingMessage {
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  text: string;
  attachments: Array<{ filename: string; content: Uint8Array; contentType: string }>;
}

export interface Sent {
  messageId: string | null;
  attempts: number;
  accepted: string[];
  rejected: string[];
}

/** A send that failed for good, after `attempts` tries, said in words with the credentials taken out. */
export class SendFailure extends Error {
  constructor(
    message: string,
    readonly attempts: number,
    readonly hint: string,
  ) {
    super(message);
  }
}

export interface SendOptions {
  /** Further attempts after a failure that may pass (a refused connection, a 4xx reply). */
  retries: number;
  /** Wait before the first retry; each further one waits twice as long. */
  retryWaitMs: number;
  log: Log;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Sends one message with nodemailer (loaded only now, so other commands do not pay for it), retrying
 * what may pass on a later attempt with back-off. Nothing it logs or throws holds a credential.
 */
export async function sendMail(message: OutgoingMessage, settings: SmtpSettings, options: SendOptions): Promise<Sent> {
  const nodemailer = await import('nodemailer');
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.tls === 'tls',
    requireTLS: settings.tls === 'starttls',
    ignoreTLS: settings.tls === 'none',
    ...(settings.user === null ? {} : { auth: { user: settings.user, pass: settings.password ?? '' } }),
    ...(settings.ca === null ? {} : { tls: { ca: settings.ca } }),
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
    logger: false,
    debug: false,
  });
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const server = `${settings.host}:${settings.port}`;
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        const info = await transport.sendMail({
          from: message.from,
          to: message.to,
          cc: message.cc,
          bcc: message.bcc,
          subject: message.subject,
          text: message.text,
          attachments: message.attachments.map((a) => ({ filename: a.filename, content: Buffer.from(a.content), contentType: a.contentType })),
        });
        return {
          messageId: typeof info.messageId === 'string' ? info.messageId : null,
          attempts: attempt,
          accepted: (info.accepted ?? []).map(String),
          rejected: (info.rejected ?? []).map(String),
        };
      } catch (e) {
        const why = describeFailure(e, settings);
        if (!why.retry || attempt > options.retries) {
          throw new SendFailure(`${why.text}${attempt > 1 ? ` (${attempt} attempts)` : ''}`, attempt, why.hint);
        }
        const wait = options.retryWaitMs * 2 ** (attempt - 1);
        options.log({
          level: 'warn',
          stage: 'email',
          message: `attempt ${attempt} of ${options.retries + 1} to send through ${server} failed: ${why.text}; trying again in ${formatWait(wait)}`,
        });
        await sleep(wait);
      }
    }
  } finally {
    transport.close();
  }
}

const formatWait = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`);

/** What went wrong in words, whether another attempt may pass, and what to do. */
export function describeFailure(e: unknown, settings: SmtpSettings): { text: string; retry: boolean; hint: string } {
  const err = e as { code?: string; command?: string; responseCode?: number; response?: string; message?: string; errno?: string };
  const server = `${settings.host}:${settings.port}`;
  const reply = redact(String(err.response ?? err.message ?? e), settings)
    .replace(/\s+/g, ' ')
    .trim();
  const cause = String((e as { cause?: { code?: string } }).cause?.code ?? err.errno ?? '');
  const message = String(err.message ?? '');
  if (err.code === 'EAUTH') {
    return {
      text: `the mail server ${server} refused the user name and password (${reply})`,
      retry: false,
      hint: `Check ${SMTP_ENV.user} and ${SMTP_ENV.password} (or the file ${SMTP_ENV.passwordFile} names) against the mail account.`,
    };
  }
  if (err.code === 'ETLS' || err.code === 'EREQUIRETLS' || /STARTTLS|certificate|self[- ]signed|TLS/i.test(message)) {
    return {
      text: `a secure connection to the mail server ${server} could not be made (${reply})`,
      retry: false,
      hint: `Check ${SMTP_ENV.port} and ${SMTP_ENV.tls} (465 is TLS, 587 STARTTLS); a server with its own certificate authority needs ${SMTP_ENV.caFile}. ${SMTP_ENV.tls}=none is only for a relay on this machine.`,
    };
  }
  // Lost once the message was being handed over, it may have arrived: sending it again could send it twice.
  if ((err.code === 'ETIMEDOUT' || err.code === 'ESOCKET' || err.code === 'ECONNECTION') && err.command === 'DATA') {
    return {
      text: `the connection to the mail server ${server} was lost while the message was being handed over (${reply}), so it may or may not have arrived`,
      retry: false,
      hint: 'Ask a recipient whether it arrived; if not, deliver it again with --resend.',
    };
  }
  if (err.code === 'ECONNECTION' || err.code === 'ETIMEDOUT' || err.code === 'ESOCKET' || err.code === 'EDNS') {
    const what = /ECONNREFUSED/.test(`${cause} ${message}`)
      ? 'refused the connection'
      : /ENOTFOUND|EAI_AGAIN/.test(`${cause} ${message}`)
        ? 'could not be found (no such host name)'
        : /ETIMEDOUT|timeout/i.test(`${cause} ${message} ${err.code}`)
          ? 'did not answer in time'
          : `could not be reached (${reply})`;
    return {
      text: `the mail server ${server} ${what}`,
      retry: true,
      hint: `Check ${SMTP_ENV.host} and ${SMTP_ENV.port}, and that this machine may reach the server (a firewall, a proxy).`,
    };
  }
  if (typeof err.responseCode === 'number') {
    const transient = err.responseCode >= 400 && err.responseCode < 500;
    return {
      text: `the mail server ${server} replied ${reply}`,
      retry: transient,
      hint: transient
        ? 'The server asked for the message to be sent later.'
        : 'Check the recipients in distribute: email: in report.yaml and the sender (from:, or BOARDPACK_SMTP_FROM) against what the server allows.',
    };
  }
  return {
    text: `sending through ${server} failed (${reply})`,
    retry: false,
    hint: 'Check the mail server settings (see "Delivering the pack" in the README).',
  };
}
