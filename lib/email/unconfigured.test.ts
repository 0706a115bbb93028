import { expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { outboundEmails } from '@/db/schema';
import { call } from '@/lib/test/api';
import { expectError } from '@/lib/test/expectations';
import { createAgent, createCustomer, createKey, createTicket } from '@/lib/test/factories';
import type { ReplyJson } from '@/lib/tickets/schema';
import { startEmailWorker } from './worker';

vi.hoisted(() => {
  delete process.env.LOOPDESK_SMTP_URL;
});

it('queues nothing and fails nothing when no SMTP server is configured', async () => {
  const agent = await createAgent();
  const key = await createKey('write', {}, agent.id);
  const ticket = await createTicket({ customer_id: (await createCustomer()).id });
  const reply = await call<ReplyJson>('POST', `/api/v1/tickets/${ticket.id}/replies`, { key, body: { content: 'Hello' } });
  expect(reply.status).toBe(201);
  expect(reply.body.data.email).toBeNull();
  expect(await getDb().select().from(outboundEmails)).toEqual([]);

  const worker = await startEmailWorker();
  await worker.stop();

  expectError(await call('POST', `/api/v1/tickets/${ticket.id}/replies/${reply.body.data.id}/email`, { key }), {
    status: 409,
    code: 'CONFLICT',
    message: 'Email is not configured: set LOOPDESK_SMTP_URL to send replies by email',
  });
});
