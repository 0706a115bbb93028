import postgres from 'postgres';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { endAgentSessions } from '@/lib/auth/sessions';
import { recordEvents, resourceEvent } from '@/lib/events';
import { call } from '@/lib/test/api';
import { createAgent, createKey, createTicket, fixtureContext } from '@/lib/test/factories';
import { webHeaders } from '@/lib/test/session';
import { GET } from './route';

type LiveEvent = { event: string; data: unknown };

/** A browser's desk stream: its events in the order they arrive, read from the handler's answer. */
async function openStream(headers: Record<string, string>) {
  const abort = new AbortController();
  const response = await GET(new Request('http://localhost:3000/api/desk/live', { headers, signal: abort.signal }));
  const arrived: LiveEvent[] = [];
  let ended = false;
  let wake = () => {};
  void (async () => {
    let buffer = '';
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      buffer += read.value;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const lines = buffer
          .slice(0, end)
          .split('\n')
          .filter((l) => !l.startsWith(':') && !l.startsWith('retry:'));
        buffer = buffer.slice(end + 2);
        if (lines.length === 0) continue;
        const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
        arrived.push({ event: lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message', data: data === undefined ? undefined : JSON.parse(data) });
        wake();
      }
    }
  })()
    .catch(() => {})
    .finally(() => {
      ended = true;
      wake();
    });
  /** The next event within `ms`; null when none comes in time (the stream stays silent). */
  const within = async (ms: number): Promise<LiveEvent | null> => {
    const deadline = Date.now() + ms;
    while (arrived.length === 0) {
      if (ended) throw new Error('the stream ended');
      const left = deadline - Date.now();
      if (left <= 0) return null;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return arrived.shift()!;
  };
  const next = async () => {
    const event = await within(5_000);
    if (!event) throw new Error('no event within 5 s');
    return event;
  };
  const nextChange = (ms = 2_000) => within(ms);
  /** Reads past what earlier steps announced, until the stream is quiet. */
  const drain = async () => {
    while (await within(300)) {
      // skipped
    }
  };
  return { response, next, nextChange, drain, close: () => abort.abort() };
}

const streams: { close: () => void }[] = [];
afterEach(() => {
  for (const s of streams.splice(0)) s.close();
  vi.useRealTimers();
});

async function signedInStream() {
  const agent = (await createAgent()).id;
  const headers = await webHeaders(agent);
  const stream = await openStream(headers);
  streams.push(stream);
  return { agent, headers, stream };
}

/**
 * A stream past its `ready` and quiet: the agent's own creation, committed just before, may still be on its
 * way to this process's listener under load, and a test must not take it for the change it makes.
 */
async function quietStream() {
  const opened = await signedInStream();
  expect(await opened.stream.next()).toEqual({ event: 'ready', data: {} });
  await opened.stream.drain();
  return opened;
}

describe('GET /api/desk/live – the desk hears of committed changes', () => {
  it('answers a signed-in browser with an event stream that opens with `ready`', async () => {
    const { stream } = await signedInStream();
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(stream.response.headers.get('cache-control')).toBe('no-store, no-transform');
    expect(await stream.next()).toEqual({ event: 'ready', data: {} });
  });

  it('refuses a caller without a session (401) and an API key (403), in the error envelope', async () => {
    const anonymous = await GET(new Request('http://localhost:3000/api/desk/live'));
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ success: false, error: { code: 'UNAUTHORIZED' } });
    const key = await createKey('admin');
    const withKey = await GET(new Request('http://localhost:3000/api/desk/live', { headers: { authorization: `Bearer ${key}` } }));
    expect(withKey.status).toBe(403);
    expect(await withKey.json()).toMatchObject({ success: false, error: { code: 'FORBIDDEN' } });
  });

  it('refuses a session cookie without the desk client header (CSRF), as the API does', async () => {
    const agent = await createAgent();
    const { cookie = '' } = await webHeaders(agent.id);
    const res = await GET(new Request('http://localhost:3000/api/desk/live', { headers: { cookie } }));
    expect(res.status).toBe(403);
  });

  it('tells of a ticket created, updated and replied to through the API, once each commit', async () => {
    const { stream } = await quietStream();
    const key = await createKey('write');
    const created = await call<{ id: number }>('POST', '/api/v1/tickets', { key, body: { subject: 'Live one' } });
    expect(await stream.nextChange()).toEqual({ event: 'message', data: { changes: [{ resource: 'ticket', id: created.body.data.id }] } });
    await call('PUT', `/api/v1/tickets/${created.body.data.id}`, { key, body: { priority: 'high' } });
    expect(await stream.nextChange()).toEqual({ event: 'message', data: { changes: [{ resource: 'ticket', id: created.body.data.id }] } });
    await call('POST', `/api/v1/tickets/${created.body.data.id}/replies`, { key, body: { content: 'On it' } });
    expect(await stream.nextChange()).toMatchObject({ data: { changes: [{ resource: 'ticket', id: created.body.data.id }] } });
  });

  it('announces one bulk change of many tickets in one event, each ticket once', async () => {
    const { stream } = await quietStream();
    const key = await createKey('write');
    const [a, b] = [await createTicket(), await createTicket()];
    await stream.drain();
    await call('PUT', '/api/v1/tickets/bulk', {
      key,
      body: {
        tickets: [
          { id: a.id, status: 'resolved' },
          { id: b.id, status: 'resolved' },
        ],
      },
    });
    const change = await stream.nextChange();
    expect(change).not.toBeNull();
    expect(change!.data).toEqual({
      changes: expect.arrayContaining([
        { resource: 'ticket', id: a.id },
        { resource: 'ticket', id: b.id },
      ]),
    });
    expect((change!.data as { changes: unknown[] }).changes).toHaveLength(2);
  });

  it('hears a change committed on another connection (another app instance), and nothing of one rolled back', async () => {
    const { stream } = await quietStream();
    const ticket = await createTicket();
    await stream.nextChange();
    // Another instance: its own connection to the same database, writing as the app's services would announce.
    const other = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      await other
        .begin(async (tx) => {
          await tx`update tickets set priority = 'low' where id = ${ticket.id}`;
          await tx`select pg_notify('loopdesk_live', ${JSON.stringify([['ticket', ticket.id]])})`;
          throw new Error('roll back');
        })
        .catch(() => {});
      expect(await stream.nextChange(500)).toBeNull();
      await other.begin(async (tx) => {
        await tx`update tickets set priority = 'low' where id = ${ticket.id}`;
        await tx`select pg_notify('loopdesk_live', ${JSON.stringify([['ticket', ticket.id]])})`;
      });
      expect(await stream.nextChange()).toEqual({ event: 'message', data: { changes: [{ resource: 'ticket', id: ticket.id }] } });
    } finally {
      await other.end();
    }
  });

  it('says nothing of sign-ins and sign-outs, which change no screen (and anyone can cause a failed one)', async () => {
    const { agent, stream } = await quietStream();
    await recordEvents(fixtureContext(), [
      resourceEvent('agent.sign_in_failed', agent, { email: 'someone@example.com' }),
      resourceEvent('agent.signed_in', agent, {}),
      resourceEvent('agent.signed_out', agent, {}),
      resourceEvent('agent.sessions_ended', agent, {}),
    ]);
    expect(await stream.nextChange(500)).toBeNull();
    await recordEvents(fixtureContext(), [resourceEvent('agent.updated', agent, {})]);
    expect(await stream.nextChange()).toEqual({ event: 'message', data: { changes: [{ resource: 'agent', id: agent }] } });
  });

  it('rolls back a refused change without announcing it', async () => {
    const { stream } = await quietStream();
    const key = await createKey('write');
    const ticket = await createTicket();
    await stream.nextChange();
    // One bad item refuses the whole bulk update: nothing committed, nothing announced.
    const res = await call('PUT', '/api/v1/tickets/bulk', {
      key,
      body: {
        tickets: [
          { id: ticket.id, status: 'resolved' },
          { id: 2_000_000_000, status: 'resolved' },
        ],
      },
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(await stream.nextChange(500)).toBeNull();
  });

  it('tells who arrives at, starts typing on and leaves a ticket, but not a renewal of the same presence', async () => {
    const { stream } = await quietStream();
    const ticket = await createTicket();
    await stream.nextChange();
    const colleague = await createAgent();
    const browser = await webHeaders(colleague.id);
    await stream.drain();
    const presence = (typing: boolean) => call('PUT', `/api/v1/tickets/${ticket.id}/presence`, { headers: browser, body: { typing } });
    const presenceChange = { event: 'message', data: { changes: [{ resource: 'presence', id: ticket.id }] } };

    expect((await presence(false)).status).toBe(200);
    expect(await stream.nextChange()).toEqual(presenceChange);
    await presence(false);
    expect(await stream.nextChange(500)).toBeNull();
    await presence(true);
    expect(await stream.nextChange()).toEqual(presenceChange);
    expect((await call('DELETE', `/api/v1/tickets/${ticket.id}/presence`, { headers: browser })).status).toBe(204);
    expect(await stream.nextChange()).toEqual(presenceChange);
  });

  it('says `ready` again when the LISTEN connection was lost and is back, so the desk reads everything again', async () => {
    const { stream } = await quietStream();
    await getDb().execute(
      `select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'listen%' and pid <> pg_backend_pid()`,
    );
    expect(await stream.next()).toEqual({ event: 'ready', data: {} });
    // And it hears changes again.
    const ticket = await createTicket();
    expect(await stream.nextChange()).toEqual({ event: 'message', data: { changes: [{ resource: 'ticket', id: ticket.id }] } });
  });

  it('ends the stream with `ended` within a minute of its session ending', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { agent, stream } = await quietStream();
    await endAgentSessions(getDb(), agent);
    await vi.advanceTimersByTimeAsync(60_000);
    vi.useRealTimers();
    expect(await stream.next()).toEqual({ event: 'ended', data: {} });
    await expect(stream.next()).rejects.toThrow('the stream ended');
  });

  it('keeps a connected agent present on an open ticket without heartbeats from the browser', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { agent, headers } = await quietStream();
    const ticket = await createTicket();
    await call('PUT', `/api/v1/tickets/${ticket.id}/presence`, { headers, body: { typing: false } });
    await getDb().execute(`update ticket_presence set seen_at = now() - interval '25 seconds' where agent_id = ${agent}`);
    await vi.advanceTimersByTimeAsync(15_000);
    vi.useRealTimers();
    const age = async () => {
      const [row] = await getDb().execute<{ seconds: number }>(
        `select extract(epoch from now() - seen_at)::float as seconds from ticket_presence where agent_id = ${agent}`,
      );
      return row?.seconds;
    };
    await expect.poll(age).toBeLessThan(5);
    // Without the renewal the presence would be 25 s old now and gone 5 s later.
    const colleague = await webHeaders((await createAgent()).id);
    const seen = await call<{ agent: { id: number } }[]>('PUT', `/api/v1/tickets/${ticket.id}/presence`, { headers: colleague, body: { typing: false } });
    expect(seen.body.data.map((p) => p.agent.id)).toEqual([agent]);
  });
});
