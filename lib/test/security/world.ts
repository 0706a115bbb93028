import './env';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { outboundEmails } from '@/db/schema';
import { createApiKey } from '@/lib/api-keys/service';
import { startSession } from '@/lib/auth/sessions';
import { createMailbox } from '@/lib/email/mailboxes';
import { createMailboxSchema } from '@/lib/email/schema';
import {
  createAgent,
  createCategory,
  createCustomer,
  createCustomField,
  createDepartment,
  createTicket,
  fixtureContext,
  uniqueEmail,
  uniqueName,
} from '@/lib/test/factories';
import { createOAuthApp, grantOAuthApp } from '@/lib/test/oauth-apps';
import type { Receiver } from '@/lib/test/webhook-receiver';
import { reportPresence } from '@/lib/tickets/presence';
import { mergeTicket } from '@/lib/tickets/merge';
import { addAttachments, addReply } from '@/lib/tickets/replies';
import { createMacro } from '@/lib/macros/service';
import { createSlaPolicySchema } from '@/lib/sla/schema';
import { createSlaPolicy } from '@/lib/sla/service';
import { createSavedView } from '@/lib/views/service';
import { testWebhook } from '@/lib/webhooks/deliveries';
import { createWebhook } from '@/lib/webhooks/service';
import type { SecretLedger } from './secrets';

/**
 * One of every resource a path can name, made through the services, in a state where every
 * operation on it would succeed: a refused request that ran anyway then shows in the database,
 * and no 404 or 409 can hide a permission hole. The ticket is resolved (so it can be rated), the
 * department, category and customer have no tickets (so they can be deleted), the agent has a
 * live session (so it can be signed out), and each acting agent has a view and a presence on the
 * ticket (views and presence are per agent). The ticket's customer was sent the reply by email and
 * that email failed (so it can be sent again); the mailbox signs in to a real IMAP server when the
 * battery runs one (so its connection test passes), and its relay token is known (so a relay can post).
 * The OAuth app is confidential (so its secret can be rotated); the authorized app is another one,
 * with a live token for each acting agent (so each can revoke it).
 */
export type Targets = {
  ticket: number;
  /** Another ticket, to merge the ticket into. */
  mergeTarget: number;
  /** A ticket merged into mergeTarget a moment ago, so its merge can be undone. */
  mergedTicket: number;
  customer: number;
  agent: number;
  department: number;
  category: number;
  customField: number;
  webhook: number;
  delivery: number;
  apiKey: number;
  attachment: number;
  reply: number;
  mailbox: number;
  oauthApp: number;
  /** An app every acting agent has authorized. */
  authorizedApp: number;
  /** The mailbox's relay token, for POST /inbound/email. */
  mailboxToken: string;
  /** Each acting agent's own saved view. */
  views: Map<number, number>;
  /** Each acting agent's own personal macro. */
  macros: Map<number, number>;
  /** The SLA policy of a department of its own. */
  slaPolicy: number;
};

type Resource = Exclude<keyof Targets, 'delivery' | 'reply' | 'mailboxToken' | 'mergeTarget' | 'mergedTicket'> | 'view' | 'macro';

/** An account on an IMAP server the battery started (lib/test/dovecot.ts), reached over loopback without TLS. */
export type ImapAccount = { host: string; port: number; user: string; password: string };

type Makers = {
  ledger: SecretLedger;
  actingAgentIds: number[];
  receiver: Receiver;
  /** Where the fixture mailbox fetches from; without one it is relay-only, and its connection test answers 409. */
  imap?: ImapAccount;
};

/**
 * A reply's email as the worker leaves it after a 550: the battery runs no worker and has no SMTP
 * server to refuse it (LOOPDESK_SMTP_URL names a closed port, see ./env.ts), so the state is set here.
 */
async function failReplyEmail(replyId: number) {
  await getDb().update(outboundEmails).set({ status: 'failed', error: '550 Mailbox unavailable' }).where(eq(outboundEmails.replyId, replyId));
}

/** Makes one fixture (and what comes with it: a ticket's reply, attachment and presences; a webhook's delivery). */
async function make(resource: Resource, { ledger, actingAgentIds, receiver, imap }: Makers): Promise<Partial<Targets>> {
  switch (resource) {
    case 'ticket':
    case 'attachment': {
      const customer = await createCustomer();
      const ticket = await createTicket({ subject: 'Security battery', status: 'resolved', priority: 'normal', customer_id: customer.id });
      const reply = await addReply(fixtureContext(), ticket.id, { content: 'A reply to find', type: 'public', author_type: 'agent' });
      await failReplyEmail(reply.id);
      const [attachment] = await addAttachments(fixtureContext(), ticket.id, [
        { filename: 'evidence.txt', contentType: 'text/plain', bytes: new TextEncoder().encode('evidence') },
      ]);
      for (const agentId of actingAgentIds) await reportPresence(getDb(), ticket.id, agentId, false);
      const mergeTarget = await createTicket({ subject: 'Security battery original', customer_id: customer.id });
      const mergedTicket = await createTicket({ subject: 'Security battery duplicate', customer_id: customer.id });
      await mergeTicket(fixtureContext(), mergedTicket.id, mergeTarget.id);
      return { ticket: ticket.id, reply: reply.id, attachment: attachment!.id, mergeTarget: mergeTarget.id, mergedTicket: mergedTicket.id };
    }
    case 'customer':
      return { customer: (await createCustomer()).id };
    case 'agent': {
      const agent = await createAgent();
      await startSession(getDb(), agent.id, new Date(Date.now() + 3_600_000));
      return { agent: agent.id };
    }
    case 'department':
      return { department: (await createDepartment()).id };
    case 'category':
      return { category: (await createCategory()).id };
    case 'customField':
      return { customField: (await createCustomField()).id };
    case 'webhook': {
      // Inactive, so that the battery's own changes queue no deliveries; a test ping goes out regardless.
      const webhook = await createWebhook(fixtureContext(), { url: receiver.url('/battery'), events: ['*'], active: false });
      ledger.add('webhook secret', webhook.secret);
      return { webhook: webhook.id, delivery: (await testWebhook(fixtureContext(), webhook.id)).id };
    }
    case 'apiKey': {
      const apiKey = await createApiKey(fixtureContext(), { name: uniqueName('target key'), permission: 'read' });
      ledger.add('plain API key', apiKey.key);
      return { apiKey: apiKey.id };
    }
    case 'mailbox': {
      const account = imap ? { imap_host: imap.host, imap_port: imap.port, imap_tls: false, imap_user: imap.user, imap_password: imap.password } : {};
      const input = createMailboxSchema.parse({ name: uniqueName('Battery mailbox'), address: uniqueEmail('support'), ...account });
      const mailbox = await createMailbox(fixtureContext(), input);
      ledger.add('IMAP password', imap?.password);
      ledger.add('mailbox relay token', mailbox.inbound_token);
      return { mailbox: mailbox.id, mailboxToken: mailbox.inbound_token };
    }
    case 'oauthApp': {
      const app = await createOAuthApp({ name: uniqueName('Battery app'), confidential: true });
      ledger.add('OAuth client secret', app.client_secret);
      return { oauthApp: app.id };
    }
    case 'authorizedApp': {
      const app = await createOAuthApp({ name: uniqueName('Authorized app'), confidential: false });
      for (const agentId of actingAgentIds) await grantOAuthApp(app.id, agentId);
      return { authorizedApp: app.id };
    }
    case 'view':
    case 'views': {
      const views = new Map<number, number>();
      for (const agentId of actingAgentIds) {
        const actor = { type: 'agent' as const, agentId, permission: 'write' as const };
        views.set(agentId, (await createSavedView({ ...fixtureContext(), actor }, { name: uniqueName('Battery view'), query: '?status=open' })).id);
      }
      return { views };
    }
    case 'slaPolicy': {
      const department = await createDepartment();
      const input = createSlaPolicySchema.parse({
        name: uniqueName('Battery SLA'),
        department_id: department.id,
        targets: { urgent: { first_response_minutes: 60, resolution_minutes: 240 } },
      });
      return { slaPolicy: (await createSlaPolicy(fixtureContext(), input)).id };
    }
    case 'macro':
    case 'macros': {
      const macros = new Map<number, number>();
      for (const agentId of actingAgentIds) {
        const actor = { type: 'agent' as const, agentId, permission: 'write' as const };
        const input = { name: uniqueName('Battery macro'), body: 'Hi {{customer.first_name}}', visibility: 'personal' as const, actions: {} };
        macros.set(agentId, (await createMacro({ ...fixtureContext(), actor }, input)).id);
      }
      return { macros };
    }
  }
}

const everyResource: Resource[] = [
  'ticket',
  'customer',
  'agent',
  'department',
  'category',
  'customField',
  'webhook',
  'apiKey',
  'mailbox',
  'oauthApp',
  'authorizedApp',
  'views',
  'macros',
  'slaPolicy',
];

export async function buildTargets(makers: Makers): Promise<Targets> {
  let targets: Partial<Targets> = {};
  for (const resource of everyResource) targets = { ...targets, ...(await make(resource, makers)) };
  return targets as Targets;
}

/** `base` with new fixtures for the resources `path` names, for a change that may use them up. */
export async function renewTargets(base: Targets, path: string, makers: Makers): Promise<Targets> {
  let targets = base;
  for (const resource of resourcesIn(path)) targets = { ...targets, ...(await make(resource, makers)) };
  return targets;
}

/** Which fixture each resource segment of a path names with the `{…}` after it. */
const resourceOfSegment: Record<string, Resource | 'delivery' | 'reply'> = {
  tickets: 'ticket',
  customers: 'customer',
  agents: 'agent',
  'api-keys': 'apiKey',
  categories: 'category',
  'custom-fields': 'customField',
  departments: 'department',
  files: 'attachment',
  webhooks: 'webhook',
  deliveries: 'delivery',
  replies: 'reply',
  mailboxes: 'mailbox',
  'oauth-apps': 'oauthApp',
  'authorized-apps': 'authorizedApp',
  views: 'view',
  macros: 'macro',
  'sla-policies': 'slaPolicy',
};

/** `/api/v1/tickets/{id}` → `/api/v1/tickets/17`; a view is the acting agent's own (else the first one's). */
export function fillPath(path: string, targets: Targets, actingAgentId: number | null, method?: string): string {
  // Undoing a merge needs a merged ticket: the fixture's own duplicate, merged when it was made.
  if (method === 'DELETE' && path === '/api/v1/tickets/{id}/merge') return `/api/v1/tickets/${targets.mergedTicket}/merge`;
  const segments = path.split('/');
  return segments
    .map((segment, i) => {
      if (!/^\{\w+\}$/.test(segment)) return segment;
      const resource = resourceOf(segments[i - 1], path);
      if (resource !== 'view' && resource !== 'macro') return String(targets[resource]);
      // Views and personal macros are per agent: the acting agent's own.
      const own = resource === 'view' ? targets.views : targets.macros;
      return String((actingAgentId === null ? undefined : own.get(actingAgentId)) ?? [...own.values()][0]);
    })
    .join('/');
}

function resourceOf(segment: string | undefined, path: string) {
  const resource = resourceOfSegment[segment ?? ''];
  if (!resource) throw new Error(`No fixture for the id after ${segment} in ${path}: add its resource to lib/test/security/world.ts`);
  return resource;
}

/** The resources a path's ids name; a delivery comes with its webhook, a reply with its ticket. */
function resourcesIn(path: string): Resource[] {
  // A bulk merge names its tickets in the body, and uses them up.
  if (path === '/api/v1/tickets/merge') return ['ticket'];
  // A department has one SLA policy: each new policy is made for a new department.
  if (path === '/api/v1/sla-policies') return ['department'];
  const segments = path.split('/');
  return segments.flatMap((segment, i) => {
    if (!/^\{\w+\}$/.test(segment)) return [];
    const resource = resourceOf(segments[i - 1], path);
    return resource === 'delivery' || resource === 'reply' ? [] : [resource];
  });
}
