import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { config, publicUrl } from '@/lib/config';

/**
 * Whether Loopdesk sends email at all. With no LOOPDESK_SMTP_URL nothing is queued (a reply's
 * `email` stays null) and nothing fails: an install without mail works as one.
 */
export function emailConfigured(): boolean {
  return Boolean(config().LOOPDESK_SMTP_URL);
}

let transport: { url: string; transporter: Transporter<SMTPPool.SentMessageInfo> } | undefined;

/**
 * The one SMTP transport, from LOOPDESK_SMTP_URL: `smtps://` speaks TLS from the start, `smtp://`
 * upgrades with STARTTLS whenever the server offers it (nodemailer's default). Timeouts are short
 * so an attempt always ends inside the worker's claim on the email.
 */
export function mailTransport(): Transporter<SMTPPool.SentMessageInfo> {
  const url = config().LOOPDESK_SMTP_URL;
  if (!url) throw new Error('LOOPDESK_SMTP_URL is not set: no email can be sent');
  if (transport?.url !== url) {
    transport?.transporter.close();
    const options = transportOptions(url);
    transport = { url, transporter: nodemailer.createTransport(options) };
  }
  return transport.transporter;
}

/**
 * LOOPDESK_SMTP_URL as nodemailer's options. nodemailer reads a `url` alone and drops every other
 * option beside it (the pool, the name, the timeouts), so the URL is taken apart here; its query
 * keeps nodemailer's own form (`?tls.rejectUnauthorized=false`, `?ignoreTLS=true`).
 */
export function transportOptions(url: string): SMTPPool.Options {
  const u = new URL(url);
  const secure = u.protocol === 'smtps:';
  const options: Record<string, unknown> = {
    host: u.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    auth: u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : undefined,
    // Connections are kept and reused (up to 5, 100 messages each) rather than opened per email: on
    // loopback a connection took about 100 ms to open, a message on an open one about 45 ms.
    pool: true,
    // The EHLO name: the host users reach Loopdesk at.
    name: new URL(publicUrl()).hostname,
    // Short, so that an attempt always ends inside the worker's claim on the email.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  };
  for (const [key, raw] of u.searchParams) {
    const value = raw === 'true' ? true : raw === 'false' ? false : /^\d+$/.test(raw) ? Number(raw) : raw;
    const path = key.split('.');
    let target = options;
    for (const part of path.slice(0, -1)) {
      target[part] ??= {};
      target = target[part] as Record<string, unknown>;
    }
    target[path.at(-1)!] = value;
  }
  return options as unknown as SMTPPool.Options;
}

export function sendMail(message: SendMailOptions): Promise<SMTPPool.SentMessageInfo> {
  return mailTransport().sendMail(message);
}

/** What an SMTP failure means for the email: a 5xx answer is final, anything else (4xx, no connection) is worth a retry. */
export function smtpFailure(error: unknown): { permanent: boolean; message: string } {
  const e = error as { responseCode?: unknown; response?: unknown; message?: unknown };
  const code = typeof e.responseCode === 'number' ? e.responseCode : null;
  const message = typeof e.response === 'string' && e.response ? e.response : error instanceof Error ? error.message : String(error);
  return { permanent: code !== null && code >= 500 && code < 600, message: message.slice(0, 1000) };
}

export function closeMailTransport(): void {
  transport?.transporter.close();
  transport = undefined;
}
