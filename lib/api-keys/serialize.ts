import type { ApiKey } from '@/db/schema';
import { isoTime } from '@/lib/time';
import type { ApiKeyJson } from './schema';

/** A key as the API shows it: its prefix, never the key or its hash. */
export function toApiKeyJson(key: ApiKey): ApiKeyJson {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    permission: key.permission,
    expires_at: isoTime(key.expiresAt),
    ip_whitelist: key.ipWhitelist,
    rate_limit: key.rateLimit,
    last_used_at: isoTime(key.lastUsedAt),
    created_by: key.createdByAgentId,
    created_at: isoTime(key.createdAt),
    updated_at: isoTime(key.updatedAt),
  };
}
