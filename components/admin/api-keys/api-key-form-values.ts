import { baseField } from '@/components/ui/field-errors';
import type { ApiKeyDraft } from '@/components/data/api-keys';
import type { CreateApiKeyInput } from '@/lib/api-keys/schema';
import { wallTimeToInstant } from '@/lib/zoned-time';

export type KeyPermission = CreateApiKeyInput['permission'];

/** What the new-key form holds: text as typed. */
export type ApiKeyFormValues = {
  name: string;
  permission: KeyPermission;
  rate_limit: string;
  ip_whitelist: string;
  expires_on: string;
};

export const initialApiKeyValues: ApiKeyFormValues = { name: '', permission: 'read', rate_limit: '', ip_whitelist: '', expires_on: '' };

/** The form's fields, in the order an error should take the focus to. */
export const apiKeyFormFields = ['name', 'permission', 'rate_limit', 'ip_whitelist', 'expires_on'] as const;

/**
 * The request body for these values. The server checks everything (IP rules need node:net, so
 * the schema cannot run here): a rate limit that is not a number is sent as typed for the schema to
 * name the problem. One address or range per line; blank lines are skipped. An expiry date is the
 * start of that day in the admin's own time zone.
 */
export function apiKeyBody(values: ApiKeyFormValues, zone: string): ApiKeyDraft {
  const rate = values.rate_limit.trim();
  const rules = values.ip_whitelist
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  const body: ApiKeyDraft = { name: values.name.trim(), permission: values.permission };
  if (rate !== '') body.rate_limit = /^\d+$/.test(rate) ? Number(rate) : rate;
  if (rules.length > 0) body.ip_whitelist = rules;
  if (values.expires_on) {
    body.expires_at = wallTimeToInstant(`${values.expires_on}T00:00`, zone) ?? values.expires_on;
  }
  return body;
}

/** The form field an API error is about: `ip_whitelist[2]` belongs to the allowlist, `expires_at` to the date. */
export function apiKeyFieldOf(field: string): string {
  const base = baseField(field);
  return base === 'expires_at' ? 'expires_on' : base;
}
