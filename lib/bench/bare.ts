import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { closeDb, getDb } from '@/db/client';
import { admit } from '@/lib/api/admit';
import { CLIENT_IP_HEADER } from '@/lib/api/client-ip';
import { closeRateLimiter } from '@/lib/api/rate-limit';
import { permits, type Permission } from '@/lib/context';
import { benchCases, type Endpoint, type Fixtures } from './cases';

/**
 * The baseline `npm run bench` holds the app against: node:http and a pool like the app's (the same
 * db/client.ts), doing per request only what any server must: authenticate the key and spend from
 * its budget (`admit`, the request wrapper's own first step: key lookup, last_used_at, limiter
 * upsert), call the route's query or service function with the input its schema parsed once at
 * start-up, and JSON.stringify the envelope. No Next, no zod, no wrapper. suite.ts starts it with
 * BARE_PORT, BENCH_FIXTURES and the app's environment (DATABASE_URL, pool size, rate limits).
 */
type Route = { permission: Permission; endpoint: Endpoint };

const fixtures: Fixtures = JSON.parse(process.env.BENCH_FIXTURES ?? 'null');
const routes = new Map<string, Route>();
for (const kase of benchCases(fixtures)) {
  for (const endpoint of kase.endpoints) routes.set(`${endpoint.method} ${endpoint.path}`, { permission: kase.permission, endpoint });
}

function send(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

const refuse = (res: http.ServerResponse, status: number, code: string, message: string) => send(res, status, { success: false, error: { code, message } });

/** Reads the body to its end, as the app does before it answers. */
const drain = (req: http.IncomingMessage) =>
  new Promise<void>((resolve, reject) => {
    req.on('end', resolve).on('error', reject);
    req.resume();
  });

async function answer(req: http.IncomingMessage, res: http.ServerResponse) {
  await drain(req);
  const route = routes.get(`${req.method} ${req.url}`);
  if (!route) return refuse(res, 404, 'NOT_FOUND', `No bench case for ${req.method} ${req.url}`);
  // admit() reads credentials and the peer address from a fetch Request, as route handlers get them.
  const headers = new Headers({ [CLIENT_IP_HEADER]: req.socket.remoteAddress ?? '' });
  if (req.headers.authorization) headers.set('authorization', req.headers.authorization);
  const db = getDb();
  const { actor, ip, budget, refusal } = await admit(db, new Request(`http://bare${req.url}`, { method: req.method, headers }), route.permission);
  if (budget?.allowed === false) return refuse(res, 429, 'RATE_LIMIT_EXCEEDED', 'Rate limit exceeded');
  if (refusal) return refuse(res, 401, 'UNAUTHORIZED', refusal.message);
  if (actor.type !== 'system' && !permits(actor.permission, route.permission)) return refuse(res, 403, 'FORBIDDEN', 'Forbidden');
  const { status, body } = await route.endpoint.serve({ db, actor, requestId: randomUUID(), ip });
  send(res, status, body);
}

const server = http.createServer({ keepAliveTimeout: 5_000 }, (req, res) => {
  answer(req, res).catch((error: unknown) => {
    console.error(error);
    if (!res.headersSent) refuse(res, 500, 'INTERNAL_ERROR', 'Internal error');
  });
});
const port = Number(process.env.BARE_PORT ?? 3114);
server.listen(port, '127.0.0.1', () => console.log(`bare server listening on ${port}`));

process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void Promise.all([closeDb(), closeRateLimiter()]).then(() => process.exit(0));
});
