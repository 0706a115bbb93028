import fs from 'node:fs';
import path from 'node:path';

/** A message of the corpus: real-world shapes written by hand (charsets, encoded words, TNEF, a DSN). */
export function corpusMessage(name: string): Buffer {
  return fs.readFileSync(path.join(import.meta.dirname, `${name}.eml`));
}

export type TestMessage = {
  from: string;
  to?: string;
  cc?: string;
  subject?: string;
  messageId?: string | null;
  inReplyTo?: string;
  references?: string[];
  headers?: Record<string, string>;
  text?: string;
  /** One attachment of this many bytes, made at test time rather than committed. */
  attachmentBytes?: number;
};

let counter = 0;

/** A plain-text message, or one with a generated attachment, as a mail client would send it. */
export function testMessage(m: TestMessage): Buffer {
  const id = m.messageId === undefined ? `<test.${++counter}.${process.pid}@client.example>` : m.messageId;
  const head = [
    'MIME-Version: 1.0',
    `From: ${m.from}`,
    `To: ${m.to ?? 'support@acme.example'}`,
    ...(m.cc ? [`Cc: ${m.cc}`] : []),
    `Subject: ${m.subject ?? 'A question'}`,
    'Date: Thu, 12 Mar 2026 10:00:00 +0000',
    ...(id ? [`Message-ID: ${id}`] : []),
    ...(m.inReplyTo ? [`In-Reply-To: ${m.inReplyTo}`] : []),
    ...(m.references ? [`References: ${m.references.join(' ')}`] : []),
    ...Object.entries(m.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
  ];
  const text = m.text ?? 'Hello, I need some help.';
  if (!m.attachmentBytes) return Buffer.from([...head, 'Content-Type: text/plain; charset=utf-8', '', text, ''].join('\r\n'));
  const big = Buffer.alloc(m.attachmentBytes, 'A').toString('base64').replace(/.{76}/g, '$&\r\n');
  const small = Buffer.from('small log file\n').toString('base64');
  return Buffer.from(
    [
      ...head,
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      text,
      '--b1',
      'Content-Type: application/octet-stream; name="big.bin"',
      'Content-Disposition: attachment; filename="big.bin"',
      'Content-Transfer-Encoding: base64',
      '',
      big,
      '--b1',
      'Content-Type: text/plain; name="small.log"',
      'Content-Disposition: attachment; filename="small.log"',
      'Content-Transfer-Encoding: base64',
      '',
      small,
      '--b1--',
      '',
    ].join('\r\n'),
  );
}
