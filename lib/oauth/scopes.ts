/**
 * The scopes an app may ask for, in words for the consent page. `admin` stands for every other
 * scope. `role` is the least role that can use the scope at all: an agent granting `agents:write`
 * would hand over nothing, so the consent narrows it away (scopes.test.ts checks each against the
 * permissions the routes declare).
 */
export const scopeCatalogue = {
  'tickets:read': { role: 'agent', words: 'Read tickets, their replies, attachments, saved views, macros and the desk’s departments, categories and fields' },
  'tickets:write': { role: 'agent', words: 'Create, update, assign and reply to tickets, and apply and keep macros' },
  'customers:read': { role: 'agent', words: 'Read customers and their tickets' },
  'customers:write': { role: 'agent', words: 'Create, update and delete customers' },
  'agents:read': { role: 'agent', words: 'Read agents and your own notification and time zone settings' },
  'agents:write': { role: 'admin', words: 'Create, update and deactivate agents' },
  'webhooks:read': { role: 'admin', words: 'Read webhooks and their deliveries' },
  'webhooks:write': { role: 'admin', words: 'Create, change and delete webhooks' },
  'reports:read': { role: 'agent', words: 'Read reports and agent performance' },
  admin: { role: 'admin', words: 'Everything your role allows, including the desk’s settings (never API keys or apps)' },
} as const satisfies Record<string, { role: 'agent' | 'admin'; words: string }>;

export type Scope = keyof typeof scopeCatalogue;
export const scopes = Object.keys(scopeCatalogue) as Scope[];

export function isScope(value: string): value is Scope {
  return Object.hasOwn(scopeCatalogue, value);
}

/** The scopes a user of this role can grant: the rest are dropped at consent. */
export function scopesOfRole(role: 'agent' | 'admin'): Scope[] {
  return scopes.filter((s) => role === 'admin' || scopeCatalogue[s].role === 'agent');
}

/** Whether a token's scopes cover what a route needs; `admin` covers all. */
export function scopesCover(granted: readonly string[], required: Scope): boolean {
  return granted.includes('admin') || granted.includes(required);
}
