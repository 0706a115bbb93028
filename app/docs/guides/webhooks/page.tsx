import Link from 'next/link';
import { CodeSamples } from '@/components/docs/code-samples';
import { GuidePage, guideMetadata, Snippet, TermTable } from '@/components/docs/guide-page';

export const metadata = guideMetadata('webhooks');

const events: [string, string][] = [
  ['ticket.created', 'a ticket was created, by the API, an agent or an email'],
  ['ticket.updated', 'fields changed, or a reply or attachment was added; a new reply comes beside the ticket as data.reply'],
  ['ticket.assigned', 'the assignee changed'],
  ['ticket.resolved, ticket.closed', 'the ticket moved to that status'],
  ['customer.created, customer.updated', 'a customer was created, or changed'],
  ['agent.created', 'an agent was added'],
];

const headers: [string, string][] = [
  ['X-Loopdesk-Event', 'the event, e.g. ticket.created (ping for a test)'],
  ['X-Loopdesk-Delivery', 'the delivery id: one per event and webhook, the same on every retry. Deduplicate on it'],
  ['X-Loopdesk-Timestamp', 'Unix seconds when this attempt was sent'],
  ['X-Loopdesk-Signature', 'sha256= and the hex HMAC-SHA256 of the raw body, keyed with the secret’s UTF-8 bytes (whsec_ included)'],
  ['X-Loopdesk-Signature-Previous', 'the same with the replaced secret, for 24 hours after rotate-secret'],
  [
    'webhook-id, webhook-timestamp, webhook-signature',
    'Standard Webhooks: the delivery id, Unix seconds, and v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">',
  ],
];

// GET /docs/guides/webhooks
export default function WebhooksGuide() {
  return (
    <GuidePage slug="webhooks">
      <h2 id="events">Events</h2>
      <p>
        Create a webhook under <Link href="/admin/webhooks">Admin → Webhooks</Link> or with <code>POST /api/v1/webhooks</code>: a <code>url</code>, the{' '}
        <code>events</code> it wants (or <code>["*"]</code> for all, including ones added later), an optional <code>description</code> and <code>secret</code>.
        Without a secret one is generated (<code>whsec_…</code>); either way the answer shows it this once. URLs on private and loopback addresses are refused
        unless the desk's <code>LOOPDESK_WEBHOOK_ALLOWED_HOSTS</code> names the host.
      </p>
      <TermTable columns={['event', 'sent when']} rows={events} />
      <p>
        Each delivery is a <code>POST</code> with the event's <code>id</code>, its name, its time, and the resource as the API returns it at that moment (a
        ticket comes without its replies; <code>GET</code> it for the thread):
      </p>
      <Snippet>{`{ "id": 4711, "event": "ticket.created", "timestamp": "2025-08-23T12:30:00Z",
  "data": { "ticket": { "id": 78902, "number": "TKT-2025-001235", "subject": "…", "status": "open", … } } }`}</Snippet>
      <TermTable columns={['header', 'carries']} rows={headers} />

      <h2 id="verifying">Verifying a delivery</h2>
      <p>
        Anyone can POST to your endpoint, so check the signature before you trust a delivery, on the <strong>raw body as received</strong>: parsing and
        serializing JSON again changes the bytes. Every delivery is signed twice:
      </p>
      <ul>
        <li>
          <code>X-Loopdesk-Signature</code>, the reference's scheme, signs the body alone. The reference's Python function works unchanged. It cannot tell a
          fresh request from one captured and sent again later.
        </li>
        <li>
          The <a href="https://www.standardwebhooks.com/">Standard Webhooks</a> headers sign the delivery id and the send time with the body, so a verifier can
          refuse requests older than five minutes. Their libraries (<code>standardwebhooks</code> on npm and PyPI, and others) take a <code>whsec_</code> secret
          as it is: <code>{'new Webhook(secret).verify(rawBody, headers)'}</code>. A secret you chose without that prefix is keyed with its UTF-8 bytes (
          <code>{"{ format: 'raw' }"}</code> in JavaScript).
        </li>
      </ul>
      <p>
        The SDKs' <code>verifyWebhook(rawBody, headers, secret, {'{ toleranceSeconds }'})</code> and{' '}
        <code>verify_webhook(raw_body, headers, secret, tolerance=300)</code> require the Standard Webhooks headers by default: they check that signature and
        refuse a delivery whose send time is more than the tolerance (five minutes by default) from now, so a replay older than that is refused. A delivery
        signed only with <code>X-Loopdesk-Signature</code> is refused unless you ask for that scheme: <code>{"{ scheme: 'loopdesk-signature' }"}</code> in
        TypeScript, <code>scheme="loopdesk-signature"</code> in Python. It checks the body alone, so a captured delivery can be replayed: use it only for a
        sender that passes on nothing else. Either way they return the event, or throw <code>WebhookVerificationError</code>: answer that with 401.
      </p>
      <p>
        The samples run a receiver on a free local port, point a webhook at it, and send a test delivery (<code>POST /api/v1/webhooks/{'{id}'}/test</code>, a{' '}
        <code>ping</code> event). The TypeScript and Python ones verify it with the SDK and with the reference's plain <code>sha256=</code> HMAC as well; the
        curl one with <code>openssl</code>. Each exits non-zero when the delivery does not verify. They register <code>http://127.0.0.1:…</code>, which the
        desk's SSRF guard refuses unless its <code>LOOPDESK_WEBHOOK_ALLOWED_HOSTS</code> lists <code>127.0.0.1</code> (CI sets it): to run them against your own
        desk, set that variable on the desk, or register a public <code>https</code> endpoint of yours instead.
      </p>
      <CodeSamples example="webhooks" title="Receive a test delivery and verify its signature" />

      <h2 id="rotating">Rotating the secret</h2>
      <p>
        <code>POST /api/v1/webhooks/{'{id}'}/rotate-secret</code> answers with a new secret, shown once. For 24 hours the old one keeps signing beside it: in{' '}
        <code>X-Loopdesk-Signature-Previous</code>, and as a second <code>v1,</code> entry in <code>webhook-signature</code>. Accept either while you deploy the
        new secret (the Python verifier takes a list of secrets).
      </p>

      <h2 id="retries">Answering, retries and switching off</h2>
      <ul>
        <li>Answer with any 2xx within 10 seconds, then do the slow work: anything else is a failure, a redirect included.</li>
        <li>
          A failure is retried after about 10 s, 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h and 24 h, each ±20 %: ten attempts over about three days, then the
          delivery is <code>failed</code>. A <code>Retry-After</code> on your 429 or 503 sets the next attempt instead, up to 24 hours away.
        </li>
        <li>
          A <code>410 Gone</code> switches the webhook off at once, and so do three days of failures without a success. Its <code>active</code> becomes{' '}
          <code>false</code> and <code>disabled_reason</code> says why; <code>PUT</code> it with <code>{'{"active": true}'}</code> to switch it back on.
        </li>
        <li>
          <code>GET /api/v1/webhooks/{'{id}'}/deliveries</code> is the delivery log (filter with <code>status=failed</code>), with every attempt's status,
          duration and error; <code>POST …/deliveries/{'{delivery_id}'}/redeliver</code> sends one again now. Admin → Webhooks shows the same.
        </li>
      </ul>

      <h2 id="deduplication">Duplicates and order</h2>
      <p>
        Delivery is at least once: a request your endpoint answered just as the desk stopped is sent again. Keep the <code>X-Loopdesk-Delivery</code> (also in{' '}
        <code>webhook-id</code>) of every delivery you processed, in a unique column kept longer than the retries last, and answer a repeat with 2xx without
        doing the work again. Deliveries are sent concurrently and retried independently, so no order is promised, not even per ticket: compare the event's{' '}
        <code>timestamp</code> and <code>id</code> with what you stored before applying a change.
      </p>
    </GuidePage>
  );
}
