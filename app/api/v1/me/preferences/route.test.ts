import { describe, expect, it } from 'vitest';
import { call } from '@/lib/test/api';
import { expectError, expectValidationError } from '@/lib/test/expectations';
import { createAgent, createKey } from '@/lib/test/factories';
import { webHeaders } from '@/lib/test/session';

const preferences = async (agentId: number) => call('GET', '/api/v1/me/preferences', { headers: await webHeaders(agentId) });
const setPreferences = async (agentId: number, body: unknown) => call('PUT', '/api/v1/me/preferences', { headers: await webHeaders(agentId), body });

describe('GET and PUT /api/v1/me/preferences', () => {
  it("starts with no time zone (the browser's), and keeps the one the agent sets, spelled as the time zone database spells it", async () => {
    const agent = await createAgent();
    expect((await preferences(agent.id)).body).toEqual({ success: true, data: { time_zone: null } });

    const put = await setPreferences(agent.id, { time_zone: 'america/new_york' });
    expect({ status: put.status, body: put.body }).toEqual({ status: 200, body: { success: true, data: { time_zone: 'America/New_York' } } });
    expect((await preferences(agent.id)).body).toEqual({ success: true, data: { time_zone: 'America/New_York' } });
  });

  it("goes back to the browser's zone with null or blank", async () => {
    const agent = await createAgent();
    await setPreferences(agent.id, { time_zone: 'Europe/London' });
    expect((await setPreferences(agent.id, { time_zone: null })).body).toEqual({ success: true, data: { time_zone: null } });
    await setPreferences(agent.id, { time_zone: 'Asia/Kolkata' });
    expect((await setPreferences(agent.id, { time_zone: '  ' })).body).toEqual({ success: true, data: { time_zone: null } });
  });

  it('sets only the signed-in agent’s zone', async () => {
    const [agent, other] = [await createAgent(), await createAgent()];
    await setPreferences(agent.id, { time_zone: 'Asia/Tokyo' });
    expect((await preferences(other.id)).body).toEqual({ success: true, data: { time_zone: null } });
  });

  it('refuses a zone that is not an IANA time zone, and keeps the one before', async () => {
    const agent = await createAgent();
    await setPreferences(agent.id, { time_zone: 'UTC' });
    for (const zone of ['Mars/Olympus_Mons', '+01:00', 'EST5EDT; DROP TABLE agents']) {
      expectValidationError(await setPreferences(agent.id, { time_zone: zone }), [
        { field: 'time_zone', message: 'Time zone must be an IANA time zone, e.g. America/New_York or UTC' },
      ]);
    }
    expect((await preferences(agent.id)).body).toEqual({ success: true, data: { time_zone: 'UTC' } });
  });

  it('refuses an empty change', async () => {
    const agent = await createAgent();
    const res = await setPreferences(agent.id, {});
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR' } });
  });

  it('answers 403 to an API key, which acts for nobody in particular', async () => {
    const agent = await createAgent();
    for (const [method, body] of [['GET'], ['PUT', { time_zone: 'UTC' }]] as const) {
      expectError(await call(method, '/api/v1/me/preferences', { key: await createKey('write', {}, agent.id), body }), {
        status: 403,
        code: 'FORBIDDEN',
        message: 'Only a signed-in agent has preferences; API keys act for nobody in particular',
      });
    }
  });

  it('answers 401 without credentials', async () => {
    expectError(await call('GET', '/api/v1/me/preferences'), {
      status: 401,
      code: 'UNAUTHORIZED',
      message: 'Authentication required: send Authorization: Bearer <API key>',
    });
  });
});
