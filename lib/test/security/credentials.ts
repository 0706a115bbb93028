import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { getDb } from '@/db/client';
import { apiKeys } from '@/db/schema';
import { createAgent, updateAgent } from '@/lib/agents/service';
import { createApiKey, hashApiKey, revokeApiKey } from '@/lib/api-keys/service';
import { startSession } from '@/lib/auth/sessions';
import type { Permission } from '@/lib/context';
import { fixtureContext } from '@/lib/test/factories';
import { SESSION_COOKIE } from '@/lib/test/session';
import type { SecretLedger } from './secrets';

/**
 * The callers the battery tries every operation as. What each may do is written here by hand,
 * from the reference and the key settings, so that it cannot follow a route's mistake.
 */
export const credentialKinds = [
  'no credentials',
  'a bad key',
  'an expired key',
  'a revoked key',
  'a read key',
  'a write key',
  'an admin key',
  "a deactivated admin's admin key",
  "a demoted admin's admin key",
  "an agent's session",
  "an admin's session",
  "a deactivated admin's session",
] as const;
export type CredentialKind = (typeof credentialKinds)[number];

type Promised = {
  /** The most it may do; null when it must be refused everywhere but public routes. */
  grants: Permission | null;
  /** A browser session (the only callers /me acts for). */
  session: boolean;
};

/** What the reference and the key settings promise each caller; a key acts with at most its creator's current rights. */
export const promised: Record<CredentialKind, Promised> = {
  'no credentials': { grants: null, session: false },
  'a bad key': { grants: null, session: false },
  'an expired key': { grants: null, session: false },
  'a revoked key': { grants: null, session: false },
  'a read key': { grants: 'read', session: false },
  'a write key': { grants: 'write', session: false },
  'an admin key': { grants: 'admin', session: false },
  "a deactivated admin's admin key": { grants: null, session: false },
  "a demoted admin's admin key": { grants: 'write', session: false },
  "an agent's session": { grants: 'write', session: true },
  "an admin's session": { grants: 'admin', session: true },
  "a deactivated admin's session": { grants: null, session: true },
};

export type Credential = Promised & {
  kind: CredentialKind;
  headers: Record<string, string>;
  /** The agent it acts for: the session's, or the key's creator. */
  agentId: number | null;
};

const DAY_MS = 86_400_000;

let counter = 0;
/** A password the policy accepts, different every time (so a dump hit names its owner). */
export const strongPassword = () => `Battery-${randomBytes(12).toString('base64url')}-${++counter}`;

export type Crew = {
  credentials: Map<CredentialKind, Credential>;
  /** Agents that act through some credential: the fixtures give each of them a view and a presence. */
  actingAgentIds: number[];
  /** Each agent's password as the battery last set it. */
  passwords: Map<number, string>;
};

/** The agents behind the credentials, each with a password (hashed by the service, as sign-up does). */
async function agentWithPassword(ledger: SecretLedger, role: 'agent' | 'admin', passwords: Map<number, string>) {
  const password = strongPassword();
  ledger.add('agent password', password);
  const agent = await createAgent(fixtureContext(), {
    first_name: role === 'admin' ? 'Ada' : 'Sam',
    last_name: 'Battery',
    email: `${role}-${++counter}-${process.pid}@battery.example`,
    role,
    status: 'active',
    availability: 'available',
    department_ids: [],
    skills: [],
    password,
  });
  passwords.set(agent.id, password);
  return agent.id;
}

/**
 * A signed-in browser, as next-auth's sign-in makes it (see lib/test/session.ts), plus a second
 * live session of the same agent: "sign out everywhere" then has something to end, so a refused
 * one that ran anyway shows in the database.
 */
async function signIn(ledger: SecretLedger, agentId: number): Promise<Record<string, string>> {
  const endsAt = Math.floor(Date.now() / 1000) + 3600;
  const sid = await startSession(getDb(), agentId, new Date(endsAt * 1000));
  ledger.add('session id', sid);
  ledger.add('session id', await startSession(getDb(), agentId, new Date(endsAt * 1000)));
  const token = await encode({ token: { agentId, endsAt, sid, sub: String(agentId) }, secret: process.env.AUTH_SECRET!, salt: SESSION_COOKIE });
  ledger.add('session cookie', token);
  return { cookie: `${SESSION_COOKIE}=${token}`, 'x-loopdesk-client': 'web' };
}

async function key(ledger: SecretLedger, permission: Permission, agentId: number) {
  const actor = { type: 'agent' as const, agentId, permission: 'admin' as const };
  const made = await createApiKey({ ...fixtureContext(), actor }, { name: `battery ${permission} key`, permission });
  ledger.add('plain API key', made.key);
  return { id: made.id, headers: { authorization: `Bearer ${made.key}` }, plain: made.key };
}

/** Builds every kind of caller; keys are made by admins, as in the admin screens, so they act for an agent. */
export async function createCrew(ledger: SecretLedger): Promise<Crew> {
  const passwords = new Map<number, string>();
  const admin = await agentWithPassword(ledger, 'admin', passwords);
  const agent = await agentWithPassword(ledger, 'agent', passwords);
  const deactivated = await agentWithPassword(ledger, 'admin', passwords);
  const leaver = await agentWithPassword(ledger, 'admin', passwords);
  const demoted = await agentWithPassword(ledger, 'admin', passwords);

  const [read, write, adminKey, expired, revoked, leaversKey, demotedsKey] = [
    await key(ledger, 'read', admin),
    await key(ledger, 'write', admin),
    await key(ledger, 'admin', admin),
    await key(ledger, 'admin', admin),
    await key(ledger, 'admin', admin),
    await key(ledger, 'admin', leaver),
    await key(ledger, 'admin', demoted),
  ];
  // A key expires after it was made: make it live, then move its expiry into the past.
  await getDb()
    .update(apiKeys)
    .set({ expiresAt: new Date(Date.now() - DAY_MS) })
    .where(eq(apiKeys.keyHash, hashApiKey(expired.plain)));
  await revokeApiKey(fixtureContext(), revoked.id);

  const [agentSession, adminSession, deactivatedSession] = [await signIn(ledger, agent), await signIn(ledger, admin), await signIn(ledger, deactivated)];
  await updateAgent(fixtureContext(), deactivated, { status: 'inactive' });
  await updateAgent(fixtureContext(), leaver, { status: 'inactive' });
  await updateAgent(fixtureContext(), demoted, { role: 'agent' });

  const bad = `ld_live_${randomBytes(24).toString('base64url')}`;
  const made: Record<CredentialKind, { headers: Record<string, string>; agentId: number | null }> = {
    'no credentials': { headers: {}, agentId: null },
    'a bad key': { headers: { authorization: `Bearer ${bad}` }, agentId: null },
    'an expired key': { headers: expired.headers, agentId: admin },
    'a revoked key': { headers: revoked.headers, agentId: admin },
    'a read key': { headers: read.headers, agentId: admin },
    'a write key': { headers: write.headers, agentId: admin },
    'an admin key': { headers: adminKey.headers, agentId: admin },
    "a deactivated admin's admin key": { headers: leaversKey.headers, agentId: leaver },
    "a demoted admin's admin key": { headers: demotedsKey.headers, agentId: demoted },
    "an agent's session": { headers: agentSession, agentId: agent },
    "an admin's session": { headers: adminSession, agentId: admin },
    "a deactivated admin's session": { headers: deactivatedSession, agentId: deactivated },
  };
  return {
    credentials: new Map(credentialKinds.map((kind) => [kind, { kind, ...promised[kind], ...made[kind] }])),
    actingAgentIds: [admin, agent, deactivated, leaver, demoted],
    passwords,
  };
}
