import { closeDb, getDb } from '@/db/client';
import { systemContext } from '@/lib/context';
import { createCustomer } from '@/lib/customers/service';
import { createCustomerSchema } from '@/lib/customers/schema';
import { startEmailWorker } from '@/lib/email/worker';
import { startSmtpCapture } from '@/lib/test/smtp-capture';
import { addReply } from '@/lib/tickets/replies';
import { createTicketSchema, replySchema } from '@/lib/tickets/schema';
import { createTicket } from '@/lib/tickets/service';
import { benchDatabase } from './database';

/**
 * `node --conditions=react-server --import tsx lib/bench/email-send.ts`: the send lag, from a
 * public reply's commit to its email accepted by a real SMTP server (smtp-server on loopback),
 * through the queue and worker that server.ts runs. REPLIES replies, one every INTERVAL_MS, so
 * the figure is the lag of a desk at work rather than of a backlog.
 */
const REPLIES = Number(process.env.BENCH_REPLIES ?? 200);
const INTERVAL_MS = 20;

const smtp = await startSmtpCapture();
process.env.LOOPDESK_SMTP_URL = smtp.url;
const database = await benchDatabase();
const ctx = systemContext(getDb(), 'bench');
const arrived = new Map<string, number>();
const watch = setInterval(() => {
  for (const { mail } of smtp.received) if (mail.messageId && !arrived.has(mail.messageId)) arrived.set(mail.messageId, performance.now());
}, 2);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

try {
  const worker = await startEmailWorker();
  const customer = await createCustomer(ctx, createCustomerSchema.parse({ first_name: 'Lag', email: 'lag@example.org' }));
  const ticket = await createTicket(ctx, createTicketSchema.parse({ subject: 'Send lag', customer_id: customer.id }));
  const committed = new Map<string, number>();
  const start = performance.now();
  for (let n = 0; n < REPLIES; n++) {
    const reply = await addReply(ctx, ticket.id, replySchema.parse({ content: `Answer ${n}`, author_type: 'system' }));
    committed.set(reply.email!.message_id, performance.now());
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
  }
  const until = performance.now() + 120_000;
  while (arrived.size < REPLIES && performance.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
  const total = performance.now() - start;
  await worker.stop();

  const lags = [...committed].flatMap(([id, at]) => (arrived.has(id) ? [arrived.get(id)! - at] : [])).sort((a, b) => a - b);
  console.log(`Outbound email, commit → accepted by SMTP on loopback (${database.server})`);
  console.log(`  ${lags.length} of ${REPLIES} emails arrived in ${(total / 1000).toFixed(1)} s`);
  console.log(`  lag: p50 ${percentile(lags, 50).toFixed(0)} ms, p95 ${percentile(lags, 95).toFixed(0)} ms, max ${lags.at(-1)!.toFixed(0)} ms`);
  if (lags.length < REPLIES) process.exitCode = 1;
} finally {
  clearInterval(watch);
  await smtp.close();
  await closeDb();
  await database.drop();
}
