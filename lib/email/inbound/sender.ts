import { and, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import { customers, inboundEmails } from '@/db/schema';
import type { ServiceContext } from '@/lib/context';
import { createCustomerSchema } from '@/lib/customers/schema';
import { createCustomer } from '@/lib/customers/service';
import { ConflictError } from '@/lib/errors';
import type { Sender } from './parse';

/** "Ada Lovelace", "Lovelace, Ada", or the address's local part when the From header gives no name. */
export function nameOf(sender: Sender): { first: string; last: string } {
  const name = sender.name?.replace(/^["']|["']$/g, '').trim();
  if (!name || name.includes('@')) return { first: sender.address.split('@')[0]!.slice(0, 100), last: '' };
  const comma = /^([^,]+),\s*(.+)$/.exec(name);
  if (comma) return { first: comma[2]!.slice(0, 100), last: comma[1]!.slice(0, 100) };
  const words = name.split(/\s+/);
  if (words.length === 1) return { first: name.slice(0, 100), last: '' };
  return { first: words.slice(0, -1).join(' ').slice(0, 100), last: words.at(-1)!.slice(0, 100) };
}

async function customerIdByEmail(ctx: ServiceContext, address: string): Promise<number | null> {
  const [found] = await ctx.db.select({ id: customers.id }).from(customers).where(sql`lower(${customers.email}) = ${address}`);
  return found?.id ?? null;
}

/**
 * The sender's customer, found by address in any case, or created through the customers service
 * (so `customer.created` fires) named from the From header. Two messages from a new sender
 * received at once both try to create them; the one that loses finds the other's.
 */
export async function senderCustomerId(ctx: ServiceContext, sender: Sender): Promise<number> {
  const existing = await customerIdByEmail(ctx, sender.address);
  if (existing !== null) return existing;
  const { first, last } = nameOf(sender);
  const input = createCustomerSchema.parse({ first_name: first || sender.address, last_name: last, email: sender.address });
  try {
    return (await createCustomer(ctx, input)).id;
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const created = await customerIdByEmail(ctx, sender.address);
    if (created === null) throw error;
    return created;
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
