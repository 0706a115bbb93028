import Link from 'next/link';
import { GuideLink, GuidePage, guideMetadata } from '@/components/docs/guide-page';

export const metadata = guideMetadata('checklist');

// GET /docs/guides/checklist
export default function ChecklistGuide() {
  return (
    <GuidePage slug="checklist">
      <ol className="mt-6 max-w-3xl space-y-6 [&_h2]:font-semibold [&_h2]:text-slate-900 [&_p]:mt-1 [&_p]:leading-7">
        <li>
          <h2 id="keys">Generate and secure API keys</h2>
          <p>
            One key per integration, with the least permission it needs, from <Link href="/admin/api-keys">Admin → API keys</Link>. Keys are shown once and
            stored hashed; each may expire, be limited to your servers' addresses, and carry its own rate limit. Revoking is immediate. See{' '}
            <GuideLink slug="authentication" section="api-keys" />.
          </p>
        </li>
        <li>
          <h2 id="authentication">Implement proper authentication</h2>
          <p>
            A Bearer key for integrations; OAuth 2.0 with PKCE for apps that act for an agent, with scopes the agent approves and can revoke. See{' '}
            <GuideLink slug="authentication" section="oauth">
              OAuth 2.0 for apps
            </GuideLink>
            .
          </p>
        </li>
        <li>
          <h2 id="errors">Add error handling and retry logic</h2>
          <p>
            One error envelope with stable codes, a request id on every answer, and <code>Idempotency-Key</code> so a create can be retried without doubling it.
            The SDKs raise <code>LoopdeskError</code> and retry only what is safe. See <GuideLink slug="errors-and-retries" />.
          </p>
        </li>
        <li>
          <h2 id="rate-limits">Respect rate limits and implement backoff</h2>
          <p>
            <code>X-RateLimit-Limit</code>, <code>-Remaining</code> and <code>-Reset</code> on every answer, and <code>Retry-After</code> on a 429. The SDKs
            wait for it, or back off with jitter. See <GuideLink slug="rate-limits" />.
          </p>
        </li>
        <li>
          <h2 id="webhook-signatures">Validate webhook signatures</h2>
          <p>
            Every delivery is signed twice. <code>X-Loopdesk-Signature</code>, the reference's scheme, signs the body alone, so a captured delivery can be
            replayed; the Standard Webhooks headers sign the delivery id and send time too. Both SDKs require the Standard headers by default and refuse a
            delivery older than their tolerance; they accept one signed only with <code>X-Loopdesk-Signature</code> only with an explicit option (
            <code>{"scheme: 'loopdesk-signature'"}</code>, <code>scheme="loopdesk-signature"</code>). A delivery id makes duplicates easy to drop. See{' '}
            <GuideLink slug="webhooks" section="verifying">
              Verifying a delivery
            </GuideLink>
            .
          </p>
        </li>
        <li>
          <h2 id="testing">Test all integration scenarios</h2>
          <p>
            Run your integration against a desk of your own (<code>npm start</code> gives one with demo data). Each guide's samples are files in{' '}
            <code>sdk/examples</code> that check what the guide promises, run by CI against a desk started for the test; &ldquo;Try it out&rdquo; in the{' '}
            <Link href="/docs">API reference</Link> calls any endpoint; the Postman collection at <code>GET /api/v1/postman.json</code> has every request;{' '}
            <code>POST /api/v1/webhooks/{'{id}'}/test</code> sends your endpoint a ping. Provoke the failures too: the{' '}
            <GuideLink slug="errors-and-retries" section="codes">
              error codes
            </GuideLink>{' '}
            and a key with a <code>rate_limit</code> of 1 for a 429.
          </p>
        </li>
        <li>
          <h2 id="monitoring">Monitor API usage and performance</h2>
          <p>
            The rate limit headers show what each key spends. The <Link href="/admin/audit-log">audit log</Link> lists every change with the key or app that
            made it and its request id (<code>GET /api/v1/audit-log?actor_type=api_key&amp;actor_id=…</code>); each key shows when it was last used; the webhook
            delivery log records each attempt's status and duration.
          </p>
        </li>
        <li>
          <h2 id="documentation">Document integration for maintenance</h2>
          <p>
            Name keys, OAuth apps and webhooks after the integration that uses them, and use webhook descriptions. Refer to endpoints by the{' '}
            <code>operationId</code> in <a href="/openapi.json">/openapi.json</a> (<code>createTicket</code>, <code>listTickets</code>), and log the{' '}
            <code>X-Request-Id</code> of every failure.
          </p>
        </li>
        <li>
          <h2 id="alerting">Set up monitoring and alerting</h2>
          <p>
            Point an uptime check at <code>GET /api/v1/health</code> (no credentials; 503 when the database is unreachable). Alert on 429s and on{' '}
            <code>X-RateLimit-Remaining</code> running low, on 5xx answers (with their request ids), and on webhooks switched off: a webhook's{' '}
            <code>active</code> and <code>disabled_reason</code>, and its deliveries with <code>status=failed</code>. See{' '}
            <GuideLink slug="webhooks" section="retries">
              Answering, retries and switching off
            </GuideLink>
            .
          </p>
        </li>
      </ol>
    </GuidePage>
  );
}
