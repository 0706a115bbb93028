import type { Customer } from '@/db/schema';
import { isoTime } from '@/lib/time';
import type { CustomerJson } from './schema';

/**
 * The reference's customer shape (id, names, email, phone, organization, status, created_at,
 * last_login, ticket_count) plus the rest of the record, the same everywhere: create, read,
 * list, update and the `data.customer` of customer events. Address and preferences always have
 * all their keys, null where unset; email notifications are on unless turned off.
 */
export function toCustomerJson(customer: Customer, ticketCount: number): CustomerJson {
  const address = customer.address ?? {};
  const preferences = customer.preferences;
  return {
    id: customer.id,
    first_name: customer.firstName,
    last_name: customer.lastName,
    email: customer.email,
    phone: customer.phone,
    organization: customer.organization,
    department: customer.department,
    title: customer.title,
    address: {
      street: address.street ?? null,
      city: address.city ?? null,
      state: address.state ?? null,
      zip: address.zip ?? null,
      country: address.country ?? null,
    },
    custom_fields: customer.customFields,
    preferences: {
      language: preferences.language ?? null,
      timezone: preferences.timezone ?? null,
      email_notifications: preferences.email_notifications ?? true,
    },
    status: customer.status,
    created_at: isoTime(customer.createdAt),
    updated_at: isoTime(customer.updatedAt),
    last_login: isoTime(customer.lastLogin),
    ticket_count: ticketCount,
    email_bounced_at: isoTime(customer.emailBouncedAt),
    email_bounce_reason: customer.emailBounceReason,
  };
}
