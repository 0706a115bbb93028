import type { NewOAuthApp, OAuthAppChange } from '@/components/data/oauth-apps';
import type { FieldError } from '@/lib/errors';
import type { OAuthAppJson } from '@/lib/oauth/schema';
import { isScope, type Scope } from '@/lib/oauth/scopes';

/** What the app form holds: text as typed, the redirect URIs one per line. */
export type OAuthAppFormValues = {
  name: string;
  description: string;
  redirect_uris: string;
  confidential: boolean;
  native: boolean;
  scopes: Scope[];
  logo_url: string;
};

export function initialOAuthAppValues(app?: OAuthAppJson): OAuthAppFormValues {
  return {
    name: app?.name ?? '',
    description: app?.description ?? '',
    redirect_uris: app?.redirect_uris.join('\n') ?? '',
    confidential: app?.confidential ?? true,
    native: app?.native ?? false,
    scopes: app?.scopes.filter(isScope) ?? [],
    logo_url: app?.logo_url ?? '',
  };
}

/** The form's fields, in the order an error should take the focus to. */
export const oauthAppFormFields = ['name', 'description', 'redirect_uris', 'confidential', 'native', 'scopes', 'logo_url'] as const;

/**
 * The request body for these values: one redirect URI per line, blank lines skipped, each sent as
 * typed otherwise (a redirect URI is matched exactly); scopes in the catalogue's order; a blank
 * logo is none. `confidential` is only ever sent on create.
 */
export function oauthAppBody(values: OAuthAppFormValues, order: readonly Scope[]): NewOAuthApp {
  return {
    name: values.name.trim(),
    description: values.description.trim(),
    redirect_uris: values.redirect_uris
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean),
    confidential: values.confidential,
    native: values.native,
    scopes: order.filter((scope) => values.scopes.includes(scope)),
    logo_url: values.logo_url.trim() === '' ? null : values.logo_url.trim(),
  };
}

/** An edit's body: the app's fields but `confidential`, which never changes. */
export function oauthAppChange(body: NewOAuthApp): OAuthAppChange {
  const { confidential: _fixed, ...change } = body;
  return change;
}

const shown = (uri: string) => (uri.length > 80 ? `${uri.slice(0, 79)}…` : uri);

/** The form shows the redirect URIs in one box, so an error about `redirect_uris[2]` names the URI it is about. */
export function namingRedirectUris(details: FieldError[], uris: readonly string[] | undefined): FieldError[] {
  return details.map((detail) => {
    const index = /^redirect_uris\[(\d+)\]$/.exec(detail.field)?.[1];
    const uri = index === undefined ? undefined : uris?.[Number(index)];
    return uri === undefined ? detail : { ...detail, message: `${shown(uri)}: ${detail.message}` };
  });
}
