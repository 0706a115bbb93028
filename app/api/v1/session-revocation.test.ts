import { encode } from 'next-auth/jwt';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { eq } from 'drizzle-orm';
import { agentSessions } from '@/db/schema';
import { deleteOldSessions, endSession, sessionHash } from '@/lib/auth/sessions';
import { call } from '@/lib/test/api';
import { expectError, expectValidationError } from '@/lib/test/expectations';
import { createAgent } from '@/lib/test/factories';
import { SESSION_COOKIE, webHeaders } from '@/lib/test/session';
import { startSession } from '@/lib/auth/sessions';

const sessionEnded = { status: 401, code: 'UNAUTHORIZED', message: 'Your session has ended: sign in again' };
const listTickets = (headers: Record<string, string>) => call('GET', '/api/v1/tickets', { headers });
const PASSWORD = 'correct horse battery staple';

/** A signed-in browser: its headers, and the session id its cookie names (as the sign-out event sees it). */
async function signedIn(agentId: number) {
  const endsAt = Math.floor(Date.now() / 1000) + 3600;
  const sid = await startSession(getDb(), agentId, new Date(endsAt * 1000));
  const token = await encode({ token: { agentId, endsAt, sid }, secret: process.env.AUTH_SECRET!, salt: SESSION_COOKIE });
  return { sid, headers: { cookie: `${SESSION_COOKIE}=${token}`, 'x-loopdesk-client': 'web' } };
}

describe('ending browser sessions on the server', () => {
  it('refuses a cookie that names no server-side session (made before sessions were kept) with 401', async () => {
    const agent = await createAgent();
    const endsAt = Math.floor(Date.now() / 1000) + 3600;
    const token = await encode({ token: { agentId: agent.id, endsAt }, secret: process.env.AUTH_SECRET!, salt: SESSION_COOKIE });
    expectError(await listTickets({ cookie: `${SESSION_COOKIE}=${token}`, 'x-loopdesk-client': 'web' }), sessionEnded);
  });

  it('refuses a saved copy of the cookie after sign-out ended its session', async () => {
    const agent = await createAgent();
    const browser = await signedIn(agent.id);
    expect((await listTickets(browser.headers)).status).toBe(200);
    await endSession(getDb(), browser.sid);
    expectError(await listTickets(browser.headers), sessionEnded);
  });

  it("refuses a cookie naming another agent's session", async () => {
    const [a, b] = [await createAgent(), await createAgent()];
    const sid = (await signedIn(a.id)).sid;
    const token = await encode({
      token: { agentId: b.id, endsAt: Math.floor(Date.now() / 1000) + 3600, sid },
      secret: process.env.AUTH_SECRET!,
      salt: SESSION_COOKIE,
    });
    expectError(await listTickets({ cookie: `${SESSION_COOKIE}=${token}`, 'x-loopdesk-client': 'web' }), sessionEnded);
  });

  it('signs an agent out everywhere but here: DELETE /me/sessions ends the other sessions only', async () => {
    const agent = await createAgent();
    const [here, phone, laptop] = [await signedIn(agent.id), await signedIn(agent.id), await signedIn(agent.id)];
    const res = await call('DELETE', '/api/v1/me/sessions', { headers: here.headers });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ ended_sessions: 2 });
    expect((await listTickets(here.headers)).status).toBe(200);
    expectError(await listTickets(phone.headers), sessionEnded);
    expectError(await listTickets(laptop.headers), sessionEnded);
  });

  it('lets an admin end every session of another agent, and refuses an agent doing it to someone else', async () => {
    const [admin, agent, other] = [await createAgent({ role: 'admin' }), await createAgent(), await createAgent()];
    const target = await signedIn(agent.id);
    expectError(await call('DELETE', `/api/v1/agents/${agent.id}/sessions`, { headers: (await signedIn(other.id)).headers }), {
      status: 403,
      code: 'FORBIDDEN',
      message: "Only admins can end another agent's sessions",
    });
    expect((await listTickets(target.headers)).status).toBe(200);
    const res = await call('DELETE', `/api/v1/agents/${agent.id}/sessions`, { headers: (await signedIn(admin.id)).headers });
    expect(res.body.data).toEqual({ ended_sessions: 1 });
    expectError(await listTickets(target.headers), sessionEnded);
  });

  it('ends the other sessions when an agent changes their password, keeping the one that changed it', async () => {
    const agent = await createAgent({ password: PASSWORD });
    const [here, elsewhere] = [await signedIn(agent.id), await signedIn(agent.id)];
    const res = await call('PUT', '/api/v1/me/password', {
      headers: here.headers,
      body: { current_password: PASSWORD, password: 'a much better passphrase' },
    });
    expect(res.status).toBe(204);
    expect((await listTickets(here.headers)).status).toBe(200);
    expectError(await listTickets(elsewhere.headers), sessionEnded);
  });

  it('refuses a password change with the wrong current password, ending nothing', async () => {
    const agent = await createAgent({ password: PASSWORD });
    const [here, elsewhere] = [await signedIn(agent.id), await signedIn(agent.id)];
    const res = await call('PUT', '/api/v1/me/password', { headers: here.headers, body: { current_password: 'guess', password: 'a much better passphrase' } });
    expectValidationError(res, [{ field: 'current_password', message: 'Current password is wrong' }]);
    expect((await listTickets(elsewhere.headers)).status).toBe(200);
  });

  it('ends all sessions of an agent whose password or role an admin changes', async () => {
    const [admin, agent] = [await createAgent({ role: 'admin' }), await createAgent()];
    const adminHeaders = (await signedIn(admin.id)).headers;
    const first = await signedIn(agent.id);
    await call('PUT', `/api/v1/agents/${agent.id}`, { headers: adminHeaders, body: { role: 'admin' } });
    expectError(await listTickets(first.headers), sessionEnded);
    const second = await signedIn(agent.id);
    await call('PUT', `/api/v1/agents/${agent.id}`, { headers: adminHeaders, body: { password: 'a fresh passphrase for you' } });
    expectError(await listTickets(second.headers), sessionEnded);
  });

  it('ends all sessions of a deactivated agent for good: reactivating them brings none back', async () => {
    const [admin, agent] = [await createAgent({ role: 'admin' }), await createAgent()];
    const adminHeaders = (await signedIn(admin.id)).headers;
    const browser = await signedIn(agent.id);
    await call('PUT', `/api/v1/agents/${agent.id}`, { headers: adminHeaders, body: { status: 'inactive' } });
    expectError(await listTickets(browser.headers), sessionEnded);
    await call('PUT', `/api/v1/agents/${agent.id}`, { headers: adminHeaders, body: { status: 'active' } });
    expectError(await listTickets(browser.headers), sessionEnded);
  });

  it('limits guesses at the current password like sign-in: the 11th within 15 minutes is a 429', async () => {
    const agent = await createAgent({ password: PASSWORD });
    const { headers } = await signedIn(agent.id);
    for (let i = 0; i < 10; i++) {
      const guess = await call('PUT', '/api/v1/me/password', { headers, body: { current_password: `guess ${i}`, password: 'a much better passphrase' } });
      expect(guess.status).toBe(400);
    }
    const res = await call('PUT', '/api/v1/me/password', { headers, body: { current_password: PASSWORD, password: 'a much better passphrase' } });
    expect(res.status).toBe(429);
    expect(res.body.error).toMatchObject({
      code: 'RATE_LIMIT_EXCEEDED',
      message: expect.stringMatching(/^Too many password attempts: try again in \d+ seconds$/),
    });
    expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(0);
  });

  it('forgets sessions ended or expired over a day ago, and only those', async () => {
    const agent = await createAgent();
    const [old, recent, live] = [await signedIn(agent.id), await signedIn(agent.id), await signedIn(agent.id)];
    await getDb()
      .update(agentSessions)
      .set({ endedAt: new Date(Date.now() - 2 * 86_400_000) })
      .where(eq(agentSessions.idHash, sessionHash(old.sid)));
    await endSession(getDb(), recent.sid);
    expect(await deleteOldSessions(getDb())).toBe(1);
    const left = await getDb().select({ idHash: agentSessions.idHash }).from(agentSessions).where(eq(agentSessions.agentId, agent.id));
    expect(left.map((r) => r.idHash).sort()).toEqual([sessionHash(recent.sid), sessionHash(live.sid)].sort());
  });

  it("keeps sessions when an admin changes only an agent's name", async () => {
    const [admin, agent] = [await createAgent({ role: 'admin' }), await createAgent()];
    const browser = await signedIn(agent.id);
    await call('PUT', `/api/v1/agents/${agent.id}`, { headers: (await signedIn(admin.id)).headers, body: { first_name: 'Renamed' } });
    expect((await listTickets(browser.headers)).status).toBe(200);
  });
});

describe('password rules', () => {
  it.each([
    ['eight characters', 'aaaaaaaa', 'Password must be at least 12 characters'],
    ['a common password', 'qwerty123456', 'This password is too common: choose one that is harder to guess'],
    ['one character repeated', 'aaaaaaaaaaaaaaaa', 'This password is too common: choose one that is harder to guess'],
  ])('refuses %s', async (_what, password, message) => {
    const admin = await createAgent({ role: 'admin' });
    const res = await call('POST', '/api/v1/agents', {
      headers: await webHeaders(admin.id),
      body: { first_name: 'New', email: `new-${Date.now()}@example.com`, password },
    });
    expectValidationError(res, [{ field: 'password', message }]);
  });
});
