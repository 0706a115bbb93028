'use client';

import { useQueryClient, type Query, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect } from 'react';
import { CLIENT_HEADER, WEB_CLIENT } from '@/lib/api/client-header';
import { LIVE_STREAM_PATH, type LiveChange, type LiveResource } from '@/lib/live/resources';
import { agentKeys } from './agents';
import { customFieldKeys } from './custom-fields';
import { customerKeys } from './customers';
import { macroKeys } from './macros';
import { meKeys } from './me';
import { notificationKeys } from './notifications';
import { categoryKeys, departmentKeys } from './organisation';
import { presenceKeys } from './presence';
import { slaPolicyKeys } from './sla-policies';
import { ticketKeys } from './tickets';
import { viewKeys } from './views';

/** What the leading tab passes on to the others: changes, or "read everything again" after a gap. */
export type LiveMessage = { type: 'changes'; changes: LiveChange[] } | { type: 'resync' };

const CHANNEL = 'loopdesk-live';
// Changes arriving together (a bulk update, a reply and its status change) cost one refetch, and
// on a busy desk a visible tab refetches at most every MIN_REFETCH_MS, its view counts every SLOW_REFETCH_MS.
const GATHER_MS = 250;
const MIN_REFETCH_MS = 2_000;
export const SLOW_REFETCH_MS = 30_000;
const MAX_BACKOFF_MS = 30_000;

/**
 * Keeps the desk's queries fresh without polling. One tab per browser (the holder of a Web Lock)
 * keeps the stream of changes open and passes each message to the others on a BroadcastChannel,
 * so any number of tabs cost one connection; when it closes, another tab takes over. A change
 * refetches only the queries it touches, and in a hidden tab only marks them stale: they are
 * read again when the tab is shown.
 */
export function useLiveUpdates() {
  const queryClient = useQueryClient();
  useEffect(() => {
    const stop = new AbortController();
    const apply = gathered((messages) => applyLive(queryClient, messages));
    const slow = setInterval(() => refetchSlow(queryClient), SLOW_REFETCH_MS);
    const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;
    channel?.addEventListener('message', (event: MessageEvent<LiveMessage>) => apply(event.data));
    const lead = (afterAnother: boolean) =>
      followStream(stop.signal, afterAnother, (message) => {
        apply(message);
        channel?.postMessage(message);
      });
    if (!navigator.locks) void lead(false);
    else
      navigator.locks
        .request(CHANNEL, { ifAvailable: true }, (lock) =>
          // Taking over from a tab that closed: what changed in between was heard by no tab.
          lock ? lead(false) : navigator.locks.request(CHANNEL, { signal: stop.signal }, () => lead(true)),
        )
        .catch(() => {});
    return () => {
      stop.abort();
      clearInterval(slow);
      channel?.close();
    };
  }, [queryClient]);
}

/**
 * Reads the stream until `signal` aborts, reconnecting with growing, jittered pauses. Every `ready`
 * after the first (a reconnection, or the server's own LISTEN reconnecting) asks for everything
 * again; the first one too when this tab takes the stream over from another (`afterAnother`).
 */
async function followStream(signal: AbortSignal, afterAnother: boolean, onMessage: (message: LiveMessage) => void): Promise<void> {
  let failures = 0;
  let connectedBefore = afterAnother;
  while (!signal.aborted) {
    try {
      const response = await fetch(LIVE_STREAM_PATH, { credentials: 'same-origin', cache: 'no-store', headers: { [CLIENT_HEADER]: WEB_CLIENT }, signal });
      // The session ended (signed out elsewhere, deactivated, expired): back to the sign-in page.
      if (response.status === 401) return window.location.assign(`/login?callbackUrl=${encodeURIComponent(window.location.pathname + window.location.search)}`);
      if (response.ok && response.body) {
        for await (const event of serverSentEvents(response.body)) {
          if (event.type === 'ready') {
            failures = 0;
            // Whatever changed while the stream was down was not heard: read it all again.
            if (connectedBefore) onMessage({ type: 'resync' });
            connectedBefore = true;
          } else if (event.type === 'message') {
            const changes = (JSON.parse(event.data) as { changes?: LiveChange[] }).changes;
            if (changes?.length) onMessage({ type: 'changes', changes });
          }
        }
      }
    } catch {
      // a dropped connection or an abort: retried below unless aborted
    }
    if (signal.aborted) return;
    const pause = Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** failures++) * (0.5 + Math.random() / 2);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, pause);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

type ServerSentEvent = { type: string; data: string };

/** The events of a `text/event-stream` body (the parts the desk uses: `event:` and `data:` lines). */
async function* serverSentEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      buffer += decoder.decode(read.value, { stream: true }).replace(/\r\n?/g, '\n');
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const lines = buffer.slice(0, end).split('\n');
        buffer = buffer.slice(end + 2);
        const field = (name: string) =>
          lines
            .filter((l) => l.startsWith(`${name}:`))
            .map((l) => l.slice(name.length + 1).replace(/^ /, ''))
            .join('\n');
        const data = field('data');
        const type = field('event') || 'message';
        if (type !== 'message' || data) yield { type, data };
      }
    }
  } finally {
    reader.releaseLock();
  }
}

/** Calls `flush` once with the messages that arrived within GATHER_MS of the first, and at most every MIN_REFETCH_MS. */
function gathered(flush: (messages: LiveMessage[]) => void): (message: LiveMessage) => void {
  let pending: LiveMessage[] = [];
  let lastFlush = 0;
  return (message) => {
    if (pending.push(message) > 1) return;
    const wait = Math.max(GATHER_MS, lastFlush + MIN_REFETCH_MS - Date.now());
    setTimeout(() => {
      const messages = pending;
      pending = [];
      lastFlush = Date.now();
      flush(messages);
    }, wait);
  };
}

/** Queries marked `meta: { live: 'slow' }` (the views' counts) are only marked invalid by a change; this reads those again. */
const isSlow = (query: Query) => query.meta?.live === 'slow';

function refetchSlow(queryClient: QueryClient) {
  if (document.visibilityState === 'hidden') return;
  void queryClient.refetchQueries({ predicate: (query) => isSlow(query) && query.state.isInvalidated, type: 'active' });
}

/** The queries each kind of record feeds, besides tickets (whose lists and one detail are chosen below). */
const keysOf: Partial<Record<LiveResource, QueryKey[]>> = {
  customer: [customerKeys.all],
  // An agent's own preferences (their time zone) are part of their record: other tabs follow a change too.
  agent: [agentKeys.all, meKeys.preferences],
  department: [departmentKeys.all],
  category: [categoryKeys.all],
  custom_field: [customFieldKeys.all],
  saved_view: [viewKeys.all],
  macro: [macroKeys.all],
  // A policy change runs the clocks of open tickets again: their due times and breaches move too.
  sla_policy: [slaPolicyKeys.all, ticketKeys.all],
};

/** Refetches what the messages touch: visible tabs at once, hidden ones when shown again. */
export function applyLive(queryClient: QueryClient, messages: LiveMessage[]): void {
  const refetchType = document.visibilityState === 'hidden' ? 'none' : 'active';
  if (messages.some((m) => m.type === 'resync')) {
    void queryClient.invalidateQueries({ refetchType });
    return;
  }
  const changes = messages.flatMap((m) => (m.type === 'changes' ? m.changes : []));
  const tickets = new Set(changes.filter((c) => c.resource === 'ticket').map((c) => c.id));
  if (tickets.size > 0) {
    void queryClient.invalidateQueries({ queryKey: ticketKeys.all, predicate: (q) => touchedBy(tickets)(q) && !isSlow(q), refetchType });
    void queryClient.invalidateQueries({ queryKey: ticketKeys.all, predicate: isSlow, refetchType: 'none' });
  }
  for (const id of new Set(changes.filter((c) => c.resource === 'presence' && c.id !== null).map((c) => c.id!))) {
    void queryClient.invalidateQueries({ queryKey: presenceKeys.of(id), refetchType });
  }
  // Every desk hears every agent's; only the named agent's desk holds queries under that key.
  for (const id of new Set(changes.filter((c) => c.resource === 'notification' && c.id !== null).map((c) => c.id!))) {
    void queryClient.invalidateQueries({ queryKey: notificationKeys.of(id), refetchType });
  }
  for (const resource of new Set(changes.map((c) => c.resource))) {
    for (const queryKey of keysOf[resource] ?? []) void queryClient.invalidateQueries({ queryKey, refetchType });
  }
}

/** Any ticket change can move tickets between lists and counts; a ticket's own page only follows that ticket. */
const touchedBy =
  (tickets: Set<number | null>) =>
  ({ queryKey }: Query): boolean => {
    const [, kind, id] = queryKey;
    return kind !== 'detail' || typeof id !== 'number' || tickets.has(id);
  };
