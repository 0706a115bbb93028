import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { agents, oauthTokens, tickets } from '@/db/schema';
import type { ReplyJson, TicketJson } from '@/lib/tickets/schema';
import { hashToken } from '@/lib/oauth/token-values';
import { call, type ApiResult } from '@/lib/test/api';
import { expectError, ticketEvents } from '@/lib/test/expectations';
import { createAgent, createKey, createTicket, uniqueEmail } from '@/lib/test/factories';
import { createOAuthApp } from '@/lib/test/oauth-apps';
import { authorizationQuery, decide, introspectRequest, obtainTokens, pkce, tokenRequest, type AppUnderTest } from '@/lib/test/oauth-flow';
import { webHeaders } from '@/lib/test/session';

type App = AppUnderTest & { id: number };

let ticketsApp: App;
let agent: { id: number; email: string };
let admin: { id: number };

beforeAll(async () => {
  ticketsApp = await createOAuthApp({ scopes: ['tickets:read', 'tickets:write'] });
  agent = await createAgent({ role: 'agent', first_name: 'Grace', last_name: 'Hopper' });
  admin = await createAgent({ role: 'admin' });
});

/** An access token of `app` for the agent, with the scopes asked for (what consent leaves of them). */
const accessToken = async (app: AppUnderTest, agentId: number, scope: string) => (await obtainTokens(app, agentId, { scope })).access_token;

const listTickets = (token: string) => call('GET', '/api/v1/tickets', { key: token });
const newAgentBody = () => ({ first_name: 'Ada', last_name: 'Lovelace', email: uniqueEmail('agent') });
const ticketCount = () => getDb().$count(tickets);
const agentCount = () => getDb().$count(agents);

/** RFC 6750 §3.1's 403 for a token whose scopes do not reach the route, in the API's error envelope. */
function expectInsufficientScope(res: ApiResult<unknown>, scope: string) {
  const message = `requires ${scope}`;
  expectError(res, {
    status: 403,
    code: 'FORBIDDEN',
    message: `This access token's scopes do not allow this action: it ${message}`,
    details: [{ field: 'scope', message }],
  });
  expect(res.headers.get('www-authenticate')).toBe(`Bearer error="insufficient_scope", scope="${scope}"`);
}

/** RFC 6750 §3.1's 401 for a token that no longer is one. */
function expectInvalidToken(res: ApiResult<unknown>, message = 'The access token is invalid or has been revoked') {
  expectError(res, { status: 401, code: 'UNAUTHORIZED', message });
  expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
}

describe('scopes', () => {
  it('lets a tickets:read token list tickets but refuses it a new ticket with 403 insufficient_scope naming tickets:write', async () => {
    const token = await accessToken(ticketsApp, agent.id, 'tickets:read');
    expect((await listTickets(token)).status).toBe(200);
    const before = await ticketCount();

    const res = await call('POST', '/api/v1/tickets', { key: token, body: { subject: 'Printer on fire' } });

    expectInsufficientScope(res, 'tickets:write');
    expect(await ticketCount()).toBe(before);
  });

  it('lets a tickets:write token create a ticket, recorded as the agent acting through the app', async () => {
    const token = await accessToken(ticketsApp, agent.id, 'tickets:write');

    const res = await call<TicketJson>('POST', '/api/v1/tickets', { key: token, body: { subject: 'Printer on fire' } });

    expect(res.status).toBe(201);
    const created = (await ticketEvents(res.body.data.id)).find((e) => e.type === 'ticket.created');
    expect(created!.actor).toEqual({ type: 'agent', id: agent.id, app_id: ticketsApp.id });
  });

  it('writes a reply made with a token as the agent who authorized the app', async () => {
    const token = await accessToken(ticketsApp, agent.id, 'tickets:write');
    const ticket = await createTicket();

    const res = await call<ReplyJson>('POST', `/api/v1/tickets/${ticket.id}/replies`, { key: token, body: { content: 'On it.' } });

    expect(res.status).toBe(201);
    expect(res.body.data.author).toEqual({ type: 'agent', id: agent.id, name: 'Grace Hopper' });
  });

  it('narrows away agents:write when an agent consents, so the token cannot create agents', async () => {
    const app = await createOAuthApp({ scopes: ['agents:write', 'tickets:read'] });
    const tokens = await obtainTokens(app, agent.id, { scope: 'agents:write tickets:read' });
    expect(tokens.scope).toBe('tickets:read');
    const before = await agentCount();

    expectInsufficientScope(await call('POST', '/api/v1/agents', { key: tokens.access_token, body: newAgentBody() }), 'agents:write');
    expect(await agentCount()).toBe(before);
  });

  it("lets an admin's admin-scoped token create an agent, until the admin is demoted: then the role refuses it", async () => {
    const promoted = await createAgent({ role: 'admin' });
    const app = await createOAuthApp({ scopes: ['admin'] });
    const tokens = await obtainTokens(app, promoted.id, { scope: 'admin' });
    expect(tokens.scope).toBe('admin');

    expect((await call('POST', '/api/v1/agents', { key: tokens.access_token, body: newAgentBody() })).status).toBe(201);

    await getDb().update(agents).set({ role: 'agent' }).where(eq(agents.id, promoted.id));
    const before = await agentCount();
    const res = await call('POST', '/api/v1/agents', { key: tokens.access_token, body: newAgentBody() });
    expectError(res, { status: 403, code: 'FORBIDDEN', message: 'This action requires admin permission' });
    expect(await agentCount()).toBe(before);
  });

  it('sends invalid_scope to the app when an agent consents to an app asking only for admin', async () => {
    const app = await createOAuthApp({ scopes: ['admin'] });
    const query = authorizationQuery(app, pkce().challenge, { scope: 'admin' });

    const { status, location } = await decide(agent.id, query);

    expect(status).toBe(200);
    expect(`${location!.origin}${location!.pathname}`).toBe(app.redirect_uris[0]);
    expect(Object.fromEntries(location!.searchParams)).toEqual({
      error: 'invalid_scope',
      error_description: 'Your role cannot grant any of the scopes this app asks for',
      state: 'xyz-state',
      iss: expect.any(String),
    });
  });

  it.each([
    ['PUT', '/api/v1/me/password', { current_password: 'old password here', password: 'a new long password 123' }],
    ['GET', '/api/v1/me/authorized-apps', undefined],
  ])('closes %s %s to OAuth apps, even to an admin-scoped token of an admin', async (method, path, body) => {
    const app = await createOAuthApp({ scopes: ['admin'] });
    const token = await accessToken(app, admin.id, 'admin');

    const res = await call(method, path, { key: token, body });

    const message = 'not available to OAuth apps';
    expectError(res, {
      status: 403,
      code: 'FORBIDDEN',
      message: `This access token's scopes do not allow this action: it ${message}`,
      details: [{ field: 'scope', message }],
    });
    expect(res.headers.get('www-authenticate')).toBe('Bearer error="insufficient_scope"');
  });
});

describe('the end of a token', () => {
  it('ends every token of an app the admin deletes', async () => {
    const app = await createOAuthApp();
    const token = await accessToken(app, agent.id, 'tickets:read');
    expect((await listTickets(token)).status).toBe(200);

    expect((await call('DELETE', `/api/v1/oauth-apps/${app.id}`, { key: await createKey('admin') })).status).toBe(204);

    expectInvalidToken(await listTickets(token));
  });

  it('ends the tokens of an app the agent revokes from their authorized apps', async () => {
    const app = await createOAuthApp();
    const token = await accessToken(app, agent.id, 'tickets:read');
    expect((await listTickets(token)).status).toBe(200);

    const res = await call('DELETE', `/api/v1/me/authorized-apps/${app.id}`, { headers: await webHeaders(agent.id) });

    expect(res.status).toBe(204);
    expectInvalidToken(await listTickets(token));
  });

  it('answers an expired access token 401 invalid_token, telling the app to refresh', async () => {
    const token = await accessToken(ticketsApp, agent.id, 'tickets:read');
    await getDb()
      .update(oauthTokens)
      .set({ accessExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(oauthTokens.accessHash, hashToken(token)));

    expectInvalidToken(await listTickets(token), 'The access token has expired: refresh it');
  });

  it('charges an expired token one request of the address, not the double a guessed token costs', async () => {
    const token = await accessToken(ticketsApp, agent.id, 'tickets:read');
    await getDb()
      .update(oauthTokens)
      .set({ accessExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(oauthTokens.accessHash, hashToken(token)));
    const ip = '198.51.100.77';
    const remaining = async (key: string) => Number((await call('GET', '/api/v1/tickets', { key, ip })).headers.get('X-RateLimit-Remaining'));

    const [first, second] = [await remaining(token), await remaining(token)];
    const [third, fourth] = [await remaining('ld_oat_guessed'), await remaining('ld_oat_guessed')];

    expect(first - second).toBe(1);
    expect(third - fourth).toBe(2);
  });
});

describe('rate limits', () => {
  it('gives an app an hourly budget of 1000 requests per agent, apart from the agent’s other apps', async () => {
    const user = await createAgent({ role: 'agent' });
    const [first, second] = [await createOAuthApp(), await createOAuthApp()];
    const firstToken = await accessToken(first, user.id, 'tickets:read');
    const secondToken = await accessToken(second, user.id, 'tickets:read');
    const limits = (res: ApiResult<unknown>) => [res.status, res.headers.get('X-RateLimit-Limit'), res.headers.get('X-RateLimit-Remaining')];

    expect(limits(await listTickets(firstToken))).toEqual([200, '1000', '999']);
    expect(limits(await listTickets(firstToken))).toEqual([200, '1000', '998']);
    expect(limits(await listTickets(secondToken))).toEqual([200, '1000', '999']);

    const reset = Number((await listTickets(secondToken)).headers.get('X-RateLimit-Reset'));
    const now = Math.floor(Date.now() / 1000);
    expect(reset).toBeGreaterThan(now + 3500);
    expect(reset).toBeLessThanOrEqual(now + 3601);
  });

  it('counts an app’s requests apart from the agent’s own browser session', async () => {
    const user = await createAgent({ role: 'agent' });
    const app = await createOAuthApp();
    const token = await accessToken(app, user.id, 'tickets:read');
    const browser = await call('GET', '/api/v1/tickets', { headers: await webHeaders(user.id) });
    expect(browser.status).toBe(200);
    expect(browser.headers.get('X-RateLimit-Limit')).not.toBe('1000');

    const res = await listTickets(token);

    expect(res.headers.get('X-RateLimit-Remaining')).toBe('999');
  });
});

describe('an app whose registered scopes are narrowed', () => {
  it('narrows its live tokens at their next request, and its refreshes', async () => {
    const app = await createOAuthApp({ scopes: ['tickets:read', 'tickets:write'] });
    const tokens = await obtainTokens(app, agent.id, { scope: 'tickets:read tickets:write' });
    const adminKey = await createKey('admin');
    expect((await call('PUT', `/api/v1/oauth-apps/${app.id}`, { key: adminKey, body: { scopes: ['tickets:read'] } })).status).toBe(200);

    expect((await listTickets(tokens.access_token)).status).toBe(200);
    expectInsufficientScope(await call('POST', '/api/v1/tickets', { key: tokens.access_token, body: { subject: 'Still allowed?' } }), 'tickets:write');
    const introspected = await introspectRequest(app, tokens.access_token);
    expect(introspected.body).toMatchObject({ active: true, scope: 'tickets:read' });
    const refreshed = await tokenRequest(app, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.scope).toBe('tickets:read');
  });
});

describe('credentials an app could leave behind', () => {
  it('refuses an app setting a password, even with admin scope', async () => {
    const app = await createOAuthApp({ scopes: ['agents:write', 'admin'] });
    const token = await accessToken(app, admin.id, 'agents:write');
    const res = await call('PUT', `/api/v1/agents/${agent.id}`, { key: token, body: { password: 'a long and unusual passphrase 42' } });
    expect(res.status).toBe(403);
    const created = await call('POST', '/api/v1/agents', { key: token, body: { ...newAgentBody(), password: 'a long and unusual passphrase 42' } });
    expect(created.status).toBe(403);
    expect((await call('PUT', `/api/v1/agents/${agent.id}`, { key: token, body: { first_name: 'Grace' } })).status).toBe(200);
  });
});

describe('the history of a change made through an app', () => {
  it('names the agent and the app, in the ticket’s activity and the audit log', async () => {
    const app = await createOAuthApp({ name: 'Calendar sync for history', scopes: ['tickets:read', 'tickets:write'] });
    const token = await accessToken(app, agent.id, 'tickets:read tickets:write');
    const created = await call<TicketJson>('POST', '/api/v1/tickets', { key: token, body: { subject: 'Booked through the calendar' } });
    expect(created.status).toBe(201);

    const activity = await call<{ actor: unknown }[]>('GET', `/api/v1/tickets/${created.body.data.id}/activity`, { key: token });
    expect(activity.body.data[0]!.actor).toEqual({ type: 'agent', id: agent.id, name: 'Grace Hopper', app: { id: app.id, name: 'Calendar sync for history' } });
    const adminKey = await createKey('admin');
    const audit = await call<{ actor: unknown }[]>('GET', `/api/v1/audit-log?resource_type=ticket&resource_id=${created.body.data.id}`, { key: adminKey });
    expect(audit.body.data[0]!.actor).toEqual({ type: 'agent', id: agent.id, name: 'Grace Hopper', app: { id: app.id, name: 'Calendar sync for history' } });
  });
});
