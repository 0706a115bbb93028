import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { config } from '@/lib/config';

/**
 * Whether Loopdesk sends email at all. With no LOOPDESK_SMTP_URL nothing is queued (a reply's
 * `email` stays null) and nothing fails: an install without mail works as one.
 */
export function emailConfigured(): boolean {
  return Boolean(config().LOOPDESK_SMTP_URL);
}

let transport: { url: string; transporter: Transporter<SMTPTransport.SentMessageInfo> } | undefined;

/**
 * The one SMTP transport, from LOOPDESK_SMTP_URL: `smtps://` speaks TLS from the start, `smtp://`
 * upgrades with STARTTLS whenever the server offers it (nodemailer's default). Timeouts are short
 * so an attempt always ends inside the worker's claim on the email.
 */
export function mailTransport(): Transporter<SMTPTransport.SentMessageInfo> {
  const url = config().LOOPDESK_SMTP_URL;
  if (!url) throw new Error('LOOPDESK_SMTP_URL is not set: no email can be sent');
  if (transport?.url !== url) {
    transport?.transporter.close();
    const options: SMTPTransport.Options = {
      url,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
    };
    transport = { url, transporter: nodemailer.createTransport(options) };
  }
  return transport.transporter;
}

export function sendMail(message: SendMailOptions): Promise<SMTPTransport.SentMessageInfo> {
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
