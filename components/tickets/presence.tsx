'use client';

import { useEffect } from 'react';
import { leaveTicket, useTicketPresence } from '@/components/data/presence';

/**
 * Tells the others this agent has the ticket open (and whether they are typing), and shows who
 * else has it open: two agents should not answer the same customer twice.
 */
export function CollisionNotice({ ticketId, typing }: { ticketId: number; typing: boolean }) {
  const others = useTicketPresence(ticketId, typing).data ?? [];

  useEffect(() => {
    // A closed tab runs no clean-up: the page's farewell says it left too.
    const farewell = () => leaveTicket(ticketId);
    window.addEventListener('pagehide', farewell);
    return () => {
      window.removeEventListener('pagehide', farewell);
      leaveTicket(ticketId);
    };
  }, [ticketId]);

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
