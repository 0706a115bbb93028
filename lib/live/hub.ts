import 'server-only';
import { getDb, listen } from '@/db/client';
import { log } from '@/lib/log';
import { keepPresenceAlive } from '@/lib/tickets/presence';
import { changesOf, LIVE_CHANNEL } from './changes';
import type { LiveChange } from './resources';

/** One open desk stream: the agent it belongs to, where its changes go, and how it is told that some may have been missed. */
export type LiveSubscriber = { agentId: number; send: (changes: LiveChange[]) => void; resync: () => void };

const PRESENCE_RENEWAL_MS = 15_000;

type Hub = { subscribers: Set<LiveSubscriber>; listening: Promise<unknown> | null; listens: number; renewal: NodeJS.Timeout | null };

// On globalThis: Next may load this module once per route bundle, and there must be one LISTEN per process.
const holder = globalThis as typeof globalThis & { loopdeskLiveHub?: Hub };
holder.loopdeskLiveHub ??= { subscribers: new Set(), listening: null, listens: 0, renewal: null };
const hub = holder.loopdeskLiveHub;

/**
 * Adds a desk stream to this process's one LISTEN connection; answers once it is listening (so
 * nothing committed after that is missed) with the way to remove it.
 */
export async function subscribe(subscriber: LiveSubscriber): Promise<() => void> {
  hub.subscribers.add(subscriber);
  hub.listening ??= listen(LIVE_CHANNEL, deliver, relistened).catch((error: unknown) => {
    hub.listening = null;
    throw error;
  });
  hub.renewal ??= setInterval(renewPresence, PRESENCE_RENEWAL_MS).unref();
  try {
    await hub.listening;
  } catch (error) {
    hub.subscribers.delete(subscriber);
    throw error;
  }
  return () => {
    hub.subscribers.delete(subscriber);
    if (hub.subscribers.size === 0 && hub.renewal) {
      clearInterval(hub.renewal);
      hub.renewal = null;
    }
  };
}

/** Listening again after a lost connection: what was announced meanwhile is lost, so every desk reads everything again. */
function relistened() {
  if (hub.listens++ === 0) return;
  for (const subscriber of hub.subscribers) subscriber.resync();
}

function deliver(payload: string) {
  const changes = changesOf(payload);
  if (changes.length === 0) return;
  for (const subscriber of hub.subscribers) subscriber.send(changes);
}

function renewPresence() {
  const agentIds = [...new Set([...hub.subscribers].map((s) => s.agentId))];
  keepPresenceAlive(getDb(), agentIds).catch((error: unknown) => log('warn', 'presence renewal failed', { error: String(error) }));
}
