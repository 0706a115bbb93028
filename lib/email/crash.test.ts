import { spawn, type ChildProcess } from 'node:child_process';
import { eq } from 'drizzle-orm';
import { afterAll, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { outboundEmails } from '@/db/schema';
import { createCustomer, createTicket, fixtureContext } from '@/lib/test/factories';
import { until } from '@/lib/test/smtp-capture';
import { addReply } from '@/lib/tickets/replies';
import { replySchema } from '@/lib/tickets/schema';

const smtp = await vi.hoisted(async () => {
  const { startSmtpCapture } = await import('@/lib/test/smtp-capture');
  const capture = await startSmtpCapture();
  process.env.LOOPDESK_SMTP_URL = capture.url;
  return capture;
});

const children: ChildProcess[] = [];
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await smtp.close();
});

/** The email worker in a process of its own, as server.ts starts it, holding an email for 2 s per send. */
function startWorkerProcess() {
  const script = `
    const { startEmailWorker } = await import('./lib/email/worker.ts');
    await startEmailWorker({ pollingIntervalSeconds: 1, claimSeconds: 2 });
    console.log('email worker started');`;
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', '--input-type=module', '--eval', script], {
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  children.push(child);
  return { child, output: () => output };
}

it('sends the email after the worker is killed between commit and send, under the same Message-ID', async () => {
  // The first send's DATA is never answered: the worker dies waiting for it.
  smtp.answerWith((n) => (n === 0 ? 'hold' : 'accept'));
  const ticket = await createTicket({ customer_id: (await createCustomer()).id });
  const reply = await addReply(fixtureContext(), ticket.id, replySchema.parse({ content: 'Survives a crash', author_type: 'system' }));
  const messageId = reply.email!.message_id;

  const first = startWorkerProcess();
  await until(() => smtp.attempts === 1, 30_000).catch(() => {
    throw new Error(`the worker never sent:\n${first.output()}`);
  });
  first.child.kill('SIGKILL');
  await new Promise((resolve) => first.child.once('exit', resolve));
  expect(smtp.received).toEqual([]);
  const [held] = await getDb().select().from(outboundEmails).where(eq(outboundEmails.messageId, messageId));
  // The attempt counts from its claim, so an email whose sends keep killing the worker runs out of attempts.
  expect(held).toMatchObject({ status: 'queued', attempts: 1 });

  // Once its claim has lapsed, a new worker picks the email up at start.
  await until(() => Date.now() > held!.nextAttemptAt.getTime(), 10_000);
  const second = startWorkerProcess();
  await until(() => smtp.received.length === 1, 30_000).catch(() => {
    throw new Error(`the email never arrived after the restart:\n${second.output()}`);
  });
  expect(smtp.received[0]!.mail.messageId).toBe(messageId);
  await until(async () => (await getDb().select().from(outboundEmails).where(eq(outboundEmails.messageId, messageId)))[0]?.status === 'sent', 10_000);
  second.child.kill('SIGTERM');
}, 90_000);
