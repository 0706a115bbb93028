import Link from 'next/link';
import { CodeSamples } from '@/components/docs/code-samples';
import { GuideLink, GuidePage, guideMetadata, Snippet } from '@/components/docs/guide-page';

export const metadata = guideMetadata('errors-and-retries');

const codes: [number, string, string][] = [
  [400, 'VALIDATION_ERROR', 'invalid input: details is [{field, message}], with paths like tickets[2].priority'],
  [400, 'INVALID_JSON', 'the body is not JSON'],
  [401, 'UNAUTHORIZED', 'a missing, unknown, expired or revoked key or token'],
  [403, 'FORBIDDEN', 'beyond the key’s permission, the token’s scopes, or the key’s IP allowlist'],
  [404, 'NOT_FOUND', 'an unknown id, or an unknown /api/v1 path'],
  [405, 'METHOD_NOT_ALLOWED', 'the path exists, the method does not: the Allow header lists those it has'],
  [409, 'CONFLICT', 'a duplicate (a taken email), a concurrent change, or an Idempotency-Key reused for another request or still in progress'],
  [413, 'PAYLOAD_TOO_LARGE', 'a body or file over its limit'],
  [415, 'UNSUPPORTED_MEDIA_TYPE', 'a body sent with a Content-Type other than application/json (or application/*+json), or none'],
  [429, 'RATE_LIMIT_EXCEEDED', 'over budget: Retry-After says when to come back'],
  [500, 'INTERNAL_ERROR', 'a bug: the message quotes the request id, the server’s log has the detail'],
  [503, 'SERVICE_UNAVAILABLE', 'the database cannot be reached: Retry-After: 5'],
];

// GET /docs/guides/errors-and-retries
export default function ErrorsAndRetriesGuide() {
  return (
    <GuidePage slug="errors-and-retries">
      <h2 id="envelope">The error envelope</h2>
      <p>
        Every failure is JSON with the same shape, whatever the endpoint. Branch on <code>code</code>, show <code>message</code> to people, and map{' '}
        <code>details</code> onto your form fields:
      </p>
      <Snippet>{`{
  "success": false,
  "error": {
    "code": "VALIDATION_ERROR",
    "message": "Validation failed for the request",
    "details": [{ "field": "priority", "message": "Priority must be one of: low, normal, high, urgent" }]
  },
  "timestamp": "2025-08-23T12:30:00Z"
}`}</Snippet>
      <p>
        The SDKs raise it as <code>LoopdeskError</code>, with <code>status</code>, <code>code</code>, <code>message</code>, <code>details</code>, the request id
        (<code>requestId</code>, <code>request_id</code>) and, for 429 and 503, the seconds to wait (<code>retryAfter</code>, <code>retry_after</code>).
      </p>

      <h2 id="codes">Codes</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">status</th>
            <th scope="col">code</th>
            <th scope="col">when</th>
          </tr>
        </thead>
        <tbody>
          {codes.map(([status, code, when]) => (
            <tr key={code}>
              <td>{status}</td>
              <td>
                <code>{code}</code>
              </td>
              <td>{when}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2 id="request-id">Request ids</h2>
      <p>
        Every answer carries <code>X-Request-Id</code>. Log it with every failure and quote it when you report one: the desk's log and its{' '}
        <Link href="/admin/audit-log">audit log</Link> carry the same id. Send your own <code>X-Request-Id</code> (a trace id, say) and the answer keeps it.
      </p>

      <h2 id="safe-to-retry">Which requests are safe to retry</h2>
      <p>
        Retry only what a second copy cannot do twice, and only after a failure that may pass: no answer at all (a timeout, a reset connection), 429, 502, 503
        or 504. Any other 4xx will fail again the same way: fix the request instead.
      </p>
      <ul>
        <li>
          <code>GET</code>, <code>HEAD</code>, <code>OPTIONS</code> and <code>DELETE</code> are safe. A retried <code>DELETE</code> whose first attempt did its
          work answers 404 <code>NOT_FOUND</code>, which the caller can treat as done.
        </li>
        <li>
          <code>POST</code> is safe only with an <code>Idempotency-Key</code>, which the desk honours on <code>POST</code> only. Without one, a create whose
          answer was lost may have happened: resending it makes a second ticket.
        </li>
        <li>
          <code>PUT</code> and <code>PATCH</code> are not safe to resend blindly: some updates add something each time, as <code>PUT /tickets/{'{id}'}</code>{' '}
          with <code>internal_note</code> adds a note. After a failure, read the resource and send the change again only if it is missing.
        </li>
        <li>
          Wait before each retry: what <code>Retry-After</code> asks, else an exponential backoff with jitter (see <GuideLink slug="rate-limits" />
          ).
        </li>
      </ul>
      <p>
        Both SDKs do this for you: they resend <code>GET</code>, <code>HEAD</code>, <code>OPTIONS</code>, <code>DELETE</code>, and a <code>POST</code> that
        carries an <code>Idempotency-Key</code>, after a network error, 429, 502, 503 or 504, up to <code>maxRetries</code> (<code>max_retries</code>) times,
        two by default. They never resend a <code>PUT</code> or <code>PATCH</code>: that call is yours.
      </p>

      <h2 id="idempotency">Idempotency-Key</h2>
      <p>
        Send <code>Idempotency-Key</code> (1 to 255 printable ASCII characters; a UUID is right) on any <code>POST</code>, and keep the same key for every retry
        of that request:
      </p>
      <ul>
        <li>
          A retry within 24 hours gets the first answer, status and body byte for byte, marked <code>Idempotent-Replayed: true</code>, and creates nothing.
        </li>
        <li>
          The retry must be the same request: method, path with query, and body bytes. The same key with another request is a 409, and so is a retry while the
          first copy is still running.
        </li>
        <li>Answers with 2xx and 4xx are kept. A 5xx, or a refusal (401, 403, 404), is not kept, so the retry runs afresh.</li>
        <li>An answer that shows a secret once (a new API key, a webhook's secret) keeps no body: its retry is a 409 saying the request already succeeded.</li>
        <li>Keys belong to the caller: another API key may use the same key for its own request. A replay still counts against the rate limit.</li>
        <li>
          If the desk stopped while a request held its key, the key answers 409 "in progress" until it expires: check whether the first request took effect,
          then retry with a new key.
        </li>
      </ul>
      <CodeSamples example="errors-and-retries" title="A validation error, a 404, and a create sent twice with one Idempotency-Key" />
    </GuidePage>
  );
}
