import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { agents, replies } from '@/db/schema';
import { call } from '@/lib/test/api';
import { expectError } from '@/lib/test/expectations';
import { createTicket, createAgent, createKey } from '@/lib/test/factories';

const newAdmin = (key: string) =>
  call('POST', '/api/v1/agents', { key, body: { first_name: 'Mallory', email: `mallory-${Date.now()}@example.com`, role: 'admin' } });
const setAgent = (id: number, values: Partial<typeof agents.$inferInsert>) => getDb().update(agents).set(values).where(eq(agents.id, id));

describe("an API key acts with at most its creator's current rights", () => {
  it('loses admin permission when its creator is demoted to agent: 403 on admin routes, writes still allowed', async () => {
    const creator = await createAgent({ role: 'admin' });
    const key = await createKey('admin', {}, creator.id);
    expect((await newAdmin(key)).status).toBe(201);
    await setAgent(creator.id, { role: 'agent' });
    expectError(await newAdmin(key), { status: 403, code: 'FORBIDDEN', message: 'This action requires admin permission' });
    expect((await call('POST', '/api/v1/tickets', { key, body: { subject: 'Still an agent' } })).status).toBe(201);
  });

  it('stops with 401 when its creator is deactivated, and writes no reply as them', async () => {
    const creator = await createAgent({ role: 'admin' });
    const key = await createKey('write', {}, creator.id);
    const ticket = await createTicket();
    await setAgent(creator.id, { status: 'inactive' });
    const res = await call('POST', `/api/v1/tickets/${ticket.id}/replies`, { key, body: { content: 'Written by a former admin' } });
    expectError(res, { status: 401, code: 'UNAUTHORIZED', message: 'API key no longer works: the agent who created it has been deactivated' });
    expect(await getDb().select().from(replies).where(eq(replies.ticketId, ticket.id))).toEqual([]);
  });

  it('works again when its creator is reactivated', async () => {
    const creator = await createAgent({ role: 'admin' });
    const key = await createKey('read', {}, creator.id);
    await setAgent(creator.id, { status: 'inactive' });
    expect((await call('GET', '/api/v1/tickets', { key })).status).toBe(401);
    await setAgent(creator.id, { status: 'active' });
    expect((await call('GET', '/api/v1/tickets', { key })).status).toBe(200);
  });

  it('keeps a key made by the CLI (no creator) at its own permission', async () => {
    expect((await newAdmin(await createKey('admin'))).status).toBe(201);
  });
});
