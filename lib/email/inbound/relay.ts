import type { Db } from '@/db/client';
import type { Mailbox } from '@/db/schema';
import { findMailboxByInboundToken } from '@/lib/email/mailboxes';
import { UnauthorizedError } from '@/lib/errors';

/** The header a relay sends its mailbox's token in; `Authorization: Bearer <token>` is read too, for relays that can only set that. */
export const MAILBOX_TOKEN_HEADER = 'X-Loopdesk-Mailbox-Token';

function presentedToken(req: Request): string | null {
  const header = req.headers.get(MAILBOX_TOKEN_HEADER)?.trim();
  if (header) return header;
  return /^Bearer\s+(\S+)\s*$/i.exec(req.headers.get('authorization') ?? '')?.[1] ?? null;
}

/** The active mailbox whose relay token the request carries; a missing, wrong or switched-off one is a 401. */
export async function relayMailbox(db: Db, req: Request): Promise<Mailbox> {
  const token = presentedToken(req);
  if (!token) throw new UnauthorizedError(`Authentication required: send ${MAILBOX_TOKEN_HEADER}: <the mailbox's relay token>`);
  const mailbox = await findMailboxByInboundToken(db, token);
  if (!mailbox) throw new UnauthorizedError('Invalid mailbox token');
  return mailbox;
}
