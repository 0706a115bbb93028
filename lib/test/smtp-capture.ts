import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** What the server answers a message's DATA with: accept it, refuse it with a code, or never answer. */
export type SmtpAnswer = 'accept' | 'hold' | { code: number; message: string };

export type CapturedMail = { envelope: { from: string; to: string[] }; raw: Buffer; mail: ParsedMail };

export type SmtpCapture = {
  url: string;
  /** Messages accepted so far, in arrival order. */
  received: CapturedMail[];
  /** Messages whose DATA arrived, whatever the answer (accepted, refused or held). */
  attempts: number;
  /** Decides the answer to the n-th DATA (0-based, counting every attempt). */
  answerWith(decide: (n: number) => SmtpAnswer): void;
  close(): Promise<void>;
};

/**
 * A real SMTP server (smtp-server, nodemailer's own) on 127.0.0.1, capturing what is sent to it.
 * With `saveTo`, each accepted message is also written there as `<n>.eml`, for tests in another
 * process (the browser tests' capture runs in Playwright's setup).
 */
export async function startSmtpCapture(options: { saveTo?: string } = {}): Promise<SmtpCapture> {
  let decide: (n: number) => SmtpAnswer = () => 'accept';
  const capture: SmtpCapture = {
    url: '',
    received: [],
    attempts: 0,
    answerWith(fn) {
      decide = fn;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: true,
    // No reverse DNS lookup of 127.0.0.1 for each connection.
    disableReverseLookup: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 200,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const answer = decide(capture.attempts++);
        if (answer === 'hold') return;
        if (answer !== 'accept') {
          return callback(Object.assign(new Error(answer.message), { responseCode: answer.code }));
        }
        const raw = Buffer.concat(chunks);
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        void simpleParser(raw).then((mail) => {
          capture.received.push({ envelope, raw, mail });
          if (options.saveTo) fs.writeFileSync(path.join(options.saveTo, `${capture.received.length}.eml`), raw);
          callback();
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  capture.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  return capture;
}

/** Resolves once `check` holds, polling; fails after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}
