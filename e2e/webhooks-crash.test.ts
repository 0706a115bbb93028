import fs from 'node:fs';
import postgres from 'postgres';
import { afterAll, expect, it } from 'vitest';
import { eventually, startReceiver, type Receiver } from '@/lib/test/webhook-receiver';
import { appEnv, makeDataDir, startApp, stopApp, type RunningApp } from '@/lib/test/app-process';

/**
 * The promise that matters most: a webhook is never lost. The app is killed with SIGKILL while
 * deliveries are in flight, started again, and every event must reach the receiver.
 * On TEST_DATABASE_URL's server when set (as in CI), else on the embedded one.
 */
const dataDir = makeDataDir();
const env: NodeJS.ProcessEnv = { ...appEnv(dataDir, 3108, 54358), LOOPDESK_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' };
const serverUrl = process.env.TEST_DATABASE_URL;
const database = `loopdesk_crash_${process.pid}`;
let app: RunningApp | undefined;
let receiver: Receiver | undefined;

afterAll(async () => {
  if (app) await stopApp(app);
  await receiver?.close();
  if (serverUrl) {
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${database} with (force)`);
    await admin.end();
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const TICKETS = 300;

type ApiBody = { data: { id: number } & { id: number }[]; pagination?: { total: number } };

it('delivers every event at least once across a SIGKILL during deliveries', async () => {
  if (serverUrl) {
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${database}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${database}`;
    env.DATABASE_URL = url.toString();
  }
  receiver = await startReceiver();
  // Slow answers keep many deliveries in flight when the process dies.
  receiver.respondWith(() => ({ status: 200, delayMs: 500 }));

  app = await startApp(env);
  // The first-run lines may arrive just after the line startApp waits for.
  const key = await eventually(() => /API key: {2}(ld_live_\S+)\n/.exec(app!.output())?.[1], 10_000);
  const api = (method: string, path: string, body?: unknown) =>
    fetch(`${app!.url}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async (res) => ({ status: res.status, body: (await res.json()) as ApiBody }));

  const hook = await api('POST', '/webhooks', { url: receiver.url(), events: ['ticket.created'] });
  expect(hook.status).toBe(201);

  const ticketIds: number[] = [];
  for (let batch = 0; batch < TICKETS / 100; batch++) {
    const created = await api('POST', '/tickets/bulk', {
      tickets: Array.from({ length: 100 }, (_, i) => ({ subject: `Crash test ${batch * 100 + i}`, description: 'x' })),
    });
    expect(created.status).toBe(201);
    ticketIds.push(...created.body.data.map((t) => t.id));
  }

  // Kill it mid-stream: some deliveries done, some in flight, most still queued.
  await eventually(() => receiver!.received.length >= 20, 30_000);
  await stopApp(app, 'SIGKILL');
  const beforeCrash = receiver.received.length;
  expect(beforeCrash).toBeLessThan(TICKETS);

  receiver.respondWith(() => ({ status: 200 }));
  app = await startApp(env);

  const deliveredTickets = () => new Set(receiver!.received.map((r) => (JSON.parse(r.body) as { data: { ticket: { id: number } } }).data.ticket.id));
  // Jobs the dead process held are expired by pg-boss (30 s) and retried.
  await eventually(() => deliveredTickets().size === TICKETS, 150_000);
  expect([...deliveredTickets()].sort((a, b) => a - b)).toEqual([...ticketIds].sort((a, b) => a - b));

  // A request answered after the crash but never recorded is sent again: at least once, under the same delivery id.
  expect(new Set(receiver.received.map((r) => r.headers['x-loopdesk-delivery'])).size).toBe(TICKETS);
  console.log(`crash test: ${beforeCrash} of ${TICKETS} requests arrived before SIGKILL; ${receiver.received.length - TICKETS} sent twice`);
  // The log settles too: attempts cut off by the crash are retried once their jobs expire (30 s).
  await eventually(async () => {
    const unsettled = await api('GET', `/webhooks/${hook.body.data.id}/deliveries?per_page=1&status=pending,retrying,failed`);
    return unsettled.body.pagination?.total === 0;
  }, 120_000);
}, 300_000);
