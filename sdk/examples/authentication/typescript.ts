// An admin key creates a read-only key for an integration; the new key reads, is refused a write, and is revoked.
import { Loopdesk, LoopdeskError } from '@loopdesk/sdk';

const baseUrl = process.env.LOOPDESK_URL!;
const admin = new Loopdesk({ baseUrl, apiKey: process.env.LOOPDESK_API_KEY! });

// The answer holds the key itself (`key`) this once; Loopdesk keeps only a hash. Put it in a secret store.
const { data: created } = await admin.POST('/api/v1/api-keys', { body: { name: 'Reporting export', permission: 'read', rate_limit: 500 } });
console.log(`Created key ${created.prefix}… with ${created.permission} permission`);

const reporting = new Loopdesk({ baseUrl, apiKey: created.key });
const { pagination } = await reporting.GET('/api/v1/tickets', { params: { query: { per_page: 1 } } });
console.log(`The read key sees ${pagination.total} tickets`);

/** Awaits a request that must be refused with `status` and shows the refusal; anything else fails the example. */
async function expectRefusal(status: number, request: Promise<unknown>) {
  try {
    await request;
  } catch (error) {
    if (!(error instanceof LoopdeskError) || error.status !== status) throw error;
    console.log(`  ${error.status} ${error.code}: ${error.message}`);
    return;
  }
  throw new Error(`Expected a ${status} refusal, but the request succeeded`);
}

console.log('Creating a ticket with the read key:');
await expectRefusal(403, reporting.POST('/api/v1/tickets', { body: { subject: 'Not allowed' } }));

// Revoking takes effect at once: the key is refused with 401 from the next request on.
await admin.DELETE('/api/v1/api-keys/{id}', { params: { path: { id: created.id } } });
console.log('After revoking it:');
await expectRefusal(401, reporting.GET('/api/v1/tickets', { params: { query: { per_page: 1 } } }));
