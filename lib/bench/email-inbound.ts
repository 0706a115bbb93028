import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { ImapFlow } from 'imapflow';
import { closeDb, getDb } from '@/db/client';
import { inboundEmails } from '@/db/schema';
import { systemContext } from '@/lib/context';
import { startMailboxWatchers } from '@/lib/email/mailbox-watchers';
import { createMailbox } from '@/lib/email/mailboxes';
import { createMailboxSchema } from '@/lib/email/schema';
import { startDovecot, type Dovecot } from '@/lib/test/dovecot';
import { benchDatabase } from './database';

/**
 * `node --conditions=react-server --import tsx lib/bench/email-inbound.ts`: inbound throughput
 * from a real IMAP server (Dovecot) to committed tickets. Two runs of MESSAGES messages, each from
 * a sender of its own (the per-sender hourly limit stays out of it):
 * - live: the watcher runs (IDLE) while the messages are appended over one IMAP connection; timed
 *   from the first APPEND to the last ticket committed;
 * - backlog: the messages wait in the folder, then the watcher starts; timed from its start.
 */
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 200);

const database = await benchDatabase();
const dovecot = await startDovecot();
const ctx = systemContext(getDb(), 'bench');

function message(n: number, run: string): string {
  return [
    `From: Customer ${n} <customer-${run}-${n}@example.org>`,
    'To: support@desk.example.com',
    `Subject: Benchmark ${run} ${n}`,
    `Message-ID: <${run}-${n}-${randomBytes(4).toString('hex')}@example.org>`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Message ${n}: the export button does nothing, and the invoice for March is missing.`,
    '',
  ].join('\r\n');
}

async function appendAll(server: Dovecot, folder: string, run: string) {
  const imap = new ImapFlow({ host: server.host, port: server.port, secure: false, auth: { user: server.user, pass: server.password }, logger: false });
  await imap.connect();
  try {
    for (let n = 0; n < MESSAGES; n++) await imap.append(folder, message(n, run), []);
  } finally {
    await imap.logout();
  }
}

async function newMailbox(folder: string) {
  await dovecot.createFolder(folder);
  const created = await createMailbox(
    ctx,
    createMailboxSchema.parse({
      name: folder,
      address: `${folder.toLowerCase()}@desk.example.com`,
      imap_host: dovecot.host,
      imap_port: dovecot.port,
      imap_tls: false,
      imap_user: dovecot.user,
      imap_password: dovecot.password,
      imap_folder: folder,
    }),
  );
  return created.id;
}

async function received(mailboxId: number): Promise<number> {
  return getDb().$count(inboundEmails, eq(inboundEmails.mailboxId, mailboxId));
}

async function waitForAll(mailboxId: number): Promise<void> {
  const until = performance.now() + 600_000;
  while ((await received(mailboxId)) < MESSAGES) {
    if (performance.now() > until) throw new Error(`only ${await received(mailboxId)} of ${MESSAGES} messages received in 10 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const rate = (ms: number) => `${MESSAGES} messages in ${(ms / 1000).toFixed(2)} s: ${(MESSAGES / (ms / 1000)).toFixed(1)} messages/s`;

try {
  const live = await newMailbox('Live');
  const watchers = await startMailboxWatchers();
  let start = performance.now();
  await appendAll(dovecot, 'Live', 'live');
  const appended = performance.now() - start;
  await waitForAll(live);
  const liveMs = performance.now() - start;
  await watchers.stop();

  const backlog = await newMailbox('Backlog');
  await appendAll(dovecot, 'Backlog', 'backlog');
  start = performance.now();
  const again = await startMailboxWatchers();
  await waitForAll(backlog);
  const backlogMs = performance.now() - start;
  await again.stop();

  console.log(`Inbound email, Dovecot on loopback → committed tickets (${database.server})`);
  console.log(`  live (APPEND while watching, IDLE): ${rate(liveMs)} (the APPENDs alone took ${(appended / 1000).toFixed(2)} s)`);
  console.log(`  backlog (unseen messages waiting):  ${rate(backlogMs)}`);
} finally {
  await dovecot.stop();
  await closeDb();
  await database.drop();
}
