import { randomBytes } from 'node:crypto';
import type { Permission } from '@/lib/context';
import { testMessage } from '@/lib/email/inbound/corpus/corpus';
import { strongPassword, type Credential } from './credentials';
import type { Targets } from './world';

/**
 * Who may call each operation, written from the reference and the product's rules, not read from
 * the routes (a test that asked the route would agree with any mistake in it):
 * - read: every GET a helpdesk integration needs (tickets, customers, agents, organisation, reports,
 *   files), and whether email is set up (the desk tells agents when it is not);
 * - write: ticket and customer changes, the ticket actions (replies, comments, attachments,
 *   assignment, satisfaction, bulk, sending a reply's email again), and the agent's own desk state
 *   (saved views, personal macros, presence) and applying macros;
 * - admin: settings — agents, departments, categories, custom fields, SLA policies, email — and everything about
 *   API keys, OAuth apps, webhooks and mailboxes, reading included, since they hold or reveal credentials;
 * - signed-in: what only a person at the desk does (/me), their authorized apps included: a browser
 *   session of an active agent;
 * - mailbox token: what a mail relay posts with its mailbox's relay token, which no API key or
 *   session is: every caller of the crew is refused, and the battery posts as the relay apart.
 */
export type Need = 'public' | Permission | 'signed-in' | 'mailbox token';

/** `raw`: a body that is not JSON, such as a relayed message/rfc822. */
export type RequestParts = { query?: string; body?: unknown; form?: () => FormData; raw?: { contentType: string; text: string } };

export type RequestFixture = {
  targets: Targets;
  /** The calling agent's current password, for PUT /me/password. */
  password: string | undefined;
  receiverUrl: string;
};

type AccessRule = { needs: Need; request?: (f: RequestFixture) => RequestParts };

let counter = 0;
const unique = (base: string) => `${base} ${++counter}-${process.pid}`;
const email = (who: string) => `${who}.${++counter}.${process.pid}@battery.example`;

/** A customer's first message, as a relay hands it over: a new sender each time, so no per-sender limit is reached. */
function relayedMessage() {
  return { contentType: 'message/rfc822', text: testMessage({ from: `Rae Relay <${email('rae')}>`, subject: unique('Relayed question') }).toString('utf8') };
}

function attachmentForm(): FormData {
  const form = new FormData();
  form.append('file', new Blob(['attached by the battery'], { type: 'text/plain' }), 'battery.txt');
  return form;
}

/** Each operation with a request that succeeds when permitted, so a hole shows as a change. */
export const accessTable: Record<string, AccessRule> = {
  'GET /api/v1/health': { needs: 'public' },
  'GET /api/v1/postman.json': { needs: 'public' },

  'GET /api/v1/agents': { needs: 'read' },
  'POST /api/v1/agents': {
    needs: 'admin',
    request: () => ({ body: { first_name: 'Grace', last_name: 'Hopper', email: email('grace'), password: strongPassword() } }),
  },
  'GET /api/v1/agents/{id}': { needs: 'read' },
  'PUT /api/v1/agents/{id}': { needs: 'admin', request: () => ({ body: { availability: 'busy', max_tickets: ++counter } }) },
  'GET /api/v1/agents/{id}/performance': { needs: 'read' },
  'GET /api/v1/agents/{id}/tickets': { needs: 'read' },
  // The fixture agent is never the caller: ending another agent's sessions is an admin's act.
  'DELETE /api/v1/agents/{id}/sessions': { needs: 'admin' },

  'GET /api/v1/api-keys': { needs: 'admin' },
  'POST /api/v1/api-keys': { needs: 'admin', request: () => ({ body: { name: unique('battery key'), permission: 'read' } }) },
  'GET /api/v1/api-keys/{id}': { needs: 'admin' },
  'PUT /api/v1/api-keys/{id}': { needs: 'admin', request: () => ({ body: { name: unique('renamed key') } }) },
  'DELETE /api/v1/api-keys/{id}': { needs: 'admin' },
  'GET /api/v1/audit-log': { needs: 'admin' },
  'GET /api/v1/audit-log/export': { needs: 'admin' },

  'GET /api/v1/categories': { needs: 'read' },
  'POST /api/v1/categories': { needs: 'admin', request: () => ({ body: { name: unique('Battery category') } }) },
  'GET /api/v1/categories/{id}': { needs: 'read' },
  'PUT /api/v1/categories/{id}': { needs: 'admin', request: () => ({ body: { name: unique('Renamed category') } }) },
  'DELETE /api/v1/categories/{id}': { needs: 'admin' },

  'GET /api/v1/custom-fields': { needs: 'read' },
  'POST /api/v1/custom-fields': {
    needs: 'admin',
    request: () => ({ body: { entity: 'ticket', key: `battery_${++counter}`, label: 'Battery', type: 'text' } }),
  },
  'GET /api/v1/custom-fields/{id}': { needs: 'read' },
  'PUT /api/v1/custom-fields/{id}': { needs: 'admin', request: () => ({ body: { label: unique('Renamed field') } }) },
  'DELETE /api/v1/custom-fields/{id}': { needs: 'admin' },

  'GET /api/v1/customers': { needs: 'read' },
  'POST /api/v1/customers': { needs: 'write', request: () => ({ body: { first_name: 'Jo', last_name: 'Battery', email: email('jo') } }) },
  'GET /api/v1/customers/{id}': { needs: 'read' },
  'PUT /api/v1/customers/{id}': { needs: 'write', request: () => ({ body: { title: unique('Title') } }) },
  'DELETE /api/v1/customers/{id}': { needs: 'write' },
  'GET /api/v1/customers/{id}/tickets': { needs: 'read' },

  'GET /api/v1/departments': { needs: 'read' },
  'POST /api/v1/departments': { needs: 'admin', request: () => ({ body: { name: unique('Battery department') } }) },
  'GET /api/v1/departments/{id}': { needs: 'read' },
  'PUT /api/v1/departments/{id}': { needs: 'admin', request: () => ({ body: { name: unique('Renamed department') } }) },
  'DELETE /api/v1/departments/{id}': { needs: 'admin' },

  'GET /api/v1/files/{id}/download': { needs: 'read' },

  'POST /api/v1/inbound/email': { needs: 'mailbox token', request: () => ({ raw: relayedMessage() }) },

  'GET /api/v1/mailboxes': { needs: 'admin' },
  'POST /api/v1/mailboxes': { needs: 'admin', request: () => ({ body: { name: unique('Battery mailbox'), address: email('support') } }) },
  'GET /api/v1/mailboxes/{id}': { needs: 'admin' },
  'PATCH /api/v1/mailboxes/{id}': { needs: 'admin', request: () => ({ body: { name: unique('Renamed mailbox') } }) },
  'DELETE /api/v1/mailboxes/{id}': { needs: 'admin' },
  'POST /api/v1/mailboxes/{id}/rotate-token': { needs: 'admin' },
  'POST /api/v1/mailboxes/{id}/test': { needs: 'admin' },

  'GET /api/v1/me/authorized-apps': { needs: 'signed-in' },
  'DELETE /api/v1/me/authorized-apps/{id}': { needs: 'signed-in' },

  'GET /api/v1/me/notifications': { needs: 'signed-in' },
  'PUT /api/v1/me/notifications': { needs: 'signed-in', request: () => ({ body: { new_ticket_in_department: ++counter % 2 === 0 } }) },

  'GET /api/v1/notifications': { needs: 'read' },
  'GET /api/v1/notifications/unread-count': { needs: 'read' },
  'POST /api/v1/notifications/read': { needs: 'write', request: () => ({ body: { all: true } }) },

  'GET /api/v1/me/preferences': { needs: 'signed-in' },
  'PUT /api/v1/me/preferences': { needs: 'signed-in', request: () => ({ body: { time_zone: ++counter % 2 === 0 ? 'Europe/Lisbon' : null } }) },

  'PUT /api/v1/me/password': {
    needs: 'signed-in',
    request: ({ password }) => ({ body: { current_password: password ?? 'no password known', password: strongPassword() } }),
  },
  'DELETE /api/v1/me/sessions': { needs: 'signed-in' },

  'GET /api/v1/oauth-apps': { needs: 'admin' },
  'POST /api/v1/oauth-apps': {
    needs: 'admin',
    request: () => ({
      body: { name: unique('Battery app'), redirect_uris: ['https://battery.example/callback'], confidential: true, scopes: ['tickets:read'] },
    }),
  },
  'GET /api/v1/oauth-apps/{id}': { needs: 'admin' },
  'PUT /api/v1/oauth-apps/{id}': { needs: 'admin', request: () => ({ body: { name: unique('Renamed app') } }) },
  'DELETE /api/v1/oauth-apps/{id}': { needs: 'admin' },
  'GET /api/v1/oauth-apps/{id}/grants': { needs: 'admin' },
  'POST /api/v1/oauth-apps/{id}/rotate-secret': { needs: 'admin' },

  'GET /api/v1/reports/team': { needs: 'read' },

  'GET /api/v1/settings/email': { needs: 'read' },
  'PATCH /api/v1/settings/email': { needs: 'admin', request: () => ({ body: { tickets_per_sender_per_hour: 100 + ++counter } }) },

  'GET /api/v1/tickets': { needs: 'read' },
  'POST /api/v1/tickets': { needs: 'write', request: () => ({ body: { subject: unique('Battery ticket') } }) },
  'GET /api/v1/tickets/search': { needs: 'read', request: () => ({ query: 'q=battery' }) },
  'POST /api/v1/tickets/bulk': { needs: 'write', request: () => ({ body: { tickets: [{ subject: unique('Bulk ticket') }] } }) },
  'PUT /api/v1/tickets/bulk': { needs: 'write', request: ({ targets }) => ({ body: { tickets: [{ id: targets.ticket, priority: 'urgent' }] } }) },
  'POST /api/v1/tickets/merge': { needs: 'write', request: ({ targets }) => ({ body: { into: targets.mergeTarget, tickets: [targets.ticket] } }) },
  'GET /api/v1/tickets/{id}': { needs: 'read' },
  'PUT /api/v1/tickets/{id}': { needs: 'write', request: () => ({ body: { priority: 'high', internal_note: 'checked by the battery' } }) },
  'DELETE /api/v1/tickets/{id}': { needs: 'write' },
  'GET /api/v1/tickets/{id}/activity': { needs: 'read' },
  'POST /api/v1/tickets/{id}/merge': { needs: 'write', request: ({ targets }) => ({ body: { into: targets.mergeTarget } }) },
  // The path names the fixture's merged duplicate (lib/test/security/world.ts), whose merge is undone.
  'DELETE /api/v1/tickets/{id}/merge': { needs: 'write' },
  'PUT /api/v1/tickets/{id}/assign': { needs: 'write', request: ({ targets }) => ({ body: { agent_id: targets.agent } }) },
  'POST /api/v1/tickets/{id}/attachments': { needs: 'write', request: () => ({ form: attachmentForm }) },
  'POST /api/v1/tickets/{id}/comments': { needs: 'write', request: () => ({ body: { content: 'An internal note' } }) },
  'PUT /api/v1/tickets/{id}/presence': { needs: 'write', request: () => ({ body: { typing: true } }) },
  'DELETE /api/v1/tickets/{id}/presence': { needs: 'write' },
  'POST /api/v1/tickets/{id}/replies': { needs: 'write', request: () => ({ body: { content: 'A public reply' } }) },
  'POST /api/v1/tickets/{id}/replies/{reply_id}/email': { needs: 'write' },
  'POST /api/v1/tickets/{id}/satisfaction': { needs: 'write', request: () => ({ body: { rating: 5, comment: 'Great' } }) },

  'GET /api/v1/views': { needs: 'read' },
  'POST /api/v1/views': { needs: 'write', request: () => ({ body: { name: unique('Battery view'), query: '?priority=high' } }) },
  'DELETE /api/v1/views/{id}': { needs: 'write' },

  // The fixture macro is the acting agent's personal one: shared macros are for admins to write.
  // SLA policies are settings: agents read them (a ticket names its policy), admins write them.
  'GET /api/v1/sla-policies': { needs: 'read' },
  'POST /api/v1/sla-policies': {
    needs: 'admin',
    request: (f) => ({
      body: { name: unique('Battery SLA'), department_id: f.targets.department, targets: { high: { first_response_minutes: 120, resolution_minutes: null } } },
    }),
  },
  'GET /api/v1/sla-policies/{id}': { needs: 'read' },
  'PUT /api/v1/sla-policies/{id}': { needs: 'admin', request: () => ({ body: { holidays: ['2026-12-25'] } }) },
  'DELETE /api/v1/sla-policies/{id}': { needs: 'admin' },
  'GET /api/v1/macros': { needs: 'read' },
  'POST /api/v1/macros': { needs: 'write', request: () => ({ body: { name: unique('Battery macro'), body: 'Hello {{customer.first_name}}' } }) },
  'GET /api/v1/macros/{id}': { needs: 'read' },
  'PUT /api/v1/macros/{id}': { needs: 'write', request: () => ({ body: { body: 'Hi {{agent.first_name}}' } }) },
  'DELETE /api/v1/macros/{id}': { needs: 'write' },
  'POST /api/v1/tickets/{id}/macros/{macro_id}/apply': { needs: 'write' },

  'GET /api/v1/webhooks': { needs: 'admin' },
  'POST /api/v1/webhooks': { needs: 'admin', request: ({ receiverUrl }) => ({ body: { url: receiverUrl, events: ['ticket.created'], active: false } }) },
  'GET /api/v1/webhooks/{id}': { needs: 'admin' },
  'PUT /api/v1/webhooks/{id}': { needs: 'admin', request: () => ({ body: { secret: `battery-secret-${randomBytes(24).toString('hex')}` } }) },
  'DELETE /api/v1/webhooks/{id}': { needs: 'admin' },
  'GET /api/v1/webhooks/{id}/deliveries': { needs: 'admin' },
  'GET /api/v1/webhooks/{id}/deliveries/{delivery_id}': { needs: 'admin' },
  'POST /api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver': { needs: 'admin' },
  'POST /api/v1/webhooks/{id}/rotate-secret': { needs: 'admin' },
  'POST /api/v1/webhooks/{id}/test': { needs: 'admin' },
};

// Written out here rather than taken from lib/context.ts, so a change there cannot move the expectations.
const rank: Record<Permission, number> = { read: 0, write: 1, admin: 2 };

/** Whether the table lets `credential` call an operation that needs `need`. */
export function isAllowed(need: Need, credential: Pick<Credential, 'grants' | 'session'>): boolean {
  if (need === 'public') return true;
  if (need === 'mailbox token') return false;
  if (credential.grants === null) return false;
  if (need === 'signed-in') return credential.session;
  return rank[credential.grants] >= rank[need];
}
