import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { agents } from '@/db/schema';
import { call, type CallOptions } from '@/lib/test/api';
import { expectError, ticketEvents } from '@/lib/test/expectations';
import { createAgent, createKey } from '@/lib/test/factories';
import { sessionCookie, webHeaders } from '@/lib/test/session';
import type { TicketJson } from '@/lib/tickets/schema';

// Configuration is read once per test file, at the first request: a small session budget, so
// that its end can be reached. Every test signs in a fresh agent, so each has a budget of its own.
process.env.LOOPDESK_SESSION_RATE_LIMIT = '5';

const listTickets = (options: CallOptions) => call<TicketJson[]>('GET', '/api/v1/tickets', options);
const nowSeconds = () => Math.floor(Date.now() / 1000);

const sessionEnded = { status: 401, code: 'UNAUTHORIZED', message: 'Your session has ended: sign in again' };
const missingClientHeader = {
  status: 403,
  code: 'FORBIDDEN',
  message: 'A browser session must send x-loopdesk-client: web; other clients use an API key',
};
const noCredentials = { status: 401, code: 'UNAUTHORIZED', message: 'Authentication required: send Authorization: Bearer <API key>' };

describe('browser session on /api/v1', () => {
  it('lists tickets for a signed-in agent who sends the session cookie and x-loopdesk-client: web', async () => {
    const agent = await createAgent();
    const res = await listTickets({ headers: await webHeaders(agent.id) });
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(true);
    expect(Array.isArray(res.body.data)).toBe(true);
  });

  it('creates a ticket as the signed-in agent: 201, and the domain event names the agent as actor', async () => {
    const agent = await createAgent();
    const res = await call<TicketJson>('POST', '/api/v1/tickets', {
      headers: await webHeaders(agent.id),
      body: { subject: 'Printer on fire' },
    });
    expect(res.status).toBe(201);
    expect(res.body.data.subject).toBe('Printer on fire');
    const events = await ticketEvents(res.body.data.id);
    expect(events.map((e) => ({ type: e.type, actor: e.actor }))).toEqual([{ type: 'ticket.created', actor: { type: 'agent', id: agent.id } }]);
  });

  it('refuses a session cookie without x-loopdesk-client: web with 403, as another site could send the cookie', async () => {
    const agent = await createAgent();
    const cookie = await sessionCookie(agent.id);
    expectError(await listTickets({ headers: { cookie } }), missingClientHeader);
    expectError(await listTickets({ headers: { cookie, 'x-loopdesk-client': 'curl' } }), missingClientHeader);
  });

  it('refuses a write from a session cookie without the client header, and creates nothing', async () => {
    const agent = await createAgent();
    const before = (await listTickets({ headers: await webHeaders(agent.id) })).body.pagination.total;
    const res = await call('POST', '/api/v1/tickets', { headers: { cookie: await sessionCookie(agent.id) }, body: { subject: 'Forged' } });
    expectError(res, missingClientHeader);
    expect((await listTickets({ headers: await webHeaders(agent.id) })).body.pagination.total).toBe(before);
  });

  // A browser always sends Host, the address it connected to; lib/test/api.ts sends none unless told.
  it.each([
    ['another site', 'https://evil.example'],
    ['a look-alike host', 'http://localhost:3000.evil.example'],
    ['another port of the same host', 'http://localhost:3001'],
    ['an opaque origin (sandboxed frame)', 'null'],
    ['not a URL', 'localhost:3000'],
  ])('refuses a session request whose Origin is %s (%s) with 403', async (_what, origin) => {
    const agent = await createAgent();
    const res = await listTickets({ headers: { ...(await webHeaders(agent.id)), host: 'localhost:3000', origin } });
    expectError(res, { status: 403, code: 'FORBIDDEN', message: 'Cross-site request refused' });
  });

  it('refuses a cross-site write with 403 and creates nothing', async () => {
    const agent = await createAgent();
    const headers = await webHeaders(agent.id);
    const before = (await listTickets({ headers })).body.pagination.total;
    const res = await call('POST', '/api/v1/tickets', {
      headers: { ...headers, host: 'localhost:3000', origin: 'https://evil.example' },
      body: { subject: 'Forged' },
    });
    expectError(res, { status: 403, code: 'FORBIDDEN', message: 'Cross-site request refused' });
    expect((await listTickets({ headers })).body.pagination.total).toBe(before);
  });

  it('accepts a session request whose Origin is the public URL (http://localhost:3000 here)', async () => {
    const agent = await createAgent();
    const res = await call<TicketJson>('POST', '/api/v1/tickets', {
      headers: { ...(await webHeaders(agent.id)), origin: 'http://localhost:3000' },
      body: { subject: 'Same-origin form' },
    });
    expect(res.status).toBe(201);
  });

  it('accepts a session request whose Origin is the host the browser connected to, when that is not the public URL', async () => {
    const agent = await createAgent();
    const res = await call<TicketJson>('POST', '/api/v1/tickets', {
      headers: { ...(await webHeaders(agent.id)), host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' },
      body: { subject: 'Opened at 127.0.0.1' },
    });
    expect(res.status).toBe(201);
  });

  it('accepts a session request without Origin, as browsers send for same-origin reads', async () => {
    const agent = await createAgent();
    expect((await listTickets({ headers: { ...(await webHeaders(agent.id)), host: 'localhost:3000' } })).status).toBe(200);
  });

  it('treats a cookie signed with another secret as no credentials: 401', async () => {
    const agent = await createAgent();
    const cookie = await sessionCookie(agent.id, { secret: randomBytes(32).toString('base64url') });
    const res = await listTickets({ headers: { cookie, 'x-loopdesk-client': 'web' } });
    expectError(res, noCredentials);
    expect(res.headers.get('WWW-Authenticate')).toBe('Bearer');
  });

  it('treats a tampered cookie as no credentials: 401', async () => {
    const agent = await createAgent();
    const cookie = await sessionCookie(agent.id);
    const tampered = `${cookie.slice(0, -4)}${cookie.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    expectError(await listTickets({ headers: { cookie: tampered, 'x-loopdesk-client': 'web' } }), noCredentials);
  });

  it('refuses a session whose endsAt has passed with 401 and asks to sign in again', async () => {
    const agent = await createAgent();
    const res = await listTickets({ headers: await webHeaders(agent.id, { endsAt: nowSeconds() - 1 }) });
    expectError(res, sessionEnded);
  });

  it('refuses the session of an agent deactivated after signing in with 401', async () => {
    const agent = await createAgent();
    const headers = await webHeaders(agent.id);
    expect((await listTickets({ headers })).status).toBe(200);
    await getDb().update(agents).set({ status: 'inactive' }).where(eq(agents.id, agent.id));
    expectError(await listTickets({ headers }), sessionEnded);
  });

  it('refuses the session of an agent who no longer exists with 401', async () => {
    const agent = await createAgent();
    const headers = await webHeaders(agent.id);
    await getDb().delete(agents).where(eq(agents.id, agent.id));
    expectError(await listTickets({ headers }), sessionEnded);
  });

  it('gives an agent-role session write permission: tickets yes, the admin-only API keys no (403)', async () => {
    const agent = await createAgent({ role: 'agent' });
    const headers = await webHeaders(agent.id);
    expect((await call('POST', '/api/v1/tickets', { headers, body: { subject: 'Agent may write' } })).status).toBe(201);
    expectError(await call('GET', '/api/v1/api-keys', { headers }), {
      status: 403,
      code: 'FORBIDDEN',
      message: 'This action requires admin permission',
    });
  });

  it('gives an admin-role session admin permission: it lists API keys', async () => {
    const admin = await createAgent({ role: 'admin' });
    const res = await call('GET', '/api/v1/api-keys', { headers: await webHeaders(admin.id) });
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(true);
  });

  it('follows the Authorization header when both are sent: a bad key with a good cookie is 401', async () => {
    const agent = await createAgent();
    const res = await listTickets({ key: 'ld_live_not_a_real_key', headers: await webHeaders(agent.id) });
    expectError(res, { status: 401, code: 'UNAUTHORIZED', message: 'Invalid API key' });
  });

  it('acts as the API key, not the session agent, when both a good key and a good cookie are sent', async () => {
    const agent = await createAgent({ role: 'admin' });
    const readKey = await createKey('read');
    const headers = await webHeaders(agent.id);
    expectError(await call('POST', '/api/v1/tickets', { key: readKey, headers, body: { subject: 'Which actor?' } }), {
      status: 403,
      code: 'FORBIDDEN',
      message: 'This action requires write permission',
    });
  });
});

describe('session rate limit', () => {
  it('spends from LOOPDESK_SESSION_RATE_LIMIT per agent and answers the request past it with 429', async () => {
    const agent = await createAgent();
    const headers = await webHeaders(agent.id);
    for (let remaining = 4; remaining >= 0; remaining--) {
      const res = await listTickets({ headers });
      expect(res.status).toBe(200);
      expect(res.headers.get('X-RateLimit-Limit')).toBe('5');
      expect(res.headers.get('X-RateLimit-Remaining')).toBe(String(remaining));
    }
    const refused = await listTickets({ headers });
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: 'RATE_LIMIT_EXCEEDED', message: expect.stringMatching(/^Rate limit of 5 requests exceeded; /) });
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
  });

  it('counts every session of one agent against one budget, and leaves other agents theirs', async () => {
    const agent = await createAgent();
    const other = await createAgent();
    // Signed in on two browsers: two cookies, one agent.
    const laptop = await webHeaders(agent.id);
    const phone = await webHeaders(agent.id, { endsAt: nowSeconds() + 7200 });
    for (let i = 0; i < 3; i++) expect((await listTickets({ headers: laptop })).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await listTickets({ headers: phone })).status).toBe(200);
    expect((await listTickets({ headers: laptop })).status).toBe(429);
    expect((await listTickets({ headers: phone })).status).toBe(429);
    const fresh = await listTickets({ headers: await webHeaders(other.id) });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('X-RateLimit-Remaining')).toBe('4');
  });

  it('keeps the budget of an API key an agent made apart from that agent’s session budget', async () => {
    const agent = await createAgent({ role: 'admin' });
    const key = await createKey('read', { rate_limit: 100 }, agent.id);
    for (let i = 0; i < 6; i++) expect((await listTickets({ key })).status).toBe(200);
    const res = await listTickets({ headers: await webHeaders(agent.id) });
    expect(res.status).toBe(200);
    expect(res.headers.get('X-RateLimit-Remaining')).toBe('4');
  });
});
