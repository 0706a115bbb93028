import { z } from 'zod';
import { customerStatus } from '@/db/schema/customers';
import { customFieldValuesJson } from '@/lib/custom-fields/schema';
import { commaList, emailAddress, isoDateTime, plainText, queryInt, timestamp, atLeastOneField, nothingToUpdate } from '@/lib/schema-helpers';
import { customFieldsInput } from '@/lib/tickets/schema';
import { ianaTimeZone } from './time-zones';

export const customerStatuses = customerStatus.enumValues;
export type CustomerStatus = (typeof customerStatuses)[number];

const trimmed = (min: number, max: number) => z.string().trim().pipe(plainText(min, max));

/** Optional text, trimmed; blank is stored as null, like a value never given. */
const optionalText = (max: number) =>
  trimmed(0, max)
    .transform((s) => s || null)
    .nullish();

const email = emailAddress();

const address = z.object({
  street: optionalText(200),
  city: optionalText(100),
  state: optionalText(100),
  zip: optionalText(20),
  country: optionalText(100),
});

/** A BCP 47 language tag (`en`, `pt-BR`, `zh-Hant-TW`), stored in its canonical form (`EN-us` → `en-US`); blank is unset. */
const language = trimmed(0, 100).transform((tag, ctx) => {
  if (!tag) return null;
  try {
    return Intl.getCanonicalLocales(tag)[0]!;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'Language must be a BCP 47 language tag, e.g. en or pt-BR' });
    return z.NEVER;
  }
});

const timezone = trimmed(0, 100).transform((name, ctx) => {
  if (!name) return null;
  const zone = ianaTimeZone(name);
  if (zone) return zone;
  ctx.addIssue({ code: 'custom', message: 'Timezone must be an IANA time zone, e.g. America/New_York or UTC' });
  return z.NEVER;
});

// In a PUT, preferences and address are merged key by key into the stored ones; null removes a key.
const preferences = z.object({
  language: language.nullish(),
  timezone: timezone.nullish(),
  email_notifications: z.boolean().nullish(),
});

const customerFields = {
  first_name: trimmed(1, 100),
  last_name: trimmed(0, 100).nullish(),
  email,
  phone: optionalText(50),
  organization: optionalText(200),
  department: optionalText(200),
  title: optionalText(200),
  address: address.nullish(),
  custom_fields: customFieldsInput.optional(),
  preferences: preferences.nullish(),
  status: z.enum(customerStatuses),
};

export const createCustomerSchema = z.object({ ...customerFields, status: customerFields.status.default('active') });

export const updateCustomerSchema = z.object(customerFields).partial().refine(atLeastOneField, nothingToUpdate);

export const listCustomersQuery = z.object({
  // One organization, matched whole: names may contain commas ("Acme, Inc."), so this is not a list.
  organization: trimmed(1, 200).optional(),
  status: commaList(z.enum(customerStatuses)).optional(),
  created_after: isoDateTime.optional(),
  search: trimmed(1, 200).optional(),
  page: queryInt(1, 1_000_000).default(1),
  per_page: queryInt(1, 100).default(25),
  sort: z.enum(['created_at', 'updated_at', 'last_name', 'email']).default('created_at'),
  order: z.enum(['asc', 'desc']).default('desc'),
});

export const deleteCustomerQuery = z.object({
  force: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

export type CreateCustomerInput = z.infer<typeof createCustomerSchema>;
export type UpdateCustomerInput = z.infer<typeof updateCustomerSchema>;
export type AddressInput = z.infer<typeof address>;
export type PreferencesInput = z.infer<typeof preferences>;
export type ListCustomersQuery = z.infer<typeof listCustomersQuery>;
export type DeleteCustomerQuery = z.infer<typeof deleteCustomerQuery>;

/**
 * The reference's customer shape plus the rest of the record. Address and preferences always have
 * all their keys, null where unset.
 */
export const customerJson = z.strictObject({
  id: z.int(),
  first_name: z.string(),
  last_name: z.string().nullable(),
  email: z.string(),
  phone: z.string().nullable(),
  organization: z.string().nullable(),
  department: z.string().nullable(),
  title: z.string().nullable(),
  address: z.strictObject({
    street: z.string().nullable(),
    city: z.string().nullable(),
    state: z.string().nullable(),
    zip: z.string().nullable(),
    country: z.string().nullable(),
  }),
  custom_fields: customFieldValuesJson,
  preferences: z.strictObject({ language: z.string().nullable(), timezone: z.string().nullable(), email_notifications: z.boolean() }),
  status: z.enum(customerStatuses),
  created_at: timestamp,
  updated_at: timestamp,
  last_login: timestamp.nullable(),
  ticket_count: z.int(),
  // Set when mail to the address bounced (a delivery status report): nothing more is emailed to it.
  email_bounced_at: timestamp.nullable(),
  email_bounce_reason: z.string().nullable(),
});

export type CustomerJson = z.infer<typeof customerJson>;
