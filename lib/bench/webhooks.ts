import { closeDb, getDb } from '@/db/client';
import { systemContext } from '@/lib/context';
import { startReceiver } from '@/lib/test/webhook-receiver';
import { createTickets } from '@/lib/tickets/service';
import { createWebhook } from '@/lib/webhooks/service';
import { startWebhookWorker } from '@/lib/webhooks/worker';
import { benchDatabase } from './database';

/**
 * `npm run bench:webhooks`: tickets are created one per transaction by several concurrent
 * writers (as API requests would), each fanning out to WEBHOOKS webhooks, while the worker
 * delivers them to a local receiver; then a steady trickle of events. Prints the rates events
 * were committed and delivered at, and the lag from each commit to its arrival at the receiver.
 */
const EVENTS = Number(process.env.BENCH_EVENTS ?? 2000);
const WEBHOOKS = 3;
const WRITERS = 8;
const PACED_EVENTS = 300;
const PACED_RATE = 30;

process.env.LOOPDESK_WEBHOOK_ALLOWED_HOSTS = '127.0.0.1';

const database = await benchDatabase();
const receiver = await startReceiver();
const worker = await startWebhookWorker();
const ctx = systemContext(getDb(), 'bench');

for (let i = 0; i < WEBHOOKS; i++) {
  await createWebhook(ctx, { url: receiver.url(`/hook-${i}`), events: ['ticket.created'], active: true });
}

const committedAt = new Map<number, number>();
const ticketOf = (body: string) => (JSON.parse(body) as { data: { ticket: { id: number } } }).data.ticket.id;

async function createTicket(n: number) {
  const [ticket] = await createTickets(ctx, [{ subject: `Benchmark ${n}`, description: 'x', status: 'open', priority: 'normal' }]);
  committedAt.set(ticket!.id, Date.now());
}

/** The first arrival of each delivery (a retried one may arrive twice). */
function arrivals() {
  const first = new Map<string, { ticketId: number; receivedAt: number }>();
  for (const r of receiver.received) {
    const id = String(r.headers['x-loopdesk-delivery']);
    if (!first.has(id)) first.set(id, { ticketId: ticketOf(r.body), receivedAt: r.receivedAt });
  }
  return [...first.values()];
}

async function waitForDeliveries(count: number) {
  const until = performance.now() + 600_000;
  while (arrivals().length < count) {
    if (performance.now() > until) throw new Error(`only ${arrivals().length} of ${count} deliveries arrived in 10 minutes`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function lagPercentiles(tickets: (id: number) => boolean) {
  const lags = arrivals()
    .filter((a) => tickets(a.ticketId))
    .map((a) => a.receivedAt - committedAt.get(a.ticketId)!)
    .sort((a, b) => a - b);
  const at = (p: number) => lags[Math.min(lags.length - 1, Math.floor((p / 100) * lags.length))]!;
  return `p50 ${at(50)} ms, p95 ${at(95)} ms, max ${lags.at(-1)} ms`;
}

// Throughput: as many events as the writers can commit, delivered as fast as the worker can.
const started = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: WRITERS }, async () => {
    while (next < EVENTS) await createTicket(++next);
  }),
);
const committedMs = performance.now() - started;
const burst = EVENTS * WEBHOOKS;
await waitForDeliveries(burst);
const deliveredMs = performance.now() - started;

// Latency: a steady PACED_RATE events a second, well under capacity, as a busy helpdesk makes them.
for (let i = 0; i < PACED_EVENTS; i++) {
  const tick = performance.now();
  void createTicket(EVENTS + i + 1);
  await new Promise((r) => setTimeout(r, Math.max(0, 1000 / PACED_RATE - (performance.now() - tick))));
}
await waitForDeliveries(burst + PACED_EVENTS * WEBHOOKS);

console.log(`webhook delivery benchmark on ${database.server}`);
console.log(`  burst: ${EVENTS} ticket.created events (${WRITERS} concurrent writers) × ${WEBHOOKS} webhooks = ${burst} deliveries`);
console.log(`    events committed and fanned out: ${Math.round(EVENTS / (committedMs / 1000))} events/s`);
console.log(
  `    deliveries made:                 ${Math.round(burst / (deliveredMs / 1000))} deliveries/s (${Math.round(EVENTS / (deliveredMs / 1000))} events/s delivered to every webhook)`,
);
console.log(`    lag from commit to receipt:      ${lagPercentiles((id) => id <= EVENTS)}`);
console.log(`  requests sent more than once: ${receiver.received.length - arrivals().length}`);
console.log(`  steady: ${PACED_EVENTS} events at ${PACED_RATE} events/s × ${WEBHOOKS} webhooks`);
console.log(`    lag from commit to receipt:      ${lagPercentiles((id) => id > EVENTS)}`);

await worker.stop();
await receiver.close();
await closeDb();
await database.drop();
