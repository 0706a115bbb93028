/**
 * Every event Loopdesk records, by the resource it is about. Each change of each resource writes
 * one (lib/events), which makes the events table the audit log, a ticket's history and the webhook
 * outbox at once. A leaf module: the events writer and the webhooks both read it.
 */
export const eventCatalogue = {
  ticket: [
    'ticket.created',
    'ticket.updated',
    'ticket.assigned',
    'ticket.resolved',
    'ticket.closed',
    'ticket.deleted',
    'ticket.reopened',
    'ticket.rated',
    'ticket.email_resent',
    'ticket.merged',
    'ticket.unmerged',
    'ticket.sla_breached',
  ],
  customer: ['customer.created', 'customer.updated', 'customer.deleted'],
  agent: ['agent.created', 'agent.updated', 'agent.sessions_ended', 'agent.signed_in', 'agent.sign_in_failed', 'agent.signed_out'],
  api_key: ['api_key.created', 'api_key.updated', 'api_key.revoked'],
  webhook: ['webhook.created', 'webhook.updated', 'webhook.deleted', 'webhook.secret_rotated', 'webhook.redelivered', 'ping'],
  department: ['department.created', 'department.updated', 'department.deleted'],
  category: ['category.created', 'category.updated', 'category.deleted'],
  custom_field: ['custom_field.created', 'custom_field.updated', 'custom_field.deleted'],
  saved_view: ['saved_view.created', 'saved_view.deleted'],
  macro: ['macro.created', 'macro.updated', 'macro.deleted'],
  sla_policy: ['sla_policy.created', 'sla_policy.updated', 'sla_policy.deleted'],
  setting: ['setting.updated'],
  mailbox: ['mailbox.created', 'mailbox.updated', 'mailbox.deleted', 'mailbox.token_rotated'],
  oauth_app: ['oauth_app.created', 'oauth_app.updated', 'oauth_app.deleted', 'oauth_app.secret_rotated', 'oauth_app.authorized', 'oauth_app.revoked'],
} as const;

export type ResourceType = keyof typeof eventCatalogue;
export type EventType = (typeof eventCatalogue)[ResourceType][number];

export const resourceTypes = Object.keys(eventCatalogue) as ResourceType[];
export const eventTypes = Object.values(eventCatalogue).flat() as EventType[];

const resourceOfEvent = new Map<string, ResourceType>(resourceTypes.flatMap((resource) => eventCatalogue[resource].map((type) => [type, resource] as const)));

export function resourceTypeOf(type: EventType): ResourceType {
  return resourceOfEvent.get(type)!;
}

/**
 * The events a webhook may subscribe to: the reference's list. `["*"]` subscribes to all of them.
 * The others are recorded for the audit log and history only (`ping` goes to the one webhook tested).
 */
export const webhookEvents = [
  'ticket.created',
  'ticket.updated',
  'ticket.resolved',
  'ticket.closed',
  'ticket.assigned',
  // Not the reference's: a duplicate merged into another ticket (lib/tickets/merge.ts).
  'ticket.merged',
  // Not the reference's: a ticket's SLA target passed (lib/sla/sweep.ts).
  'ticket.sla_breached',
  'customer.created',
  'customer.updated',
  'agent.created',
] as const satisfies readonly EventType[];

export const ALL_EVENTS = '*';
