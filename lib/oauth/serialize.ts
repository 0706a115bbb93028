import type { OAuthApp } from '@/db/schema';
import { isoTime } from '@/lib/time';
import type { OAuthAppJson } from './schema';

/** An app as the API shows it: its client_id, never its secret's hash. */
export function toOAuthAppJson(app: OAuthApp): OAuthAppJson {
  return {
    id: app.id,
    client_id: app.clientId,
    name: app.name,
    description: app.description,
    logo_url: app.logoUrl,
    confidential: app.confidential,
    native: app.native,
    redirect_uris: app.redirectUris,
    scopes: app.scopes,
    created_by: app.createdByAgentId,
    created_at: isoTime(app.createdAt),
    updated_at: isoTime(app.updatedAt),
  };
}
