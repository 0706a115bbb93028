import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketJson } from '@/lib/tickets/schema';
import { call } from '@/lib/test/api';
import { ticketEvents } from '@/lib/test/expectations';
import { createKey } from '@/lib/test/factories';
import { backdateTicket } from '@/lib/test/sla';
import { eventually } from '@/lib/test/webhook-receiver';
import { startSlaWorker, type SlaWorker } from './worker';

let adminKey: string;
let worker: SlaWorker;

beforeAll(async () => {
  adminKey = await createKey('admin');
  const res = await call('POST', '/api/v1/sla-policies', {
    key: adminKey,
    body: { name: 'Around the clock', targets: { urgent: { first_response_minutes: 60, resolution_minutes: null } } },
  });
  expect(res.status).toBe(201);
  worker = await startSlaWorker();
});

afterAll(async () => {
  await worker.stop();
});

/** Moves the ticket's arrival back so that its first response (a 60-minute target) falls due `secondsLeft` from now. */
const dueIn = (id: number, secondsLeft: number) => backdateTicket(id, 3600 - secondsLeft);

describe('the SLA worker', () => {
  it('records a breach about a second after its deadline, woken by the change that brought the deadline near', async () => {
    const created = await call<TicketJson>('POST', '/api/v1/tickets', { key: adminKey, body: { subject: 'Site down', priority: 'urgent' } });
    // The worker now sleeps until the warning, half an hour away; the deadline moves to 3 s from now.
    await dueIn(created.body.data.id, 3);
    // Any committed change is heard: the worker looks again and finds the deadline.
    expect((await call('PUT', `/api/v1/tickets/${created.body.data.id}`, { key: adminKey, body: { tags: ['outage'] } })).status).toBe(200);
    const dueAt = (await call<TicketJson>('GET', `/api/v1/tickets/${created.body.data.id}`, { key: adminKey })).body.data.sla!.first_response!.due_at!;

    const breach = await eventually(async () => (await ticketEvents(created.body.data.id)).find((e) => e.type === 'ticket.sla_breached'), 10_000);
    const lateBy = breach.createdAt.getTime() - new Date(dueAt).getTime();
    expect(lateBy).toBeGreaterThanOrEqual(0);
    expect(lateBy).toBeLessThan(2_500);
  });
});
