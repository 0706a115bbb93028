import { sql } from 'drizzle-orm';
import { index, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns';

export const customerStatus = pgEnum('customer_status', ['active', 'inactive', 'blocked']);

export type CustomerAddress = {
  street?: string | null;
  city?: string | null;
  state?: string | null;
  zip?: string | null;
  country?: string | null;
};
export type CustomerPreferences = { language?: string; timezone?: string; email_notifications?: boolean };
export type CustomFieldValues = Record<string, string | number | boolean | null>;

export const customers = pgTable(
  'customers',
  {
    id: id(),
    firstName: text().notNull(),
    lastName: text().notNull().default(''),
    email: text().notNull(),
    phone: text(),
    organization: text(),
    department: text(),
    title: text(),
    address: jsonb().$type<CustomerAddress>(),
    customFields: jsonb().$type<CustomFieldValues>().notNull().default({}),
    preferences: jsonb().$type<CustomerPreferences>().notNull().default({}),
    status: customerStatus().notNull().default('active'),
    lastLogin: timestamp({ withTimezone: true }),
    // Set when a delivery status report says mail to this address bounced: nothing more is sent to it.
    emailBouncedAt: timestamp({ withTimezone: true }),
    emailBounceReason: text(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('customers_email_lower_idx').on(sql`lower(${t.email})`),
    index().on(t.organization),
    index().on(t.status),
    index().on(t.createdAt),
    index().on(t.updatedAt),
    index('customers_name_lower_idx').on(sql`lower(${t.lastName})`, sql`lower(${t.firstName})`),
    // `search` matches name, email and organization with ILIKE '%term%'; trigrams keep that indexed.
    index('customers_search_trgm_idx').using(
      'gin',
      sql`(${t.firstName} || ' ' || ${t.lastName} || ' ' || ${t.email} || ' ' || coalesce(${t.organization}, '')) gin_trgm_ops`,
    ),
  ],
);

export type Customer = typeof customers.$inferSelect;
