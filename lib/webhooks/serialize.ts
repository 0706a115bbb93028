import type { Webhook, WebhookDelivery, WebhookDeliveryAttempt } from '@/db/schema';
import { isoTime } from '@/lib/time';
import type { DeliveryJson, WebhookJson, WebhookWithSecretJson } from './schema';

/** Enough of the secret to tell which one a receiver holds, never enough to sign with. */
const SECRET_PREFIX_CHARS = 10;

/** A webhook without anything of its secrets: what its events record, readable even when a secret is not. */
export function toWebhookAuditJson(webhook: Omit<Webhook, 'secret' | 'previousSecret'>) {
  return {
    id: webhook.id,
    url: webhook.url,
    events: webhook.events,
    active: webhook.active,
    description: webhook.description,
    disabled_reason: webhook.disabledReason,
    created_at: isoTime(webhook.createdAt),
    updated_at: isoTime(webhook.updatedAt),
  };
}

/** A webhook as the API and the UI show it. The secret itself is only ever in create's and rotate-secret's answers. */
export function toWebhookJson(webhook: Webhook): WebhookJson {
  const { created_at, updated_at, ...fields } = toWebhookAuditJson(webhook);
  return {
    ...fields,
    secret_prefix: webhook.secret.slice(0, SECRET_PREFIX_CHARS),
    previous_secret_expires_at: isoTime(webhook.previousSecret ? webhook.previousSecretExpiresAt : null),
    created_at,
    updated_at,
  };
}

/** create's and rotate-secret's answer: the webhook and, this once, its secret. */
export function withSecret(webhook: Webhook): WebhookWithSecretJson {
  return { ...toWebhookJson(webhook), secret: webhook.secret };
}

/** A delivery as the deliveries log shows it. */
export function toDeliveryJson(delivery: WebhookDelivery, attempts: WebhookDeliveryAttempt[]): DeliveryJson {
  return {
    id: delivery.id,
    webhook_id: delivery.webhookId,
    event_id: delivery.eventId,
    event: delivery.eventType,
    status: delivery.status,
    attempt_count: delivery.attempts,
    next_attempt_at: isoTime(delivery.nextAttemptAt),
    delivered_at: isoTime(delivery.deliveredAt),
    created_at: isoTime(delivery.createdAt),
    updated_at: isoTime(delivery.updatedAt),
    attempts: attempts.map((a) => ({
      attempted_at: isoTime(a.attemptedAt),
      duration_ms: a.durationMs,
      response_status: a.responseStatus,
      response_body: a.responseBody,
      error: a.error,
      error_message: a.errorMessage,
    })),
  };
}
