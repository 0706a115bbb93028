import { and, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import { customers, inboundEmails } from '@/db/schema';
import type { ServiceContext } from '@/lib/context';
import { type CreateCustomerInput, createCustomerSchema } from '@/lib/customers/schema';
import { clearEmailBounce, createCustomer } from '@/lib/customers/service';
import { ConflictError } from '@/lib/errors';
import type { Sender } from './parse';

const NAME_MAX = 100;

/**
 * At most the schema's 100 UTF-16 units, cut between code points: a cut inside a surrogate pair
 * (an emoji) would leave half a character, which the customer schema refuses.
 */
function cut(text: string): string {
  let kept = '';
  for (const character of text) {
    if (kept.length + character.length > NAME_MAX) break;
    kept += character;
  }
  return kept;
}

const localPart = (address: string) => cut(address.split('@')[0]!);

/** "Ada Lovelace", "Lovelace, Ada", or the address's local part when the From header gives no name. */
export function nameOf(sender: Sender): { first: string; last: string } {
  const name = sender.name?.replace(/^["']|["']$/g, '').trim();
  if (!name || name.includes('@')) return { first: localPart(sender.address), last: '' };
  const comma = /^([^,]+),\s*(.+)$/.exec(name);
  if (comma) return { first: cut(comma[2]!), last: cut(comma[1]!) };
  const words = name.split(/\s+/);
  if (words.length === 1) return { first: cut(name), last: '' };
  return { first: cut(words.slice(0, -1).join(' ')), last: cut(words.at(-1)!) };
}

async function customerByEmail(ctx: ServiceContext, address: string) {
  const [found] = await ctx.db
    .select({ id: customers.id, bouncedAt: customers.emailBouncedAt })
    .from(customers)
    .where(sql`lower(${customers.email}) = ${address}`);
  return found ?? null;
}

/**
 * The customer to create for a new sender, named from the From header; a name the customers
 * API would refuse (a NUL, half a character) gives way to the address's local part, so an odd
 * header never fails the delivery.
 */
function newCustomerInput(sender: Sender): CreateCustomerInput {
  const { first, last } = nameOf(sender);
  const named = createCustomerSchema.safeParse({ first_name: first || sender.address, last_name: last, email: sender.address });
  if (named.success) return named.data;
  return createCustomerSchema.parse({ first_name: localPart(sender.address), last_name: '', email: sender.address });
}

/**
 * The sender's customer, found by address in any case, or created through the customers service
 * (so `customer.created` fires) named from the From header. Two messages from a new sender
 * received at once both try to create them; the one that loses finds the other's. A customer
 * whose address had bounced has just written from it, so it receives mail again: the bounce is
 * cleared.
 */
export async function senderCustomerId(ctx: ServiceContext, sender: Sender): Promise<number> {
  const existing = await customerByEmail(ctx, sender.address);
  if (existing !== null) {
    if (existing.bouncedAt !== null) await clearEmailBounce(ctx, existing.id);
    return existing.id;
  }
  try {
    return (await createCustomer(ctx, newCustomerInput(sender))).id;
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const created = await customerByEmail(ctx, sender.address);
    if (created === null) throw error;
    return created.id;
  }
}

/** Whether an address can be a customer's email, as the customers API checks it. */
export function isCustomerEmail(address: string): boolean {
  return createCustomerSchema.shape.email.safeParse(address).success;
}

/** New tickets this sender opened by email in the last hour (the message being received not counted). */
export async function ticketsInLastHour(ctx: ServiceContext, address: string): Promise<number> {
  const [row] = await ctx.db
    .select({ count: sql<number>`count(*)::int` })
    .from(inboundEmails)
    .where(
      and(
        sql`${inboundEmails.fromAddress} = ${address}`,
        gt(inboundEmails.createdAt, sql`now() - interval '1 hour'`),
        isNotNull(inboundEmails.ticketId),
        isNull(inboundEmails.replyId),
      ),
    );
  return row?.count ?? 0;
}
