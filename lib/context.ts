import type { Db } from '@/db/client';

export type Permission = 'read' | 'write' | 'admin';

/** Who is acting: an API key (with the agent who created it, if any), a signed-in agent, or Loopdesk itself. */
export type Actor =
  | { type: 'api_key'; keyId: number; agentId: number | null; permission: Permission }
  // sessionHash names the browser session, so a change to the agent's sessions can spare it.
  // `app`: the agent acts through an OAuth app's access token, which also limits what it may do.
  | { type: 'agent'; agentId: number; permission: Permission; sessionHash?: string; app?: OAuthGrant }
  | { type: 'system' };

/** The OAuth app an agent acts through, the token it presented and the scopes that token holds. */
export type OAuthGrant = { id: number; tokenId: number; scopes: readonly string[] };

/** A caller whose credentials were accepted, with their key's own rate limit (null: the default). */
export type Authenticated = { actor: Exclude<Actor, { type: 'system' }>; rateLimit: number | null };

/**
 * What every service function receives first: `verbNoun(ctx, input)`. Who acts, and where the
 * change came from (the request's id and the client's address), go into the event each change writes.
 */
export type ServiceContext = {
  db: Db;
  actor: Actor;
  requestId: string;
  ip: string | null;
  // Set by the email intake: where what it writes came from, and `notify: false` for a sender over
  // their hourly limit, whose tickets are stored but email no one.
  channel?: Channel;
  notify?: false;
};

/** Where a ticket or reply came from: the desk in a browser, the API (a key or an app), or an email. */
export type Channel = 'web' | 'api' | 'email';

/** The channel of what a caller writes: set on the context by the email intake, else told by who acts. */
export function channelOf(ctx: ServiceContext): Channel {
  return ctx.channel ?? (ctx.actor.type === 'agent' && !ctx.actor.app ? 'web' : 'api');
}

/** Loopdesk acting on its own: start-up, the CLI, the webhook worker, the seeds. */
export function systemContext(db: Db, requestId: string): ServiceContext {
  return { db, actor: { type: 'system' }, requestId, ip: null };
}

export function actingAgentId(actor: Actor): number | null {
  return actor.type === 'system' ? null : actor.agentId;
}

const rank: Record<Permission, number> = { read: 0, write: 1, admin: 2 };

/** What a person may do through a session or a key they made: admins everything, agents read and write. */
export function permissionOfRole(role: 'agent' | 'admin'): Permission {
  return role === 'admin' ? 'admin' : 'write';
}

export function permits(granted: Permission, required: Permission): boolean {
  return rank[granted] >= rank[required];
}
