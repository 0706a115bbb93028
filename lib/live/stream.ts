import 'server-only';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { getDb, type Db } from '@/db/client';
import { agentSessions, agents } from '@/db/schema';
import { admit } from '@/lib/api/admit';
import { errorToResponse } from '@/lib/api/error-response';
import { rateLimitedResponse } from '@/lib/api/rate-limit';
import { requestIdOf } from '@/lib/api/request-id';
import { ForbiddenError } from '@/lib/errors';
import type { LiveChange } from './resources';
import { subscribe } from './hub';

// Opens the stream, and says again that whatever changed before may have been missed.
const READY = 'event: ready\ndata: {}\n\n';
// A comment line now and then keeps proxies and load balancers from closing a quiet stream.
const KEEP_ALIVE_MS = 25_000;
// A stream outlives neither its session (signed out, ended elsewhere, expired) nor its agent's deactivation by more than this.
const SESSION_CHECK_MS = 60_000;

/**
 * GET /api/desk/live: the desk's one stream of Server-Sent Events per browser. Each `data:` line
 * is `{"changes":[{"resource":"ticket","id":12}]}`, sent as the change commits on any app instance;
 * the desk then asks the API again for what changed. `event: ready` opens it and comes again when
 * this instance's LISTEN connection was lost and is back (anything changed before must be read
 * again), and `event: ended` says the session is over. Only for a signed-in
 * agent's browser: the session cookie and the desk's client header, as on the API.
 */
export async function openLiveStream(req: Request): Promise<Response> {
  const requestId = requestIdOf(req.headers);
  try {
    const db = getDb();
    const { actor, budget, refusal } = await admit(db, req, 'read');
    if (budget?.allowed === false) return rateLimitedResponse(budget);
    if (refusal) throw refusal;
    if (actor.type !== 'agent' || !actor.sessionHash) throw new ForbiddenError('The live stream is for the desk, signed in in a browser');
    return await liveResponse(db, actor.agentId, actor.sessionHash, req.signal);
  } catch (error) {
    return errorToResponse(error, requestId);
  }
}

async function liveResponse(db: Db, agentId: number, sessionHash: string, signal: AbortSignal): Promise<Response> {
  const encoder = new TextEncoder();
  let write = (_text: string) => {};
  // Subscribed before answering: a database that cannot listen is a 503, not a stream that stays silent.
  const unsubscribe = await subscribe({
    agentId,
    send: (changes: LiveChange[]) => write(`data: ${JSON.stringify({ changes })}\n\n`),
    resync: () => write(READY),
  });
  const timers: NodeJS.Timeout[] = [];
  let closed = false;
  const close = (controller?: ReadableStreamDefaultController<Uint8Array>) => {
    if (closed) return;
    closed = true;
    for (const timer of timers) clearInterval(timer);
    unsubscribe();
    try {
      controller?.close();
    } catch {
      // already closed by the client going away
    }
  };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      write = (text) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          close(controller);
        }
      };
      signal.addEventListener('abort', () => close(controller));
      timers.push(setInterval(() => write(': keep-alive\n\n'), KEEP_ALIVE_MS));
      timers.push(
        setInterval(() => {
          sessionIsLive(db, sessionHash)
            .then((live) => {
              if (live) return;
              write('event: ended\ndata: {}\n\n');
              close(controller);
            })
            .catch(() => {});
        }, SESSION_CHECK_MS),
      );
      write(`retry: 5000\n${READY}`);
    },
    cancel() {
      close();
    },
  });
  return new Response(body, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      // no-transform: no compression, which would hold events back until a buffer fills.
      'Cache-Control': 'no-store, no-transform',
      'X-Accel-Buffering': 'no',
    },
  });
}

async function sessionIsLive(db: Db, sessionHash: string): Promise<boolean> {
  const [row] = await db
    .select({ agentId: agentSessions.agentId })
    .from(agentSessions)
    .innerJoin(agents, eq(agents.id, agentSessions.agentId))
    .where(and(eq(agentSessions.idHash, sessionHash), isNull(agentSessions.endedAt), gt(agentSessions.expiresAt, sql`now()`), eq(agents.status, 'active')));
  return !!row;
}
