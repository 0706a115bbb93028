import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { getDb } from '@/db/client';
import { customers } from '@/db/schema';
import { referenceRequests } from '@/lib/api/reference-examples';
import type { CreateApiKeyInput } from '@/lib/api-keys/schema';
import * as apiKeys from '@/lib/api-keys/service';
import { createAgentSchema } from '@/lib/agents/schema';
import * as agents from '@/lib/agents/service';
import { systemContext, type ServiceContext } from '@/lib/context';
import { createCustomFieldSchema } from '@/lib/custom-fields/schema';
import * as customFields from '@/lib/custom-fields/service';
import { createCustomerSchema, type CustomerJson } from '@/lib/customers/schema';
import * as customersService from '@/lib/customers/service';
import { createCategorySchema, createDepartmentSchema } from '@/lib/organisation/schema';
import * as organisation from '@/lib/organisation/service';
import { createTicketSchema, type TicketJson } from '@/lib/tickets/schema';
import * as tickets from '@/lib/tickets/service';

/**
 * Every fixture is made through the service the API calls, with its input parsed by the same
 * schema, so a fixture is a state the product can reach and writes the events the product writes.
 */
export const fixtureContext = (): ServiceContext => systemContext(getDb(), 'test-fixture');

let counter = 0;
/** A name no other fixture in this test file has. */
export const uniqueName = (base: string) => `${base} ${++counter}`;
/** An email address no other fixture in this test file has. */
export const uniqueEmail = (name = 'customer') => `${name}.${++counter}.${process.pid}@example.com`;

/** An API key's secret; made by `agentId` when given, as a signed-in admin makes one. */
export async function createKey(permission: 'read' | 'write' | 'admin', extra: Partial<CreateApiKeyInput> = {}, agentId?: number) {
  const ctx = fixtureContext();
  const creator = agentId ? { ...ctx, actor: { type: 'agent' as const, agentId, permission: 'admin' as const } } : ctx;
  const created = await apiKeys.createApiKey(creator, { name: `${permission} key`, permission, ...extra });
  return created.key;
}

export function createAgent(input: Partial<z.input<typeof createAgentSchema>> = {}) {
  return agents.createAgent(fixtureContext(), createAgentSchema.parse({ first_name: 'Sarah', last_name: 'Johnson', email: uniqueEmail('agent'), ...input }));
}

export function createCustomer(input: Partial<z.input<typeof createCustomerSchema>> = {}): Promise<CustomerJson> {
  return customersService.createCustomer(
    fixtureContext(),
    createCustomerSchema.parse({ first_name: 'John', last_name: 'Smith', email: uniqueEmail(), ...input }),
  );
}

/** The reference's "Create Customer" request body, verbatim but for its (obfuscated) email. */
export const referenceCustomerBody = () => ({ ...referenceRequests.createCustomer, email: uniqueEmail('john.smith') });

/**
 * Moves a customer's timestamps, so that sorts and date filters have distinct values to order.
 * Written to the row directly: no service backdates a customer, the database stamps the time.
 */
export async function setCustomerTimes(id: number, createdAt: string, updatedAt = createdAt) {
  await getDb()
    .update(customers)
    .set({ createdAt: new Date(createdAt), updatedAt: new Date(updatedAt) })
    .where(eq(customers.id, id));
}

export function createDepartment(input: Partial<z.input<typeof createDepartmentSchema>> = {}) {
  return organisation.createDepartment(fixtureContext(), createDepartmentSchema.parse({ name: uniqueName('Technical Support'), ...input }));
}

export function createCategory(input: Partial<z.input<typeof createCategorySchema>> = {}) {
  return organisation.createCategory(fixtureContext(), createCategorySchema.parse({ name: uniqueName('Login Issues'), ...input }));
}

export function createCustomField(input: Partial<z.input<typeof createCustomFieldSchema>> = {}) {
  return customFields.createCustomField(
    fixtureContext(),
    createCustomFieldSchema.parse({ entity: 'ticket', key: `field_${++counter}`, label: 'Field', type: 'text', ...input }),
  );
}

export function createTicket(input: Partial<z.input<typeof createTicketSchema>> = {}): Promise<TicketJson> {
  return tickets.createTicket(fixtureContext(), createTicketSchema.parse({ subject: 'Unable to login to account', ...input }));
}
