import { and, inArray, ne } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { webhookDeliveries } from '@/db/schema';
import { referenceVerifies } from '@/lib/test/reference-verifier';
import { isoSeconds } from '@/lib/test/expectations';
import { eventually } from '@/lib/test/webhook-receiver';
import { webhookEvents } from '@/lib/events/catalogue';
import { recordSlaBreaches } from '@/lib/sla/sweep';
import { backdateTicket } from '@/lib/test/sla';
import {
  type WebhookWithSecret,
  adminKey,
  readKey,
  receiver,
  newWebhook,
  email,
  api,
  newTicket,
  readTicket,
  deliveriesOf,
  requestsTo,
  nodeVerifies,
  standardSignature,
  header,
} from './delivery-fixture';
import { toTicketEventJson } from '@/lib/tickets/serialize';

/** Deliveries end to end: which hooks get which events, the request itself, and its signatures. */
describe('fan-out', () => {
  it('delivers each of the ten event types to the webhooks subscribed to it, all of them to ["*"], and none to an inactive webhook', async () => {
    const only = new Map<string, Awaited<ReturnType<typeof newWebhook>>>();
    for (const event of webhookEvents) only.set(event, await newWebhook([event], { name: event }));
    const everything = await newWebhook(['*'], { name: 'all' });
    const inactive = await newWebhook(['*'], { name: 'inactive', active: false });

    const customer = await api<{ id: number }>('POST', '/api/v1/customers', { first_name: 'John', last_name: 'Smith', email: email('john') });
    await api('PUT', `/api/v1/customers/${customer.id}`, { title: 'IT Manager' });
    const agent = await api<{ id: number }>('POST', '/api/v1/agents', { first_name: 'Sarah', last_name: 'Johnson', email: email('sarah') }, adminKey);
    const ticket = await newTicket({ customer_id: customer.id });
    await api('PUT', `/api/v1/tickets/${ticket.id}`, { priority: 'high' });
    await api('PUT', `/api/v1/tickets/${ticket.id}`, { assigned_agent_id: agent.id });
    await api('PUT', `/api/v1/tickets/${ticket.id}`, { status: 'resolved' });
    await api('PUT', `/api/v1/tickets/${ticket.id}`, { status: 'closed' });
    const duplicate = await newTicket({ customer_id: customer.id });
    await api('POST', `/api/v1/tickets/${duplicate.id}/merge`, { into: ticket.id });
    // An urgent ticket under a 1-minute first response target, come in two minutes ago: its breach.
    const department = await api<{ id: number }>('POST', '/api/v1/departments', { name: 'Escalations' }, adminKey);
    const targets = { urgent: { first_response_minutes: 1, resolution_minutes: null } };
    await api('POST', '/api/v1/sla-policies', { name: 'Escalations', department_id: department.id, targets }, adminKey);
    const late = await newTicket({ priority: 'urgent', department_id: department.id });
    await backdateTicket(late.id, 120);
    await recordSlaBreaches(getDb());

    const expected: Record<string, number> = {
      'ticket.created': 3,
      // The merge updates the ticket it went into, and updates and closes the duplicate.
      'ticket.updated': 6,
      'ticket.resolved': 1,
      'ticket.closed': 2,
      'ticket.assigned': 1,
      'ticket.merged': 1,
      'ticket.sla_breached': 1,
      'customer.created': 1,
      'customer.updated': 1,
      'agent.created': 1,
    };
    const allEvents = Object.entries(expected).flatMap(([event, n]) => Array<string>(n).fill(event));
    const hookIds = [...only.values(), everything, inactive].map((h) => h.id);
    // Every delivery is written with its event, so once none is left to attempt, every request has been made.
    await eventually(async () => {
      const open = await getDb()
        .select({ id: webhookDeliveries.id })
        .from(webhookDeliveries)
        .where(and(inArray(webhookDeliveries.webhookId, hookIds), ne(webhookDeliveries.status, 'succeeded')));
      return receiver.at(everything.path).length === allEvents.length && open.length === 0;
    });

    const eventsAt = (path: string) =>
      receiver
        .at(path)
        .map((r) => header(r, 'x-loopdesk-event'))
        .sort();
    for (const [event, hook] of only) {
      expect(eventsAt(hook.path), event).toEqual(Array<string>(expected[event]!).fill(event));
      expect(receiver.at(hook.path).map((r) => JSON.parse(r.body).event)).toEqual(Array<string>(expected[event]!).fill(event));
    }
    expect(eventsAt(everything.path)).toEqual([...allEvents].sort());
    const merged = JSON.parse(receiver.at(only.get('ticket.merged')!.path)[0]!.body).data;
    expect(merged).toMatchObject({ ticket: { id: duplicate.id, status: 'closed' }, merged_into: { id: ticket.id, number: ticket.number } });
    const breached = JSON.parse(receiver.at(only.get('ticket.sla_breached')!.path)[0]!.body).data;
    expect(breached).toMatchObject({ ticket: { id: late.id }, sla: { measure: 'first_response', due_at: expect.stringMatching(isoSeconds) } });
    expect(receiver.at(inactive.path)).toEqual([]);
    expect(await deliveriesOf(inactive.id)).toEqual([]);
  });

  it('stops delivering to a webhook switched off with PUT, and resumes when it is switched on again', async () => {
    const hook = await newWebhook(['ticket.created']);
    await api('PUT', `/api/v1/webhooks/${hook.id}`, { active: false }, adminKey);
    await newTicket({ subject: 'Sent while off' });
    await api('PUT', `/api/v1/webhooks/${hook.id}`, { active: true }, adminKey);
    await newTicket({ subject: 'Sent while on' });

    const [request] = await requestsTo(hook.path);
    expect(JSON.parse(request!.body).data.ticket.subject).toBe('Sent while on');
    expect((await deliveriesOf(hook.id)).map((d) => d.event)).toEqual(['ticket.created']);
  });
});

describe('the request', () => {
  it('POSTs the reference payload, with the ticket as GET returns it, and our headers beside the Standard Webhooks ones', async () => {
    const hook = await newWebhook(['ticket.created']);
    const before = Math.floor(Date.now() / 1000);
    const created = await newTicket({ subject: 'Café au lait — ünïcödé ✓ 🎫', priority: 'high', tags: ['login', 'urgent'] });
    const asReadNow = await readTicket(created.id);

    const [request] = await requestsTo(hook.path);
    const after = Math.ceil(Date.now() / 1000);
    const [delivery] = await deliveriesOf(hook.id);
    const { host, ...headers } = request!.headers;

    expect(request!.method).toBe('POST');
    expect(host).toBe(new URL(receiver.url()).host);
    expect(headers).toEqual({
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(request!.body)),
      'user-agent': 'Loopdesk-Webhooks/1',
      'x-loopdesk-event': 'ticket.created',
      'x-loopdesk-delivery': String(delivery!.id),
      'x-loopdesk-timestamp': expect.stringMatching(/^\d{10}$/),
      'x-loopdesk-signature': expect.stringMatching(/^sha256=[0-9a-f]{64}$/),
      'webhook-id': String(delivery!.id),
      'webhook-timestamp': headers['x-loopdesk-timestamp'],
      'webhook-signature': expect.stringMatching(/^v1,[A-Za-z0-9+/]{43}=$/),
      connection: 'keep-alive',
    });
    const timestamp = Number(headers['x-loopdesk-timestamp']);
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(after);

    const body = JSON.parse(request!.body);
    expect(Object.keys(body)).toEqual(['id', 'event', 'timestamp', 'data']);
    expect(body).toEqual({ id: delivery!.event_id, event: 'ticket.created', timestamp: created.created_at, data: { ticket: toTicketEventJson(asReadNow) } });
    expect(body.timestamp).toMatch(isoSeconds);
  });

  it('carries the customer and the agent as GET returns them', async () => {
    const customerHook = await newWebhook(['customer.created']);
    const agentHook = await newWebhook(['agent.created']);
    const priya = { first_name: 'Priya', last_name: 'Patel', email: email('priya'), organization: 'Acme Corporation' };
    const miguel = { first_name: 'Miguel', last_name: 'Santos', email: email('miguel'), skills: ['billing'] };
    const customer = await api<{ id: number }>('POST', '/api/v1/customers', priya);
    const agent = await api<{ id: number }>('POST', '/api/v1/agents', miguel, adminKey);
    const customerNow = await api('GET', `/api/v1/customers/${customer.id}`, undefined, readKey);
    const agentNow = await api('GET', `/api/v1/agents/${agent.id}`, undefined, readKey);

    const [customerRequest] = await requestsTo(customerHook.path);
    const [agentRequest] = await requestsTo(agentHook.path);
    const envelope = { id: expect.any(Number), timestamp: expect.stringMatching(isoSeconds) };
    expect(JSON.parse(customerRequest!.body)).toEqual({ ...envelope, event: 'customer.created', data: { customer: customerNow } });
    expect(JSON.parse(agentRequest!.body)).toEqual({ ...envelope, event: 'agent.created', data: { agent: agentNow } });
  });

  it("sends only the ticket in data on ticket.updated, as the reference's payload shows", async () => {
    const ticket = await newTicket();
    const hook = await newWebhook(['ticket.updated']);
    await api('PUT', `/api/v1/tickets/${ticket.id}`, { priority: 'urgent', tags: ['vip'] });
    const asReadNow = await readTicket(ticket.id);

    const [request] = await requestsTo(hook.path);
    expect(JSON.parse(request!.body)).toEqual({
      id: expect.any(Number),
      event: 'ticket.updated',
      timestamp: asReadNow.updated_at,
      data: { ticket: toTicketEventJson(asReadNow) },
    });
  });

  it('sends a reply event with the ticket without its thread and the new reply beside it, as the reply left it', async () => {
    // Under a first response target: the first reply meets it, and the event's ticket says so.
    const department = await api<{ id: number }>('POST', '/api/v1/departments', { name: 'Replies' }, adminKey);
    const targets = { normal: { first_response_minutes: 60, resolution_minutes: null } };
    await api('POST', '/api/v1/sla-policies', { name: 'Replies', department_id: department.id, targets }, adminKey);
    const ticket = await newTicket({ priority: 'normal', department_id: department.id });
    const hook = await newWebhook(['ticket.updated']);
    const reply = await api<{ id: number }>('POST', `/api/v1/tickets/${ticket.id}/replies`, { content: 'We are on it.' });
    const asReadNow = await readTicket(ticket.id);

    const [request] = await requestsTo(hook.path);
    const body = JSON.parse(request!.body);
    expect(body.data).toEqual({ ticket: toTicketEventJson(asReadNow), reply: asReadNow.replies.find((r) => r.id === reply.id) });
    expect(body.data.ticket.sla.first_response.status).toBe('met');
    expect(body.data.ticket).not.toHaveProperty('replies');
  });
});

describe('signatures', () => {
  it("signs the raw body so that the reference's own Python function, its Node twin and Standard Webhooks all verify it", async () => {
    const hook = await newWebhook(['ticket.created']);
    await newTicket({ subject: 'Signé: ünïcödé ✓ 🎫 "quoted" \\ back\\slash' });
    const [request] = await requestsTo(hook.path);
    const body = request!.body;
    const signature = header(request!, 'x-loopdesk-signature');

    expect(referenceVerifies(body, signature, hook.secret)).toBe(true);
    expect(nodeVerifies(body, signature, hook.secret)).toBe(true);
    const id = header(request!, 'webhook-id');
    const timestamp = header(request!, 'webhook-timestamp');
    expect(header(request!, 'webhook-signature')).toBe(standardSignature(hook.secret, id, timestamp, body));
    // What a Standard Webhooks library checks besides the signature: a timestamp within 5 minutes.
    expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(300);
  });

  it('fails every verification of a tampered body or with another secret', async () => {
    const hook = await newWebhook(['ticket.created']);
    await newTicket({ subject: 'Refund of 10 EUR' });
    const [request] = await requestsTo(hook.path);
    const tampered = request!.body.replace('Refund of 10 EUR', 'Refund of 99 EUR');
    expect(tampered).not.toBe(request!.body);
    const signature = header(request!, 'x-loopdesk-signature');
    const id = header(request!, 'webhook-id');
    const timestamp = header(request!, 'webhook-timestamp');
    const otherSecret = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD';

    expect(referenceVerifies(tampered, signature, hook.secret)).toBe(false);
    expect(nodeVerifies(tampered, signature, hook.secret)).toBe(false);
    expect(header(request!, 'webhook-signature')).not.toBe(standardSignature(hook.secret, id, timestamp, tampered));
    expect(referenceVerifies(request!.body, signature, otherSecret)).toBe(false);
    expect(header(request!, 'webhook-signature')).not.toBe(standardSignature(otherSecret, id, timestamp, request!.body));
  });

  it('signs with the new secret and, for the 24 hours of overlap, with the old one too after rotate-secret', async () => {
    const hook = await newWebhook(['ticket.created']);
    const rotated = await api<WebhookWithSecret>('POST', `/api/v1/webhooks/${hook.id}/rotate-secret`, undefined, adminKey);
    expect(rotated.secret).not.toBe(hook.secret);
    await newTicket({ subject: 'After the rotation' });

    const [request] = await requestsTo(hook.path);
    const body = request!.body;
    const id = header(request!, 'webhook-id');
    const timestamp = header(request!, 'webhook-timestamp');
    expect(referenceVerifies(body, header(request!, 'x-loopdesk-signature'), rotated.secret)).toBe(true);
    expect(referenceVerifies(body, header(request!, 'x-loopdesk-signature'), hook.secret)).toBe(false);
    expect(referenceVerifies(body, header(request!, 'x-loopdesk-signature-previous'), hook.secret)).toBe(true);
    expect(header(request!, 'webhook-signature').split(' ')).toEqual([
      standardSignature(rotated.secret, id, timestamp, body),
      standardSignature(hook.secret, id, timestamp, body),
    ]);
  });
});
