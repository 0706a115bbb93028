import { CodeSamples } from '@/components/docs/code-samples';
import { GuideLink, GuidePage, guideMetadata, Snippet, TermTable } from '@/components/docs/guide-page';

export const metadata = guideMetadata('rate-limits');

const budgets: [string, string][] = [
  ['an API key', 'its own rate_limit per hour, or 1000 per hour (the desk’s LOOPDESK_DEFAULT_RATE_LIMIT) when it has none'],
  ['an OAuth app acting for an agent', '1000 per hour for each app and agent (LOOPDESK_OAUTH_RATE_LIMIT)'],
  ['a signed-in browser session', '10000 per hour per agent (LOOPDESK_SESSION_RATE_LIMIT)'],
  ['an address without valid credentials', '60 per minute (LOOPDESK_IP_RATE_LIMIT); a request with missing or wrong credentials costs 2'],
];

// GET /docs/guides/rate-limits
export default function RateLimitsGuide() {
  return (
    <GuidePage slug="rate-limits">
      <h2 id="budgets">Budgets</h2>
      <TermTable columns={['who', 'budget']} rows={budgets} terms="text" />
      <p>
        Every request counts, refused ones (400, 403, 404) and idempotent replays included. A budget is a fixed window: it opens with its first request and
        lasts an hour (a minute for an address), and within it requests are served at once, bursts included, until the budget is spent. An address that spends
        its minute on failed credentials is refused until the minute ends, even with a valid key.
      </p>

      <h2 id="headers">The headers</h2>
      <p>Every answer says where you stand:</p>
      <Snippet>{`X-RateLimit-Limit: 1000          the budget
X-RateLimit-Remaining: 993       what is left of it
X-RateLimit-Reset: 1787312400    Unix seconds when the window ends and the next starts full`}</Snippet>
      <p>
        Read them rather than counting for yourself: several processes sharing a key share its budget. Slow a batch job down when <code>Remaining</code> runs
        low, rather than running into the wall.
      </p>

      <h2 id="429">429 and Retry-After</h2>
      <p>
        Over budget, the answer is <code>429</code> with <code>Retry-After</code> in seconds, the same number in the envelope, and nothing done:
      </p>
      <Snippet>{`{ "success": false,
  "error": { "code": "RATE_LIMIT_EXCEEDED", "message": "Rate limit of 1000 requests exceeded; try again in 900 seconds", "retry_after": 900 },
  "timestamp": "2025-08-23T10:45:00Z" }`}</Snippet>

      <h2 id="backoff">Backing off</h2>
      <ul>
        <li>
          After a 429, wait what <code>Retry-After</code> says: that is when the window ends, and sooner will be refused again. A wait of many minutes is for a
          job queue, not a sleeping request.
        </li>
        <li>
          After a 502, 503 or 504, or no answer, back off exponentially with <strong>full jitter</strong>: before retry <em>n</em>, sleep a random time between
          0 and <code>min(cap, base × 2ⁿ)</code>. The randomness spreads out clients that failed together, so they do not all come back in the same second.
        </li>
        <li>
          Retry only requests that are safe to send twice: see <GuideLink slug="errors-and-retries" section="safe-to-retry" />.
        </li>
      </ul>
      <p>
        The SDKs do all three. <code>maxRetries</code> (<code>max_retries</code>) sets how many retries, two by default; <code>maxRetryDelayMs</code> (
        <code>max_retry_delay</code>, in seconds) the longest they will wait, a minute by default. When <code>Retry-After</code> asks for longer, they do not
        wait: the <code>LoopdeskError</code> comes back at once with <code>retryAfter</code>, for you to schedule the work.
      </p>
      <CodeSamples example="rate-limits" title="The budget headers, the SDK's retry settings, and a 429 on a throwaway key" />

      <h2 id="spend-less">Spending less</h2>
      <ul>
        <li>
          Let <GuideLink slug="webhooks" /> tell you what changed instead of polling for it.
        </li>
        <li>
          Read lists 100 at a time, and only what changed since your last run (<code>updated_after</code>): see <GuideLink slug="pagination" />.
        </li>
        <li>
          Create or update up to 100 tickets in one request with <code>POST</code> or <code>PUT /api/v1/tickets/bulk</code>.
        </li>
        <li>Keep what rarely changes (departments, categories, agents, custom field definitions) and read it again now and then.</li>
        <li>
          Need more? An admin can raise a key's <code>rate_limit</code>.
        </li>
      </ul>
    </GuidePage>
  );
}
