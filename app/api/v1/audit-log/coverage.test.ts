/// <reference types="vite/client" />
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { declaredOperations, routePath } from '@/lib/api/openapi';
import { getDb } from '@/db/client';
import { outboundEmails } from '@/db/schema';
import type { AuditEntryJson } from '@/lib/audit/schema';
import type { EventType } from '@/lib/events';
import { testMessage } from '@/lib/email/inbound/corpus/corpus';
import { createTestMailbox } from '@/lib/email/inbound/corpus/fixtures';
import { call } from '@/lib/test/api';
import {
  createAgent,
  createCategory,
  createCustomer,
  createCustomField,
  createDepartment,
  createKey,
  createTicket,
  fixtureContext,
  uniqueEmail,
  uniqueName,
} from '@/lib/test/factories';
import { createOAuthApp, grantOAuthApp } from '@/lib/test/oauth-apps';
import { webHeaders } from '@/lib/test/session';
import { mergeTicket } from '@/lib/tickets/merge';
import { addReply } from '@/lib/tickets/replies';
import { replySchema } from '@/lib/tickets/schema';
import { startReceiver, type Receiver } from '@/lib/test/webhook-receiver';
import { createMailbox } from '@/lib/email/mailboxes';
import { createMailboxSchema } from '@/lib/email/schema';
import { createMacro } from '@/lib/macros/service';
import type { MacroActionsInput } from '@/lib/macros/schema';
import { createSlaPolicySchema } from '@/lib/sla/schema';
import { createSlaPolicy } from '@/lib/sla/service';
import { createSavedView } from '@/lib/views/service';
import { testWebhook } from '@/lib/webhooks/deliveries';
import { createWebhookSchema } from '@/lib/webhooks/schema';
import { createWebhook } from '@/lib/webhooks/service';

/**
 * Every operation of the API that can change something writes at least one audit entry naming the
 * caller, the request's id and the client's address. The operations are read from the route
 * declarations, so a route added later without a case below fails here until it has one.
 */

// The webhook cases send to a receiver on 127.0.0.1, allowed as an integrator's local setup would
// be. Configuration is read once per test file, at its first use, which loading the routes makes.
vi.hoisted(() => {
  process.env.LOOPDESK_WEBHOOK_ALLOWED_HOSTS = '127.0.0.1';
  // Email is configured so a reply's email can be resent; no worker runs here, so nothing is sent.
  process.env.LOOPDESK_SMTP_URL = 'smtp://127.0.0.1:9';
});

const modules = import.meta.glob<Record<string, unknown>>('/app/api/v1/**/route.ts', { eager: true });

const changingMethods: readonly string[] = ['POST', 'PUT', 'PATCH', 'DELETE'];

/** `PUT /api/v1/tickets/{id}`, for every declared operation that may change something. */
const mutations = Object.entries(modules)
  .flatMap(([file, handlers]) => {
    const path = routePath(file);
    if (!path) return [];
    return declaredOperations(handlers).flatMap(([method]) => (changingMethods.includes(method) ? [`${method} ${path}`] : []));
  })
  .sort();

/**
 * What an admin auditing the desk would not look for, and why. Kept short: anything that changes a
 * resource, a credential or a session belongs in the log.
 */
const exempt: Record<string, string> = {
  'PUT /api/v1/tickets/{id}/presence': 'a heartbeat for the collision notice: it lapses within seconds and changes no ticket',
  'DELETE /api/v1/tickets/{id}/presence': 'the end of that heartbeat, when the agent closes the ticket',
  'POST /api/v1/mailboxes/{id}/test': 'signs in to the IMAP server with the stored settings and reports; it changes nothing',
  'POST /api/v1/notifications/read': "marks the caller's own notifications read: what they have seen, no record of the helpdesk",
};

type Sent = { params?: Record<string, number>; body?: unknown; rawBody?: BodyInit };

type Case = {
  /** The action the entry is recorded under. */
  action: EventType;
  /** Makes what the call acts on, through the services, and says what to send. */
  request: () => Promise<Sent>;
  /** Only a signed-in agent may do this, to themselves: the call is made with their browser session. */
  asAgent?: true;
  /** A relay posting mail with its mailbox's token: Loopdesk itself acts on what it received. */
  asRelay?: true;
};

const ADDRESS = '203.0.113.45';
const KEY_NAME = 'Audit coverage key';
const PASSWORD = 'a long and unusual passphrase 42';

let adminKey: string;
let keyId: number;
let keyAgentId: number;
let signedInAgentId: number;
let receiver: Receiver;
let relayToken: string;
let counter = 0;

/** The id of the live key named `name`, as the API lists it. */
async function keyIdNamed(name: string): Promise<number> {
  const res = await call<{ id: number; name: string }[]>('GET', '/api/v1/api-keys', { key: adminKey });
  const found = res.body.data.find((k) => k.name === name);
  if (!found) throw new Error(`No live key named ${name}`);
  return found.id;
}

async function namedKey(): Promise<number> {
  const name = uniqueName('CRM sync');
  await createKey('read', { name });
  return keyIdNamed(name);
}

/** A webhook on a path of its own at the receiver, switched off so that no other case's events reach it. */
async function webhook() {
  const input = createWebhookSchema.parse({ url: receiver.url(`/hook-${++counter}`), events: ['ticket.created'], active: false });
  return createWebhook(fixtureContext(), input);
}

/** A relay-only mailbox: nothing connects anywhere. */
const mailboxId = async () => ({
  id: (await createMailbox(fixtureContext(), createMailboxSchema.parse({ name: 'Support', address: uniqueEmail('support') }))).id,
});

const ticketId = async (input: Parameters<typeof createTicket>[0] = {}) => ({ id: (await createTicket(input)).id });
/** A shared macro, which the admin key (its agent an admin) may change and delete. */
const macroId = async (actions: MacroActionsInput = {}) => {
  const ctx = { ...fixtureContext(), actor: { type: 'agent' as const, agentId: keyAgentId, permission: 'admin' as const } };
  return (await createMacro(ctx, { name: uniqueName('Macro'), body: 'Hello {{customer.first_name}}', visibility: 'shared', actions })).id;
};

const slaTarget = { first_response_minutes: 60, resolution_minutes: 240 };
/** A policy of a department of its own: a department has one. */
const slaPolicyId = async () => {
  const input = createSlaPolicySchema.parse({ name: uniqueName('Hours'), department_id: (await createDepartment()).id, targets: { urgent: slaTarget } });
  return (await createSlaPolicy(fixtureContext(), input)).id;
};

const cases: Record<string, Case> = {
  'POST /api/v1/agents': { action: 'agent.created', request: async () => ({ body: { first_name: 'Omar', email: uniqueEmail('agent') } }) },
  'PUT /api/v1/agents/{id}': {
    action: 'agent.updated',
    request: async () => ({ params: { id: (await createAgent()).id }, body: { last_name: 'Haddad' } }),
  },
  'DELETE /api/v1/agents/{id}/sessions': { action: 'agent.sessions_ended', request: async () => ({ params: { id: (await createAgent()).id } }) },
  'PUT /api/v1/me/password': {
    action: 'agent.updated',
    asAgent: true,
    request: async () => ({ body: { current_password: PASSWORD, password: 'another long unusual passphrase 43' } }),
  },
  'DELETE /api/v1/me/sessions': { action: 'agent.sessions_ended', asAgent: true, request: async () => ({}) },
  'PUT /api/v1/me/notifications': { action: 'agent.updated', asAgent: true, request: async () => ({ body: { new_ticket_in_department: true } }) },
  'PUT /api/v1/me/preferences': { action: 'agent.updated', asAgent: true, request: async () => ({ body: { time_zone: 'Europe/Lisbon' } }) },
  'DELETE /api/v1/me/authorized-apps/{id}': {
    action: 'oauth_app.revoked',
    asAgent: true,
    request: async () => {
      const app = await createOAuthApp();
      await grantOAuthApp(app.id, signedInAgentId);
      return { params: { id: app.id } };
    },
  },

  'POST /api/v1/api-keys': { action: 'api_key.created', request: async () => ({ body: { name: 'CRM sync', permission: 'read' } }) },
  'PUT /api/v1/api-keys/{id}': { action: 'api_key.updated', request: async () => ({ params: { id: await namedKey() }, body: { name: 'CRM sync (EU)' } }) },
  'DELETE /api/v1/api-keys/{id}': { action: 'api_key.revoked', request: async () => ({ params: { id: await namedKey() } }) },

  'POST /api/v1/departments': { action: 'department.created', request: async () => ({ body: { name: uniqueName('Billing') } }) },
  'PUT /api/v1/departments/{id}': {
    action: 'department.updated',
    request: async () => ({ params: { id: (await createDepartment()).id }, body: { description: 'Front line' } }),
  },
  'DELETE /api/v1/departments/{id}': { action: 'department.deleted', request: async () => ({ params: { id: (await createDepartment()).id } }) },
  'POST /api/v1/categories': { action: 'category.created', request: async () => ({ body: { name: uniqueName('Refunds') } }) },
  'PUT /api/v1/categories/{id}': {
    action: 'category.updated',
    request: async () => ({ params: { id: (await createCategory()).id }, body: { description: 'Sign-in trouble' } }),
  },
  'DELETE /api/v1/categories/{id}': { action: 'category.deleted', request: async () => ({ params: { id: (await createCategory()).id } }) },
  'POST /api/v1/custom-fields': {
    action: 'custom_field.created',
    request: async () => ({ body: { entity: 'ticket', key: `plan_${++counter}`, label: 'Plan', type: 'text' } }),
  },
  'PUT /api/v1/custom-fields/{id}': {
    action: 'custom_field.updated',
    request: async () => ({ params: { id: (await createCustomField()).id }, body: { label: 'Plan name' } }),
  },
  'DELETE /api/v1/custom-fields/{id}': { action: 'custom_field.deleted', request: async () => ({ params: { id: (await createCustomField()).id } }) },

  'POST /api/v1/customers': { action: 'customer.created', request: async () => ({ body: { first_name: 'Ada', email: uniqueEmail() } }) },
  'PUT /api/v1/customers/{id}': {
    action: 'customer.updated',
    request: async () => ({ params: { id: (await createCustomer()).id }, body: { organization: 'Acme' } }),
  },
  'DELETE /api/v1/customers/{id}': { action: 'customer.deleted', request: async () => ({ params: { id: (await createCustomer()).id } }) },

  'POST /api/v1/mailboxes': { action: 'mailbox.created', request: async () => ({ body: { name: 'Support', address: uniqueEmail('support') } }) },
  'PATCH /api/v1/mailboxes/{id}': { action: 'mailbox.updated', request: async () => ({ params: await mailboxId(), body: { name: 'Billing' } }) },
  'DELETE /api/v1/mailboxes/{id}': { action: 'mailbox.deleted', request: async () => ({ params: await mailboxId() }) },
  'POST /api/v1/mailboxes/{id}/rotate-token': { action: 'mailbox.token_rotated', request: async () => ({ params: await mailboxId() }) },
  'POST /api/v1/oauth-apps': {
    action: 'oauth_app.created',
    request: async () => ({
      body: { name: 'Calendar sync', redirect_uris: ['https://calendar.example.com/cb'], confidential: true, scopes: ['tickets:read'] },
    }),
  },
  'PUT /api/v1/oauth-apps/{id}': {
    action: 'oauth_app.updated',
    request: async () => ({ params: { id: (await createOAuthApp()).id }, body: { name: 'Calendar (EU)' } }),
  },
  'DELETE /api/v1/oauth-apps/{id}': { action: 'oauth_app.deleted', request: async () => ({ params: { id: (await createOAuthApp()).id } }) },
  'POST /api/v1/oauth-apps/{id}/rotate-secret': { action: 'oauth_app.secret_rotated', request: async () => ({ params: { id: (await createOAuthApp()).id } }) },

  'PATCH /api/v1/settings/email': { action: 'setting.updated', request: async () => ({ body: { acknowledgement: true } }) },

  'POST /api/v1/tickets': { action: 'ticket.created', request: async () => ({ body: { subject: 'Cannot log in' } }) },
  'PUT /api/v1/tickets/{id}': { action: 'ticket.updated', request: async () => ({ params: await ticketId(), body: { priority: 'high' } }) },
  'DELETE /api/v1/tickets/{id}': { action: 'ticket.deleted', request: async () => ({ params: await ticketId() }) },
  'POST /api/v1/tickets/bulk': {
    action: 'ticket.created',
    request: async () => ({ body: { tickets: [{ subject: 'Invoice missing' }, { subject: 'Invoice wrong' }] } }),
  },
  'PUT /api/v1/tickets/bulk': {
    action: 'ticket.updated',
    request: async () => {
      const [first, second] = [await ticketId(), await ticketId()];
      return {
        body: {
          tickets: [
            { ...first, status: 'pending' },
            { ...second, priority: 'low' },
          ],
        },
      };
    },
  },
  'POST /api/v1/tickets/merge': {
    action: 'ticket.merged',
    request: async () => ({ body: { into: (await ticketId()).id, tickets: [(await ticketId()).id] } }),
  },
  'POST /api/v1/tickets/{id}/merge': { action: 'ticket.merged', request: async () => ({ params: await ticketId(), body: { into: (await ticketId()).id } }) },
  'DELETE /api/v1/tickets/{id}/merge': {
    action: 'ticket.unmerged',
    request: async () => {
      const duplicate = await ticketId();
      await mergeTicket(fixtureContext(), duplicate.id, (await ticketId()).id);
      return { params: duplicate };
    },
  },
  'PUT /api/v1/tickets/{id}/assign': {
    action: 'ticket.assigned',
    request: async () => ({ params: await ticketId(), body: { agent_id: (await createAgent()).id } }),
  },
  'POST /api/v1/tickets/{id}/replies': { action: 'ticket.updated', request: async () => ({ params: await ticketId(), body: { content: 'Try again now' } }) },
  'POST /api/v1/tickets/{id}/replies/{reply_id}/email': {
    action: 'ticket.email_resent',
    request: async () => {
      const { id } = await ticketId({ customer_id: (await createCustomer()).id });
      const reply = await addReply(fixtureContext(), id, replySchema.parse({ content: 'Try again now', author_type: 'system' }));
      // As a refused send leaves it: only a failed email may be resent.
      await getDb().update(outboundEmails).set({ status: 'failed', error: '550 Mailbox unavailable' }).where(eq(outboundEmails.replyId, reply.id));
      return { params: { id, reply_id: reply.id } };
    },
  },
  'POST /api/v1/tickets/{id}/comments': { action: 'ticket.updated', request: async () => ({ params: await ticketId(), body: { content: 'Known issue' } }) },
  'POST /api/v1/tickets/{id}/attachments': {
    action: 'ticket.updated',
    request: async () => {
      const form = new FormData();
      form.append('file', new Blob(['screenshot'], { type: 'image/png' }), 'screen.png');
      return { params: await ticketId(), rawBody: form };
    },
  },
  'POST /api/v1/tickets/{id}/satisfaction': {
    action: 'ticket.rated',
    request: async () => ({ params: await ticketId({ status: 'resolved' }), body: { rating: 4 } }),
  },

  'POST /api/v1/inbound/email': {
    action: 'ticket.created',
    asRelay: true,
    request: async () => {
      relayToken = (await createTestMailbox({ address: `relay.${++counter}@acme.example` })).token;
      return { rawBody: new Uint8Array(testMessage({ from: 'Ann Audit <ann@audit.example>', subject: 'Audited' })) };
    },
  },

  'POST /api/v1/views': { action: 'saved_view.created', request: async () => ({ body: { name: uniqueName('Mine'), query: '?status=open' } }) },
  'DELETE /api/v1/views/{id}': {
    action: 'saved_view.deleted',
    request: async () => {
      // A view is its agent's own: made by the agent who made the key.
      const ctx = { ...fixtureContext(), actor: { type: 'agent' as const, agentId: keyAgentId, permission: 'admin' as const } };
      return { params: { id: (await createSavedView(ctx, { name: uniqueName('Urgent'), query: '?priority=urgent' })).id } };
    },
  },

  'POST /api/v1/sla-policies': {
    action: 'sla_policy.created',
    request: async () => ({ body: { name: uniqueName('Hours'), department_id: (await createDepartment()).id, targets: { urgent: slaTarget } } }),
  },
  'PUT /api/v1/sla-policies/{id}': {
    action: 'sla_policy.updated',
    request: async () => ({ params: { id: await slaPolicyId() }, body: { time_zone: 'Europe/Paris' } }),
  },
  'DELETE /api/v1/sla-policies/{id}': { action: 'sla_policy.deleted', request: async () => ({ params: { id: await slaPolicyId() } }) },

  'POST /api/v1/macros': { action: 'macro.created', request: async () => ({ body: { name: uniqueName('Refund'), body: 'Hi {{customer.name}}' } }) },
  'PUT /api/v1/macros/{id}': { action: 'macro.updated', request: async () => ({ params: { id: await macroId() }, body: { body: 'Bye {{agent.name}}' } }) },
  'DELETE /api/v1/macros/{id}': { action: 'macro.deleted', request: async () => ({ params: { id: await macroId() } }) },
  'POST /api/v1/tickets/{id}/macros/{macro_id}/apply': {
    action: 'ticket.updated',
    request: async () => ({ params: { ...(await ticketId()), macro_id: await macroId({ status: 'pending' }) } }),
  },

  'POST /api/v1/webhooks': {
    action: 'webhook.created',
    request: async () => ({ body: { url: receiver.url(`/hook-${++counter}`), events: ['ticket.created'], active: false } }),
  },
  'PUT /api/v1/webhooks/{id}': { action: 'webhook.updated', request: async () => ({ params: { id: (await webhook()).id }, body: { description: 'CRM' } }) },
  'DELETE /api/v1/webhooks/{id}': { action: 'webhook.deleted', request: async () => ({ params: { id: (await webhook()).id } }) },
  'POST /api/v1/webhooks/{id}/rotate-secret': { action: 'webhook.secret_rotated', request: async () => ({ params: { id: (await webhook()).id } }) },
  'POST /api/v1/webhooks/{id}/test': { action: 'ping', request: async () => ({ params: { id: (await webhook()).id } }) },
  'POST /api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver': {
    action: 'webhook.redelivered',
    request: async () => {
      const { id } = await webhook();
      const delivery = await testWebhook(fixtureContext(), id);
      return { params: { id, delivery_id: delivery.id } };
    },
  },
};

/** `/api/v1/tickets/{id}` with `{ id: 7 }` → `/api/v1/tickets/7`. */
function fill(path: string, params: Record<string, number>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (params[name] === undefined) throw new Error(`No value for {${name}} in ${path}`);
    return String(params[name]);
  });
}

async function auditLog(query: string): Promise<AuditEntryJson[]> {
  const res = await call<AuditEntryJson[]>('GET', `/api/v1/audit-log?${query}`, { key: adminKey });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data;
}

beforeAll(async () => {
  receiver = await startReceiver();
  // Made by an admin, so that what is an agent's own (saved views) has an owner.
  keyAgentId = (await createAgent({ first_name: 'Ines', last_name: 'Auditor', role: 'admin' })).id;
  adminKey = await createKey('admin', { name: KEY_NAME }, keyAgentId);
  keyId = await keyIdNamed(KEY_NAME);
  signedInAgentId = (await createAgent({ first_name: 'Sam', last_name: 'Session', password: PASSWORD })).id;
});

afterAll(async () => {
  await receiver.close();
});

describe('the audit log covers every operation that changes something', () => {
  it('finds the operations in the route declarations', () => {
    expect(mutations).toEqual(expect.arrayContaining(['POST /api/v1/tickets', 'DELETE /api/v1/views/{id}', 'PUT /api/v1/me/password']));
    expect(mutations.some((m) => m.startsWith('GET '))).toBe(false);
  });

  it('has a case or a reasoned exemption for each operation, and none for an operation that does not exist', () => {
    const listed = [...Object.keys(cases), ...Object.keys(exempt)];
    expect(
      mutations.filter((m) => !listed.includes(m)),
      'add a case to `cases` (or, if it changes nothing an admin audits, to `exempt` with the reason)',
    ).toEqual([]);
    expect(listed.filter((m) => !mutations.includes(m))).toEqual([]);
    expect(Object.keys(cases).filter((m) => m in exempt)).toEqual([]);
  });

  it.each(mutations.filter((m) => !(m in exempt)))('%s records who, which request and from where', async (operation) => {
    const scenario = cases[operation];
    if (!scenario) throw new Error(`${operation} has no case: add one to \`cases\`, or to \`exempt\` with the reason`);
    const [method, path] = operation.split(' ') as [string, string];
    const { params = {}, body, rawBody } = await scenario.request();
    const requestId = `coverage-${randomUUID()}`;
    const [newest] = await auditLog('per_page=1');

    const relay = { headers: { 'x-loopdesk-mailbox-token': relayToken, 'content-type': 'message/rfc822' } };
    const credentials = scenario.asAgent ? { headers: await webHeaders(signedInAgentId) } : scenario.asRelay ? relay : { key: adminKey, headers: {} };
    const res = await call(method, fill(path, params), {
      ...credentials,
      headers: { ...credentials.headers, 'x-request-id': requestId },
      ip: ADDRESS,
      body,
      rawBody,
    });
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    expect(res.headers.get('x-request-id')).toBe(requestId);

    const entries = (await auditLog(`action=${scenario.action}&per_page=100`)).filter((e) => e.id > (newest?.id ?? 0));
    const ours = entries.filter((e) => e.request_id === requestId);
    expect(ours.length, `${scenario.action} entries since the call: ${JSON.stringify(entries)}`).toBeGreaterThanOrEqual(1);
    const actor = scenario.asAgent
      ? { type: 'agent', id: signedInAgentId, name: 'Sam Session' }
      : scenario.asRelay
        ? { type: 'system', id: null, name: 'Loopdesk' }
        : { type: 'api_key', id: keyId, name: KEY_NAME };
    for (const entry of ours) expect(entry).toMatchObject({ action: scenario.action, request_id: requestId, ip_address: ADDRESS, actor });
  });
});
