import { z } from 'zod';
import { parseIpRule } from '@/lib/api/client-ip';
import { isoDateTime, plainText, timestamp } from '@/lib/schema-helpers';

export const keyPermissions = ['read', 'write', 'admin'] as const;

// The longest IPv6 CIDR is 43 characters; the bound keeps a refused rule's echo in the message short.
const ipRule = z
  .string()
  .max(100)
  .transform((value, ctx) => {
    const rule = parseIpRule(value);
    if (!rule) {
      ctx.addIssue({ code: 'custom', message: `'${value}' is not a valid IP address or CIDR range` });
      return z.NEVER;
    }
    return rule;
  });

export const createApiKeySchema = z.object({
  name: plainText(1, 100),
  permission: z.enum(keyPermissions),
  expires_at: isoDateTime.nullish(),
  ip_whitelist: z.array(ipRule).max(100).optional(),
  rate_limit: z.number().int().min(1).max(10_000_000).nullish(),
});

export const updateApiKeySchema = createApiKeySchema.partial();

export type CreateApiKeyInput = z.infer<typeof createApiKeySchema>;
export type UpdateApiKeyInput = z.infer<typeof updateApiKeySchema>;

/** A key as the API shows it: its prefix, never the key or its hash. */
export const apiKeyJson = z.strictObject({
  id: z.int(),
  name: z.string(),
  prefix: z.string(),
  permission: z.enum(keyPermissions),
  expires_at: timestamp.nullable(),
  ip_whitelist: z.array(z.string()),
  rate_limit: z.int().nullable(),
  last_used_at: timestamp.nullable(),
  created_by: z.int().nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});

/** Create's answer: the key and, this once, the plain key. */
export const newApiKeyJson = apiKeyJson.extend({ key: z.string() });

export type ApiKeyJson = z.infer<typeof apiKeyJson>;
export type NewApiKeyJson = z.infer<typeof newApiKeyJson>;
