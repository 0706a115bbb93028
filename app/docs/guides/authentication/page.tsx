import Link from 'next/link';
import { CodeSamples } from '@/components/docs/code-samples';
import { GuideLink, GuidePage, guideMetadata, Snippet, TermTable } from '@/components/docs/guide-page';

export const metadata = guideMetadata('authentication');

const permissions: [string, string][] = [
  ['read', 'every GET, nothing else'],
  ['write', 'read, and create, update and delete tickets, replies, comments, attachments and customers'],
  ['admin', 'everything, including API keys, agents, webhooks and settings'],
];

// GET /docs/guides/authentication
export default function AuthenticationGuide() {
  return (
    <GuidePage slug="authentication">
      <p>
        An integration that works for the desk as a whole (a CRM sync, an import, a report) uses an <strong>API key</strong>. An app that acts for one agent,
        with their consent (a calendar, a mobile client, a sidebar in another tool), uses <strong>OAuth 2.0</strong>. Both send a Bearer token:
      </p>
      <Snippet>{'Authorization: Bearer ld_live_…'}</Snippet>

      <h2 id="api-keys">API keys</h2>
      <p>
        Admins create keys under <Link href="/admin/api-keys">Admin → API keys</Link>, with <code>POST /api/v1/api-keys</code>, or on the server with{' '}
        <code>npx loopdesk api-keys create</code>. The key is shown once; Loopdesk keeps only its SHA-256 hash and a short prefix to recognise it by.
      </p>
      <TermTable columns={['permission', 'may']} rows={permissions} />
      <ul>
        <li>
          Give each integration its own key with the least permission it needs, and name it after the integration: the{' '}
          <Link href="/admin/audit-log">audit log</Link> shows every change by the key that made it.
        </li>
        <li>
          A key may carry <code>expires_at</code>, an <code>ip_whitelist</code> (addresses or CIDR ranges) and its own <code>rate_limit</code> per hour.
        </li>
        <li>
          A key acts with at most its creator's current rights: an admin key whose creator is made an agent acts as <code>write</code>, and the keys of a
          deactivated person stop working. Keys made with the CLI belong to nobody; use them for integrations that must outlive any one person.
        </li>
        <li>
          Keep keys in a secret store or environment variables, never in code a browser or phone downloads. To rotate, create the new key, deploy it, then
          delete the old one: <code>DELETE /api/v1/api-keys/{'{id}'}</code> refuses it from the next request on.
        </li>
      </ul>
      <CodeSamples example="authentication" title="A read-only key: create, use, refused a write, revoke" />

      <h2 id="oauth">OAuth 2.0 for apps</h2>
      <p>
        Apps use the authorization code flow with PKCE (<code>S256</code>), as OAuth 2.1 requires; there is no implicit, password or client credentials grant.
        The endpoints are in the desk's metadata at{' '}
        <a href="/.well-known/oauth-authorization-server">
          <code>/.well-known/oauth-authorization-server</code>
        </a>
        , which OAuth libraries read on their own.
      </p>
      <ol>
        <li>
          <strong>Register the app</strong> under <Link href="/admin/oauth-apps">Admin → OAuth apps</Link> or with <code>POST /api/v1/oauth-apps</code>: its
          exact redirect URIs and the scopes it may ask for. A confidential app gets a client secret, shown once; a public app (single-page or native) has none
          and relies on PKCE.
        </li>
        <li>
          <strong>Send the agent's browser</strong> to <code>/oauth/authorize</code> with <code>response_type=code</code>, <code>client_id</code>,{' '}
          <code>redirect_uri</code>, <code>scope</code>, <code>state</code> and the <code>code_challenge</code>. The agent signs in if needed and approves.
        </li>
        <li>
          <strong>Take the code</strong> at your redirect URI, after checking that <code>state</code> and <code>iss</code> are yours.
        </li>
        <li>
          <strong>Exchange it</strong> within 10 minutes, once, at <code>POST /oauth/token</code> with the <code>code_verifier</code>. The access token,{' '}
          <code>ld_oat_…</code>, lives an hour; the refresh token lives 30 days and is replaced at every refresh, so keep the new one.
        </li>
        <li>
          <strong>Call the API</strong> with the access token as the Bearer token. The SDKs take it in place of a key:{' '}
          <code>{'new Loopdesk({ baseUrl, accessToken })'}</code>, <code>Loopdesk(url, access_token=…)</code>.
        </li>
      </ol>
      <p>
        Scopes are <code>tickets:read</code>, <code>tickets:write</code>, <code>customers:read</code>, <code>customers:write</code>, <code>agents:read</code>,{' '}
        <code>agents:write</code>, <code>webhooks:read</code>, <code>webhooks:write</code>, <code>reports:read</code> and <code>admin</code>. A token does at
        most what both its scopes and its agent's role allow, checked at every request. Outside its scopes the answer is 403 with{' '}
        <code>WWW-Authenticate: Bearer error="insufficient_scope"</code>; an expired or revoked token is 401 with <code>error="invalid_token"</code>: refresh,
        or send the agent through the flow again. Routes that manage credentials (API keys, OAuth apps, sessions) are closed to apps. Each agent sees and
        revokes the apps they approved under <Link href="/settings/authorized-apps">Settings → Authorized apps</Link>.
      </p>
      <p>
        Each app has its own request budget per agent: see <GuideLink slug="rate-limits" />.
      </p>
    </GuidePage>
  );
}
