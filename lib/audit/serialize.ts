import type { DomainEvent } from '@/db/schema';
import { isoTime } from '@/lib/time';
import type { AuditEntryJson } from './schema';

/** Names of who acted, and of the OAuth apps agents acted through. */
export type ActorNames = { agent: Map<number, string>; api_key: Map<number, string>; app: Map<number, string> };

type Snapshot = Record<string, unknown> | null;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The resource before and after the change. An update's event holds the changed fields' values
 * both ways; a creation holds the resource as made, a deletion or revocation the resource as it
 * was. Whatever else the event holds is its `details` (a sign-in's email, a redelivery's id).
 */
function beforeAndAfter(event: DomainEvent) {
  const { [event.resourceType]: resource, before, after, changes, ...details } = event.payload;
  const snapshot = isObject(resource) ? resource : null;
  const ending = /\.(deleted|revoked)$/.test(event.type);
  return {
    changes: Array.isArray(changes) ? (changes as string[]) : [],
    before: (isObject(before) ? before : ending ? snapshot : null) as Snapshot,
    after: (isObject(after) ? after : ending ? null : snapshot) as Snapshot,
    details: typeof resource === 'string' ? { [event.resourceType]: resource, ...details } : details,
  };
}

/** One entry of the audit log: what happened to which resource, who did it, from where, and what changed. */
export function toAuditEntryJson(event: DomainEvent, names: ActorNames): AuditEntryJson {
  const { type, id, app_id: appId } = event.actor;
  const name = type === 'system' || id === null ? 'Loopdesk' : (names[type].get(id) ?? null);
  const app = appId === undefined ? null : { id: appId, name: names.app.get(appId) ?? null };
  return {
    id: event.id,
    action: event.type,
    resource_type: event.resourceType,
    resource_id: event.resourceId,
    actor: { type, id, name, app },
    request_id: event.requestId,
    ip_address: event.ip,
    created_at: isoTime(event.createdAt),
    ...beforeAndAfter(event),
  };
}
