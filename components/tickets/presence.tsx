'use client';

import { useEffect, useState } from 'react';
import { leaveTicket, reportTicketPresence } from '@/components/data/tickets';
import type { PresenceJson } from '@/lib/tickets/schema';

const HEARTBEAT_MS = 5_000;

/**
 * Tells the others this agent has the ticket open (and whether they are typing) every few
 * seconds, and shows who else has it open: two agents should not answer the same customer twice.
 */
export function CollisionNotice({ ticketId, typing }: { ticketId: number; typing: boolean }) {
  const [others, setOthers] = useState<PresenceJson[]>([]);

  useEffect(() => {
    let stopped = false;
    const beat = () =>
      reportTicketPresence(ticketId, { typing })
        .then((data) => !stopped && setOthers(data))
        .catch(() => {});
    void beat();
    const timer = setInterval(beat, HEARTBEAT_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [ticketId, typing]);

  useEffect(() => () => leaveTicket(ticketId), [ticketId]);

  if (others.length === 0) return null;
  const typingNames = others.filter((o) => o.typing).map((o) => o.agent.name);
  const viewing = others.filter((o) => !o.typing).map((o) => o.agent.name);
  return (
    <p
      role="status"
      data-testid="collision-notice"
      className="mt-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
    >
      {typingNames.length > 0 && (
        <>
          {typingNames.join(', ')} {typingNames.length === 1 ? 'is' : 'are'} typing a reply.{' '}
        </>
      )}
      {viewing.length > 0 && (
        <>
          {viewing.join(', ')} also {viewing.length === 1 ? 'has' : 'have'} this ticket open.
        </>
      )}
    </p>
  );
}
