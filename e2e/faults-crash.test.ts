import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { makeDataDir, startApp, stopApp, type RunningApp } from '@/lib/test/app-process';
import {
  apiClient,
  deliveredTicketIds,
  faultAppEnv,
  firstAdminKey,
  runClients,
  startOwnDatabase,
  ticketNumbers,
  ticketsWithoutCreatedEvent,
  type OwnDatabase,
} from '@/lib/test/faults';
import { eventually, startReceiver, type Receiver } from '@/lib/test/webhook-receiver';

/**
 * The app dies (SIGKILL) in the middle of a write load and is started again on the same
 * database, a PostgreSQL server of this test's own: whatever it acknowledged is there, ticket
 * numbers stay unique, and every ticket that committed has its ticket.created webhook delivered.
 */
const dataDir = makeDataDir();
let db: OwnDatabase | undefined;
let app: RunningApp | undefined;
let receiver: Receiver | undefined;

afterAll(async () => {
  if (app) await stopApp(app);
  await receiver?.close();
  await db?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const CLIENTS = 8;
type Ticket = { id: number; number: string };
type Reply = { id: number };

it('keeps every acknowledged write and delivers every committed ticket.created across a SIGKILL under load', async () => {
  const startedAt = Date.now();
  db = await startOwnDatabase(dataDir, 54365);
  const env = faultAppEnv(path.join(dataDir, 'app'), 3113, db.url);
  receiver = await startReceiver();
  // A short delay keeps deliveries in flight, so that the kill cuts some attempts off.
  receiver.respondWith(() => ({ status: 200, delayMs: 100 }));

  app = await startApp(env);
  const api = apiClient(app.url, await firstAdminKey(app));
  const hook = await api('POST', '/webhooks', { url: receiver.url(), events: ['ticket.created'] });
  expect(hook.status).toBe(201);

  const acknowledgedTickets: Ticket[] = [];
  const acknowledgedReplies: Reply[] = [];
  const statuses = new Map<number, number>();
  let sent = 0;
  let killed = false;
  // Each client creates tickets, and replies to its latest one every third round.
  const lastTicket = new Map<number, number>();
  const loadStartedAt = Date.now();
  const load = runClients(
    CLIENTS,
    () => killed,
    async (client, round) => {
      sent++;
      const replyTo = lastTicket.get(client);
      if (round % 3 === 2 && replyTo !== undefined) {
        const answer = await api<Reply>('POST', `/tickets/${replyTo}/replies`, { content: `Reply ${client}.${round}`, type: 'internal' });
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (answer.status === 201) acknowledgedReplies.push({ id: answer.body!.data.id });
        return;
      }
      const answer = await api<Ticket>('POST', '/tickets', { subject: `Crash load ${client}.${round}`, description: 'Written under load', priority: 'high' });
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      if (answer.status === 201) {
        acknowledgedTickets.push({ id: answer.body!.data.id, number: answer.body!.data.number });
        lastTicket.set(client, answer.body!.data.id);
      }
    },
    { maxSteps: 5_000 },
  );

  // Mid-load: a few seconds of it, writes acknowledged and deliveries under way, then the kill.
  await eventually(() => Date.now() - loadStartedAt >= 3_000 && acknowledgedTickets.length >= 60 && receiver!.received.length >= 5, 60_000);
  const loadRanMs = Date.now() - loadStartedAt;
  await stopApp(app, 'SIGKILL');
  killed = true;
  await load;
  const deliveredBeforeKill = receiver.received.length;

  // Before the kill only 201s and no answers (cut off by the kill): never an error status.
  expect([...statuses.keys()].filter((s) => s !== 201 && s !== 0)).toEqual([]);

  receiver.respondWith(() => ({ status: 200 }));
  const restartAt = Date.now();
  app = await startApp(env);
  const restartMs = Date.now() - restartAt;

  // Every acknowledged ticket is there under the number it was given; no number twice.
  const { byId, duplicated } = await ticketNumbers(db.sql);
  expect(duplicated).toBe(0);
  expect(acknowledgedTickets.filter((t) => byId.get(t.id) !== t.number)).toEqual([]);
  const replyIds = acknowledgedReplies.map((r) => r.id);
  const storedReplies = await db.sql<{ id: number }[]>`select id from replies where id = any(${replyIds})`;
  expect(storedReplies.length).toBe(replyIds.length);
  // A ticket commits with its event, never without.
  expect(await ticketsWithoutCreatedEvent(db.sql)).toEqual([]);

  // Every committed ticket's ticket.created arrives, those the kill cut off once their jobs expire (30 s).
  const committed = [...byId.keys()];
  const deliveryWaitAt = Date.now();
  await eventually(() => {
    const delivered = deliveredTicketIds(receiver!.received.map((r) => r.body));
    return committed.every((id) => delivered.has(id));
  }, 150_000);
  const deliveryWaitMs = Date.now() - deliveryWaitAt;
  const delivered = deliveredTicketIds(receiver.received.map((r) => r.body));
  expect(committed.filter((id) => !delivered.has(id))).toEqual([]);

  console.log(
    JSON.stringify({
      test: 'faults-crash',
      requestsSent: sent,
      ticketsAcknowledged: acknowledgedTickets.length,
      repliesAcknowledged: acknowledgedReplies.length,
      ticketsCommitted: committed.length,
      answersCutOffByKill: statuses.get(0) ?? 0,
      loadRanMs,
      deliveredBeforeKill,
      deliveriesReceived: receiver.received.length,
      restartMs,
      allDeliveredAfterRestartMs: deliveryWaitMs,
      totalMs: Date.now() - startedAt,
    }),
  );
}, 280_000);
