import 'server-only';
import { and, asc, eq, isNotNull, ne, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { customers, tickets, type Customer, type CustomerAddress, type CustomerPreferences } from '@/db/schema';
import type { ServiceContext } from '@/lib/context';
import { applyCustomFields, loadCustomFieldRules } from '@/lib/custom-fields/validate';
import { ConflictError, NotFoundError, ValidationError, isUniqueViolation } from '@/lib/errors';
import { changeOf, recordEvents, resourceEvent, type EventType, type NewEvent } from '@/lib/events';
import { removeStoredFiles } from '@/lib/files/attachments';
import { deleteTicketRows } from '@/lib/tickets/service';
import { getCustomerOrThrow } from './queries';
import type { AddressInput, CreateCustomerInput, CustomerJson, DeleteCustomerQuery, PreferencesInput, UpdateCustomerInput } from './schema';
import { toCustomerJson } from './serialize';

const EMAIL_INDEX = 'customers_email_lower_idx';
const emailTaken = (email: string) => `A customer with email ${email} already exists`;

/** Emails are unique whatever their case (the lower(email) index); `exceptId` lets a customer keep its own. */
async function checkEmailFree(db: Db, email: string, exceptId?: number) {
  const [taken] = await db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(sql`lower(${customers.email})`, sql`lower(${email})`), exceptId ? ne(customers.id, exceptId) : undefined));
  if (taken) throw new ConflictError(emailTaken(email), undefined, [{ field: 'email', message: emailTaken(email) }]);
}

/** Runs a write and turns the email index's unique_violation (a concurrent twin) into the same 409 the check gives. */
async function withUniqueEmail<T>(email: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (email !== undefined && isUniqueViolation(error, EMAIL_INDEX)) {
      throw new ConflictError(emailTaken(email), { cause: error }, [{ field: 'email', message: emailTaken(email) }]);
    }
    throw error;
  }
}

/** A JSON merge patch of one level (RFC 7396): given keys replace, null removes, absent keys stay. */
function mergePatch<T extends object>(current: T, patch: { [K in keyof T]?: T[K] | null }): T {
  const merged: Record<string, unknown> = Object.fromEntries(Object.entries(current));
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else if (value !== undefined) merged[key] = value;
  }
  return merged as T;
}

function nextAddress(current: CustomerAddress | null, patch: AddressInput | null): CustomerAddress | null {
  if (patch === null) return null;
  const merged = mergePatch(current ?? {}, patch);
  return Object.keys(merged).length > 0 ? merged : null;
}

const nextPreferences = (current: CustomerPreferences, patch: PreferencesInput | null): CustomerPreferences =>
  patch === null ? {} : mergePatch(current, patch);

/** Drops the fields a partial update leaves out (undefined), keeping those it clears (null). */
const definedOnly = <T extends object>(values: T): Partial<T> =>
  Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;

function customerEvent(type: EventType, customer: CustomerJson, extra: Record<string, unknown> = {}): NewEvent {
  return resourceEvent(type, customer.id, { customer, ...extra });
}

/** POST /customers: custom fields are checked against the customer definitions; emails are unique in any case. */
export function createCustomer(ctx: ServiceContext, input: CreateCustomerInput): Promise<CustomerJson> {
  return withUniqueEmail(input.email, () =>
    ctx.db.transaction(async (tx) => {
      const rules = await loadCustomFieldRules(tx, 'customer');
      const fields = applyCustomFields(rules, {}, input.custom_fields, 'custom_fields', 'create');
      if (fields.errors.length > 0) throw new ValidationError(fields.errors);
      await checkEmailFree(tx, input.email);
      const [row] = await tx
        .insert(customers)
        .values({
          firstName: input.first_name,
          lastName: input.last_name ?? '',
          email: input.email,
          phone: input.phone ?? null,
          organization: input.organization ?? null,
          department: input.department ?? null,
          title: input.title ?? null,
          address: input.address ? nextAddress(null, input.address) : null,
          customFields: fields.values,
          preferences: input.preferences ? nextPreferences({}, input.preferences) : {},
          status: input.status,
        })
        .returning({ id: customers.id });
      const customer = await getCustomerOrThrow(tx, row!.id);
      await recordEvents({ ...ctx, db: tx }, [customerEvent('customer.created', customer)]);
      return customer;
    }),
  );
}

/**
 * What `next` would change of the API's customer. Compared as the API shows them, so a customer
 * read with GET and sent back with PUT changes nothing (an unset notification preference and an
 * explicit `true` read the same), and objects compare by content in any key order.
 */
function customerChange(current: Customer, next: Partial<Customer>) {
  return changeOf(toCustomerJson(current, 0), toCustomerJson({ ...current, ...next }, 0));
}

/**
 * PUT /customers/{id}: a partial update. Custom fields, address and preferences are merged into the
 * stored ones. An update that changes nothing writes nothing: no event, the same updated_at.
 */
export function updateCustomer(ctx: ServiceContext, id: number, input: UpdateCustomerInput): Promise<CustomerJson> {
  return withUniqueEmail(input.email, () =>
    ctx.db.transaction(async (tx) => {
      const [current] = await tx.select().from(customers).where(eq(customers.id, id)).for('update');
      if (!current) throw new NotFoundError('Customer');
      const rules = await loadCustomFieldRules(tx, 'customer');
      const fields = applyCustomFields(rules, current.customFields, input.custom_fields, 'custom_fields', 'update');
      if (fields.errors.length > 0) throw new ValidationError(fields.errors);
      if (input.email !== undefined) await checkEmailFree(tx, input.email, id);

      // Another address is not the one that bounced: mail may go to it again.
      const readdressed = input.email !== undefined && input.email.toLowerCase() !== current.email.toLowerCase();
      const next: Partial<Customer> = definedOnly({
        firstName: input.first_name,
        lastName: input.last_name === null ? '' : input.last_name,
        email: input.email,
        phone: input.phone,
        organization: input.organization,
        department: input.department,
        title: input.title,
        address: input.address === undefined ? undefined : nextAddress(current.address, input.address),
        customFields: input.custom_fields === undefined ? undefined : fields.values,
        preferences: input.preferences === undefined ? undefined : nextPreferences(current.preferences, input.preferences),
        status: input.status,
        ...(readdressed && current.emailBouncedAt !== null ? { emailBouncedAt: null, emailBounceReason: null } : {}),
      });
      const change = customerChange(current, next);
      if (change.changes.length === 0) return getCustomerOrThrow(tx, id);

      await tx
        .update(customers)
        .set({ ...next, updatedAt: new Date() })
        .where(eq(customers.id, id));
      const customer = await getCustomerOrThrow(tx, id);
      await recordEvents({ ...ctx, db: tx }, [customerEvent('customer.updated', customer, change)]);
      return customer;
    }),
  );
}

/**
 * Lifts a bounce recorded on the customer's address: they have written from it since, so it takes
 * mail again. customer.updated with the two fields, as the bounce itself writes it; nothing when
 * there is no bounce (a concurrent clear got there first).
 */
export function clearEmailBounce(ctx: ServiceContext, id: number): Promise<void> {
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(customers)
      .where(and(eq(customers.id, id), isNotNull(customers.emailBouncedAt)))
      .for('update');
    if (!current) return;
    const next = { emailBouncedAt: null, emailBounceReason: null };
    await tx
      .update(customers)
      .set({ ...next, updatedAt: new Date() })
      .where(eq(customers.id, id));
    const customer = await getCustomerOrThrow(tx, id);
    await recordEvents({ ...ctx, db: tx }, [customerEvent('customer.updated', customer, customerChange(current, next))]);
  });
}

/**
 * DELETE /customers/{id}: refused while the customer has tickets, unless `force`, which deletes
 * those tickets too (with their replies, attachments and ratings; ticket.deleted for each). The
 * customer's row lock makes a ticket filed for them meanwhile wait, then fail its foreign key.
 * Attachment files are removed once the deletion has committed.
 */
export async function deleteCustomer(ctx: ServiceContext, id: number, { force }: DeleteCustomerQuery): Promise<void> {
  const storageKeys = await ctx.db.transaction(async (tx) => {
    const [found] = await tx.select({ id: customers.id }).from(customers).where(eq(customers.id, id)).for('update');
    if (!found) throw new NotFoundError('Customer');
    const owned = await tx
      .select({ id: tickets.id, number: tickets.number })
      .from(tickets)
      .where(eq(tickets.customerId, id))
      .orderBy(asc(tickets.id))
      .for('update');
    if (owned.length > 0 && !force) {
      const [has, them] = owned.length === 1 ? ['1 ticket', 'it'] : [`${owned.length} tickets`, 'them'];
      throw new ConflictError(`Customer ${id} has ${has}; move or delete ${them} first, or pass force=true to delete ${them} with the customer`);
    }
    const customer = await getCustomerOrThrow(tx, id);
    const keys = await deleteTicketRows({ ...ctx, db: tx }, owned);
    await tx.delete(customers).where(eq(customers.id, id));
    await recordEvents({ ...ctx, db: tx }, [customerEvent('customer.deleted', customer, { deleted_tickets: owned.length })]);
    return keys;
  });
  await removeStoredFiles(storageKeys);
}
