import { createHmac, randomBytes } from 'node:crypto';
import type { Webhook } from '@/db/schema';

export const STANDARD_PREFIX = 'whsec_';

type SecretFields = Pick<Webhook, 'secret' | 'previousSecret' | 'previousSecretExpiresAt'>;

/** A new signing secret in the Standard Webhooks form: `whsec_` + base64 of 24 random bytes. */
export function generateSecret(): string {
  return STANDARD_PREFIX + randomBytes(24).toString('base64');
}

/**
 * `X-Loopdesk-Signature`: `sha256=` + hex HMAC-SHA256 of the raw body, keyed with the secret's
 * UTF-8 bytes (the whole string, `whsec_` included) — exactly what the reference's Python
 * `verify_webhook_signature(payload, signature, secret)` recomputes and compares.
 */
export function referenceSignature(rawBody: string, secret: string): string {
  return `sha256=${createHmac('sha256', Buffer.from(secret, 'utf8')).update(rawBody, 'utf8').digest('hex')}`;
}

/**
 * `webhook-signature` of the Standard Webhooks spec: `v1,` + base64 HMAC-SHA256 of
 * `{id}.{timestamp}.{body}`. The spec's libraries take a `whsec_` secret and key the HMAC with the
 * base64-decoded bytes after the prefix, so we do too. Any other secret (one an admin chose) keys
 * it with its UTF-8 bytes; receivers give such a secret to those libraries as raw bytes (the
 * JavaScript library's `{ format: 'raw' }`).
 */
export function standardSignature(id: string, timestampSeconds: number, rawBody: string, secret: string): string {
  const signed = `${id}.${timestampSeconds}.${rawBody}`;
  return `v1,${createHmac('sha256', standardKey(secret)).update(signed, 'utf8').digest('base64')}`;
}

function standardKey(secret: string): Buffer {
  return secret.startsWith(STANDARD_PREFIX) ? Buffer.from(secret.slice(STANDARD_PREFIX.length), 'base64') : Buffer.from(secret, 'utf8');
}

/**
 * The secrets a delivery is signed with now: the current one first, then the one it replaced
 * while that one's 24 hours after rotate-secret last, so receivers can switch over without a gap.
 */
export function signingSecrets(webhook: SecretFields, now = new Date()): string[] {
  const { secret, previousSecret, previousSecretExpiresAt } = webhook;
  const previousValid = previousSecret && previousSecretExpiresAt && previousSecretExpiresAt.getTime() > now.getTime();
  return previousValid ? [secret, previousSecret] : [secret];
}
