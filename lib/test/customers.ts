import { and, asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { getDb } from '@/db/client';
import { systemContext } from '@/lib/context';
import { customers, events } from '@/db/schema';
import { createCustomerSchema } from '@/lib/customers/schema';
import type { CustomerJson } from '@/lib/customers/serialize';
import { createCustomer } from '@/lib/customers/service';

const system = () => systemContext(getDb(), 'test-fixture');

let counter = 0;
/** An email address no other fixture in this test file has. */
export const uniqueEmail = (name = 'customer') => `${name}.${++counter}.${process.pid}@example.com`;

/** The reference's "Create Customer" request body, verbatim but for its (obfuscated) email. */
export const referenceCustomerBody = () => ({
  first_name: 'John',
  last_name: 'Smith',
  email: uniqueEmail('john.smith'),
  phone: '+1-555-123-4567',
  organization: 'Acme Corporation',
  department: 'IT Department',
  title: 'System Administrator',
  address: { street: '123 Business Ave', city: 'New York', state: 'NY', zip: '10001', country: 'United States' },
  custom_fields: { employee_id: 'EMP-12345', cost_center: 'IT-001', manager: 'Jane Doe' },
  preferences: { language: 'en', timezone: 'America/New_York', email_notifications: true },
});

/** A customer made through the service, as POST /customers makes it. */
export function customerFixture(input: Partial<z.input<typeof createCustomerSchema>> = {}): Promise<CustomerJson> {
  return createCustomer(system(), createCustomerSchema.parse({ first_name: 'John', last_name: 'Smith', email: uniqueEmail(), ...input }));
}

/** Moves a customer's timestamps, so that sorts and date filters have distinct values to order. */
export async function setCustomerTimes(id: number, createdAt: string, updatedAt = createdAt) {
  await getDb()
    .update(customers)
    .set({ createdAt: new Date(createdAt), updatedAt: new Date(updatedAt) })
    .where(eq(customers.id, id));
}

/** The domain events written for one customer, oldest first. */
export function customerEvents(customerId: number) {
  return getDb()
    .select()
    .from(events)
    .where(and(eq(events.resourceType, 'customer'), eq(events.resourceId, customerId)))
    .orderBy(asc(events.id));
}
