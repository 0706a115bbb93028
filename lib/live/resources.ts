/**
 * What the desk is told of a change: which record changed (it asks the API for it again, so what
 * each agent may see is decided there) or who has a ticket open. Admin-only records (keys,
 * webhooks, apps, mailboxes, settings) are not announced: their screens are read fresh when opened.
 * A `notification` change names the agent whose notification center changed.
 * A leaf module: the server announces these and the browser reads them.
 */
export const liveResources = [
  'ticket',
  'customer',
  'agent',
  'department',
  'category',
  'custom_field',
  'saved_view',
  'macro',
  // A policy changed: the SLA of open tickets with it.
  'sla_policy',
  'presence',
  'notification',
] as const;
export type LiveResource = (typeof liveResources)[number];
export type LiveChange = { resource: LiveResource; id: number | null };

export const isLiveResource = (resource: string): resource is LiveResource => (liveResources as readonly string[]).includes(resource);

/** The URL of the desk's stream of changes (Server-Sent Events). */
export const LIVE_STREAM_PATH = '/api/desk/live';
