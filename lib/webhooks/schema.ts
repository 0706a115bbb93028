import { z } from 'zod';
import { ALL_EVENTS, webhookEvents } from '@/lib/events/catalogue';
import { plainText, queryInt, timestamp, atLeastOneField, nothingToUpdate, commaList } from '@/lib/schema-helpers';
import { STANDARD_PREFIX } from './signature';
import { parseWebhookUrl } from './ssrf';

/**
 * No more items than there are events: a longer list repeats one, and the repeat check below is
 * quadratic. zod checks an array's size before its items; `.max()` would also measure a string
 * sent in the list's place ("must be at most 8 characters"), so this one measures arrays only.
 */
const atMostOnePerEvent = new z.core.$ZodCheckMaxLength({
  check: 'max_length',
  maximum: webhookEvents.length,
  when: (payload) => Array.isArray(payload.value),
});

const events = z
  .array(z.enum([...webhookEvents, ALL_EVENTS]))
  // Said to people choosing in the form as much as to integrators sending a list.
  .min(1, 'Choose at least one event')
  .check(atMostOnePerEvent)
  .superRefine((list, ctx) => {
    list.forEach((event, i) => {
      if (list.indexOf(event) !== i) ctx.addIssue({ code: 'custom', path: [i], message: `Event ${event} is listed more than once` });
    });
    if (list.includes(ALL_EVENTS) && list.length > 1) {
      ctx.addIssue({ code: 'custom', message: 'Events must be either ["*"] for all events or a list of events, not both' });
    }
  });

/** The checks that need no DNS; the service runs checkWebhookUrl for the addresses. Stored in canonical form. */
const url = z
  .string()
  .max(2048)
  .transform((value, ctx) => {
    const parsed = parseWebhookUrl(value.trim());
    if (parsed.ok) return parsed.url.href;
    ctx.addIssue({ code: 'custom', message: parsed.reason });
    return z.NEVER;
  });

/**
 * At least 32 characters, so that the 10 shown as `secret_prefix` leave most of it unknown. A
 * `whsec_` secret is read as Standard Webhooks reads it, so it must be one in that form.
 */
const secret = plainText(32, 256).refine((s) => !s.startsWith(STANDARD_PREFIX) || isStandardSecret(s), {
  message: 'A secret starting with whsec_ must continue with the base64 of 24 to 64 random bytes',
});

function isStandardSecret(s: string): boolean {
  const encoded = s.slice(STANDARD_PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) return false;
  const bytes = Buffer.from(encoded, 'base64').length;
  return bytes >= 24 && bytes <= 64;
}

const description = plainText(0, 1000).nullable();

export const createWebhookSchema = z.object({
  url,
  events,
  secret: secret.optional(),
  active: z.boolean().default(true),
  description: description.optional(),
});

export const updateWebhookSchema = z.object({ url, events, secret, active: z.boolean(), description }).partial().refine(atLeastOneField, nothingToUpdate);

export const listWebhooksQuery = z.object({
  page: queryInt(1, 1_000_000).default(1),
  per_page: queryInt(1, 100).default(25),
});

export const deliveryStatuses = ['pending', 'retrying', 'succeeded', 'failed'] as const;

export const listDeliveriesQuery = z.object({
  page: queryInt(1, 1_000_000).default(1),
  per_page: queryInt(1, 100).default(25),
  status: commaList(z.enum(deliveryStatuses)).optional(),
  event: commaList(z.enum([...webhookEvents, 'ping'])).optional(),
});

export type CreateWebhookInput = z.infer<typeof createWebhookSchema>;
export type UpdateWebhookInput = z.infer<typeof updateWebhookSchema>;
export type ListWebhooksQuery = z.infer<typeof listWebhooksQuery>;
export type ListDeliveriesQuery = z.infer<typeof listDeliveriesQuery>;

/** A webhook as the API and the UI show it. The secret itself is only ever in create's and rotate-secret's answers. */
export const webhookJson = z.strictObject({
  id: z.int(),
  url: z.string(),
  events: z.array(z.string()),
  active: z.boolean(),
  description: z.string().nullable(),
  disabled_reason: z.string().nullable(),
  secret_prefix: z.string(),
  previous_secret_expires_at: timestamp.nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});

/** create's and rotate-secret's answer: the webhook and, this once, its secret. */
export const webhookWithSecretJson = webhookJson.extend({ secret: z.string() });

/** A delivery as the deliveries log shows it. */
export const deliveryJson = z.strictObject({
  id: z.int(),
  webhook_id: z.int(),
  event_id: z.int(),
  event: z.string(),
  status: z.string(),
  attempt_count: z.int(),
  next_attempt_at: timestamp.nullable(),
  delivered_at: timestamp.nullable(),
  created_at: timestamp,
  updated_at: timestamp,
  attempts: z.array(
    z.strictObject({
      attempted_at: timestamp,
      duration_ms: z.int(),
      response_status: z.int().nullable(),
      response_body: z.string().nullable(),
      error: z.string().nullable(),
      error_message: z.string().nullable(),
    }),
  ),
});

/** One delivery with the exact body every attempt sends (null once its event is gone). */
export const deliveryWithBodyJson = deliveryJson.extend({ request_body: z.string().nullable() });

export type WebhookJson = z.infer<typeof webhookJson>;
export type WebhookWithSecretJson = z.infer<typeof webhookWithSecretJson>;
export type DeliveryJson = z.infer<typeof deliveryJson>;
export type DeliveryWithBodyJson = z.infer<typeof deliveryWithBodyJson>;
