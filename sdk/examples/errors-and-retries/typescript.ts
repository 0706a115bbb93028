// What failures look like, and a create that is safe to retry because it carries an Idempotency-Key.
import { Loopdesk, LoopdeskError } from '@loopdesk/sdk';

// The SDK resends GET, HEAD, OPTIONS and DELETE, and a POST with an Idempotency-Key, after a network
// error, 429, 502, 503 or 504, waiting what Retry-After asks or an exponential backoff with jitter.
// It never resends a PUT or PATCH: a second copy may do the work twice.
const loopdesk = new Loopdesk({ baseUrl: process.env.LOOPDESK_URL!, apiKey: process.env.LOOPDESK_API_KEY!, maxRetries: 3 });

/** Awaits a request that must fail with `status` and shows the error; anything else fails the example. */
async function expectError(status: number, request: Promise<unknown>) {
  try {
    await request;
  } catch (error) {
    if (!(error instanceof LoopdeskError) || error.status !== status) throw error;
    console.log(`${error.status} ${error.code}: ${error.message} (request ${error.requestId})`);
    for (const detail of error.details ?? []) console.log(`  ${detail.field}: ${detail.message}`);
    return;
  }
  throw new Error(`Expected a ${status} error, but the request succeeded`);
}

// 400 VALIDATION_ERROR: `details` names every invalid field.
await expectError(400, loopdesk.POST('/api/v1/tickets', { body: { subject: '', due_date: 'next tuesday' } }));
// 404 NOT_FOUND
await expectError(404, loopdesk.GET('/api/v1/tickets/{id}', { params: { path: { id: 2147483647 } } }));

// The same key on a resent POST gets the first answer back and creates nothing.
const key = crypto.randomUUID();
const body = { subject: 'Created once, however often it is sent' };
const { data: first } = await loopdesk.POST('/api/v1/tickets', { body, headers: { 'Idempotency-Key': key } });
const { data: again } = await loopdesk.POST('/api/v1/tickets', { body, headers: { 'Idempotency-Key': key } });
try {
  console.log(`first ${first.number}, again ${again.number}`);
  if (again.id !== first.id) throw new Error(`The resent POST made a second ticket, ${again.number}, beside ${first.number}`);
  // The same key with a different request is a 409 CONFLICT.
  await expectError(409, loopdesk.POST('/api/v1/tickets', { body: { subject: 'Something else' }, headers: { 'Idempotency-Key': key } }));
} finally {
  for (const id of new Set([first.id, again.id])) await loopdesk.DELETE('/api/v1/tickets/{id}', { params: { path: { id } } });
}
