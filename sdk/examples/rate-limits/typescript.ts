// Read the budget from the headers, set the SDK's retries, and see a 429 on a throwaway key, not on your own budget.
import { Loopdesk, LoopdeskError } from '@loopdesk/sdk';

const baseUrl = process.env.LOOPDESK_URL!;
let lastHeaders = new Headers();

const loopdesk = new Loopdesk({
  baseUrl,
  apiKey: process.env.LOOPDESK_API_KEY!,
  // After a 429, 502, 503, 504 or a network error, a request that is safe to resend is sent again
  // up to 4 times, after what Retry-After asks or an exponential backoff with full jitter.
  maxRetries: 4,
  // A Retry-After asking for longer is not waited for: the LoopdeskError comes back with retryAfter.
  maxRetryDelayMs: 30_000,
  // Every answer carries the budget; a fetch of your own sees each one.
  fetch: async (request) => {
    const response = await fetch(request);
    lastHeaders = response.headers;
    return response;
  },
});

await loopdesk.GET('/api/v1/tickets', { params: { query: { per_page: 1 } } });
const reset = lastHeaders.get('X-RateLimit-Reset');
if (!reset) throw new Error('Expected the X-RateLimit-* headers on the answer');
const resetAt = new Date(Number(reset) * 1000).toISOString();
console.log(`Budget: ${lastHeaders.get('X-RateLimit-Remaining')} of ${lastHeaders.get('X-RateLimit-Limit')} left until ${resetAt}`);

// A key with a budget of one request an hour: its second request is refused with 429.
const { data: created } = await loopdesk.POST('/api/v1/api-keys', { body: { name: 'Rate limit demo', permission: 'read', rate_limit: 1 } });
const limited = new Loopdesk({ baseUrl, apiKey: created.key });
try {
  await limited.GET('/api/v1/tickets', { params: { query: { per_page: 1 } } });
  await limited.GET('/api/v1/tickets', { params: { query: { per_page: 1 } } });
  throw new Error('Expected a 429 on the second request, but it succeeded');
} catch (error) {
  if (!(error instanceof LoopdeskError) || error.status !== 429) throw error;
  console.log(`${error.status} ${error.code}: ${error.message}; retryAfter ${error.retryAfter} s`);
} finally {
  await loopdesk.DELETE('/api/v1/api-keys/{id}', { params: { path: { id: created.id } } });
}
