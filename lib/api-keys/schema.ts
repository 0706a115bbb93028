import { z } from 'zod';
import { parseIpRule } from '@/lib/api/client-ip';
import { isoDateTime, plainText } from '@/lib/schema-helpers';

export const keyPermissions = ['read', 'write', 'admin'] as const;

// The longest IPv6 CIDR is 43 characters; the bound keeps a refused rule's echo in the message short.
const ipRule = z.string().max(100).transform((value, ctx) => {
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
