import type { Webhook } from '@/db/schema';
import { isoTime } from '@/lib/time';

/** Enough of the secret to tell which one a receiver holds, never enough to sign with. */
const SECRET_PREFIX_CHARS = 10;

/** A webhook as the API and the UI show it. The secret itself is only ever in create's and rotate-secret's answers. */
export function toWebhookJson(webhook: Webhook) {
  return {
    id: webhook.id,
    url: webhook.url,
    events: webhook.events,
    active: webhook.active,
    description: webhook.description,
    disabled_reason: webhook.disabledReason,
    secret_prefix: webhook.secret.slice(0, SECRET_PREFIX_CHARS),
    previous_secret_expires_at: isoTime(webhook.previousSecret ? webhook.previousSecretExpiresAt : null),
    created_at: isoTime(webhook.createdAt),
    updated_at: isoTime(webhook.updatedAt),
  };
}

export type WebhookJson = ReturnType<typeof toWebhookJson>;

/** create's and rotate-secret's answer: the webhook and, this once, its secret. */
export function withSecret(webhook: Webhook): WebhookJson & { secret: string } {
  return { ...toWebhookJson(webhook), secret: webhook.secret };
}
