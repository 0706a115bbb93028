import type { Db } from '@/db/client';

export type Permission = 'read' | 'write' | 'admin';

/** Who is acting: an API key (with the agent who created it, if any), a signed-in agent, or Loopdesk itself. */
export type Actor =
  | { type: 'api_key'; keyId: number; agentId: number | null; permission: Permission }
  // sessionHash names the browser session, so a change to the agent's sessions can spare it.
  | { type: 'agent'; agentId: number; permission: Permission; sessionHash?: string }
  | { type: 'system' };

/** What every service function receives first: `verbNoun(ctx, input)`. */
export type ServiceContext = { db: Db; actor: Actor; requestId: string };

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
