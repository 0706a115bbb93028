import { z } from 'zod';
import { atLeastOneField, nothingToUpdate, plainText, timestamp } from '@/lib/schema-helpers';
import { scopes } from './scopes';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);
const MAX_REDIRECT_URI = 2000;

export type RedirectUriKind = 'https' | 'loopback' | 'private-use';

/**
 * What a redirect URI is, or why it is refused. Each is matched exactly at authorization (RFC 6749
 * §3.1.2), so it is stored as given and may hold no wildcard; a fragment is never allowed (§3.1.2).
 * Plain http only reaches the app's own machine (RFC 8252 §7.3), and a private-use scheme must be
 * a reversed domain name, so it names one app (RFC 8252 §7.1).
 */
export function redirectUriKind(value: string): { ok: true; kind: RedirectUriKind } | { ok: false; reason: string } {
  if (value.length > MAX_REDIRECT_URI) return { ok: false, reason: `Must be at most ${MAX_REDIRECT_URI} characters` };
  if (/\s/.test(value)) return { ok: false, reason: 'Must not contain spaces' };
  if (value.includes('*')) return { ok: false, reason: 'Must not contain wildcards (*): each redirect URI is matched exactly' };
  if (value.includes('#')) return { ok: false, reason: 'Must not contain a fragment (#…)' };
  if (!URL.canParse(value)) return { ok: false, reason: 'Must be an absolute URL, e.g. https://app.example.com/callback' };
  const url = new URL(value);
  if (url.username || url.password) return { ok: false, reason: 'Must not contain a user name or password (…@)' };
  // Matched as stored and followed as parsed: the two must be the same text, so what an admin reads
  // is where the browser goes (no control characters, look-alike hosts or default ports).
  if (url.href !== value && `${url.href}` !== `${value}/`) return { ok: false, reason: `Write it as ${JSON.stringify(url.href)}` };
  if (url.protocol === 'https:') return { ok: true, kind: 'https' };
  if (url.protocol === 'http:') {
    return LOOPBACK_HOSTS.has(url.hostname)
      ? { ok: true, kind: 'loopback' }
      : { ok: false, reason: 'Must use https:// (http:// is allowed only for 127.0.0.1, [::1] and localhost)' };
  }
  if (url.protocol.includes('.')) return { ok: true, kind: 'private-use' };
  return { ok: false, reason: 'Must use https://, http:// on a loopback address, or a private-use scheme such as com.example.app: (native apps only)' };
}

export const NATIVE_ONLY = 'A private-use scheme such as com.example.app: is allowed only for a native app';

/** Which redirect URIs (by index) only a native app may have: a web app's must be one a browser can be sent to. */
export function nativeOnlyUris(redirectUris: readonly string[], native: boolean): number[] {
  if (native) return [];
  return redirectUris.flatMap((uri, i) => {
    const kind = redirectUriKind(uri);
    return kind.ok && kind.kind === 'private-use' ? [i] : [];
  });
}

const redirectUri = z.string().superRefine((value, ctx) => {
  const kind = redirectUriKind(value);
  if (!kind.ok) ctx.addIssue({ code: 'custom', message: kind.reason });
});

const redirectUris = z
  .array(redirectUri, { error: (issue) => (issue.input === undefined ? 'Redirect URIs are required' : 'Redirect URIs must be an array') })
  .min(1, 'Give at least one redirect URI')
  .max(10, { error: 'Give at most 10 redirect URIs', abort: true })
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((uri, i) => {
      if (seen.has(uri)) ctx.addIssue({ code: 'custom', path: [i], message: 'This redirect URI is listed more than once' });
      seen.add(uri);
    });
  });

const scopeList = z
  .array(z.enum(scopes))
  .min(1)
  .max(scopes.length, { abort: true })
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((scope, i) => {
      if (seen.has(scope)) ctx.addIssue({ code: 'custom', path: [i], message: `Scope ${scope} is listed more than once` });
      seen.add(scope);
    });
  });

const logoUrl = z
  .string()
  .max(MAX_REDIRECT_URI)
  .refine((value) => URL.canParse(value) && new URL(value).protocol === 'https:' && new URL(value).href === value, {
    message: 'Logo URL must be an https:// URL, written as a browser writes it',
  });

const name = plainText(1, 100);
const description = plainText(0, 500);

export const createOAuthAppSchema = z
  .object({
    name,
    description: description.default(''),
    redirect_uris: redirectUris,
    // Decided once: a confidential app authenticates with its secret, a public one (a SPA, a native app) cannot keep one.
    confidential: z.boolean(),
    native: z.boolean().default(false),
    scopes: scopeList,
    logo_url: logoUrl.nullish(),
  })
  .superRefine((app, ctx) => {
    for (const i of nativeOnlyUris(app.redirect_uris, app.native)) ctx.addIssue({ code: 'custom', path: ['redirect_uris', i], message: NATIVE_ONLY });
  });

/** Every field but `confidential`, which a grant's tokens were issued under and so never changes. */
export const updateOAuthAppSchema = z
  .object({
    name: name.optional(),
    description: description.optional(),
    redirect_uris: redirectUris.optional(),
    native: z.boolean().optional(),
    scopes: scopeList.optional(),
    logo_url: logoUrl.nullable().optional(),
    confidential: z.never({ error: 'An app stays confidential or public: create a new app to change it' }).optional(),
  })
  .refine(atLeastOneField, nothingToUpdate);

export type CreateOAuthAppInput = z.infer<typeof createOAuthAppSchema>;
export type UpdateOAuthAppInput = z.infer<typeof updateOAuthAppSchema>;

/** An app as the API shows it: its client_id, never its secret or the secret's hash. */
export const oauthAppJson = z.strictObject({
  id: z.int(),
  client_id: z.string(),
  name: z.string(),
  description: z.string(),
  logo_url: z.string().nullable(),
  confidential: z.boolean(),
  native: z.boolean(),
  redirect_uris: z.array(z.string()),
  scopes: z.array(z.string()),
  created_by: z.int().nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});

/** Create's answer: the app and, this once, its client secret (null for a public app, which has none). */
export const newOAuthAppJson = oauthAppJson.extend({ client_secret: z.string().nullable() });

/** rotate-secret's answer: the app and, this once, its new client secret. */
export const oauthAppWithSecretJson = oauthAppJson.extend({ client_secret: z.string() });

/** One agent's live authorization of an app, as the admin sees it: the scopes of all their live tokens together. */
export const oauthGrantJson = z.strictObject({
  agent: z.strictObject({ id: z.int(), name: z.string(), email: z.string() }),
  scopes: z.array(z.string()),
  authorized_at: timestamp,
  last_used_at: timestamp.nullable(),
});

/** An app the signed-in agent authorized, as they see it. */
export const authorizedAppJson = z.strictObject({
  app: z.strictObject({ id: z.int(), name: z.string(), description: z.string(), logo_url: z.string().nullable() }),
  scopes: z.array(z.string()),
  authorized_at: timestamp,
  last_used_at: timestamp.nullable(),
});

export type OAuthAppJson = z.infer<typeof oauthAppJson>;
export type NewOAuthAppJson = z.infer<typeof newOAuthAppJson>;
export type OAuthAppWithSecretJson = z.infer<typeof oauthAppWithSecretJson>;
export type OAuthGrantJson = z.infer<typeof oauthGrantJson>;
export type AuthorizedAppJson = z.infer<typeof authorizedAppJson>;
