import type { CreateWebhookInput, ListDeliveriesQuery, WebhookJson } from '@/lib/webhooks/schema';
import type { NewWebhook } from '@/components/data/webhooks';

/** One of the reference's eight events; `*` (all events) is kept apart as `allEvents`. */
export type WebhookEvent = Exclude<CreateWebhookInput['events'][number], '*'>;
export type DeliveryStatus = NonNullable<ListDeliveriesQuery['status']>[number];

/** What the webhook form holds. */
export type WebhookFormValues = {
  url: string;
  allEvents: boolean;
  events: WebhookEvent[];
  secret: string;
  active: boolean;
  description: string;
};

/** A new webhook starts with the event most integrations want first; "all events" stays a deliberate choice. */
const firstEvents: WebhookEvent[] = ['ticket.created'];

export function initialWebhookValues(webhook?: WebhookJson): WebhookFormValues {
  const all = webhook?.events.includes('*') ?? false;
  return {
    url: webhook?.url ?? '',
    allEvents: all,
    events: all ? [] : webhook ? (webhook.events as WebhookEvent[]) : firstEvents,
    secret: '',
    active: webhook?.active ?? true,
    description: webhook?.description ?? '',
  };
}

/** The form's fields, in the order an error should take the focus to. */
export const webhookFormFields = ['url', 'events', 'secret', 'active', 'description'] as const;

/**
 * The request body. A blank secret is left out: on create the server then generates one, on edit
 * the current one stays. A blank description is null. Events keep the order they are listed in.
 */
export function webhookBody(values: WebhookFormValues, order: readonly WebhookEvent[]): NewWebhook {
  const body: NewWebhook = {
    url: values.url.trim(),
    events: values.allEvents ? ['*'] : order.filter((e) => values.events.includes(e)),
    active: values.active,
    description: values.description.trim() === '' ? null : values.description,
  };
  if (values.secret !== '') body.secret = values.secret;
  return body;
}
