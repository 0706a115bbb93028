import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '@/lib/test/api';
import { expectValidationError } from '@/lib/test/expectations';
import { createCustomer, createKey, createTicket } from '@/lib/test/factories';
import type { TicketJson, TicketSummaryJson } from '@/lib/tickets/schema';

// GET /tickets?tags=… (any of them) and ?tags_all=… (all of them), and the same on /tickets/search.
let readKey: string;
let customerId: number;
let refund: TicketJson, refundVip: TicketJson, vip: TicketJson, untagged: TicketJson;

beforeAll(async () => {
  readKey = await createKey('read');
  customerId = (await createCustomer()).id;
  const mine = { customer_id: customerId, subject: 'Invoice question' };
  refund = await createTicket({ ...mine, tags: ['refund'] });
  refundVip = await createTicket({ ...mine, tags: ['Refund', 'vip'] });
  vip = await createTicket({ ...mine, tags: ['vip'] });
  untagged = await createTicket(mine);
});

async function ids(path: string, pairs: [string, string][]) {
  const query = new URLSearchParams([['customer_id', String(customerId)], ...pairs]).toString();
  const res = await call<TicketSummaryJson[]>('GET', `${path}?${query}`, { key: readKey });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { ids: res.body.data!.map((t) => t.id).sort((a, b) => a - b), total: res.body.pagination!.total };
}

describe('tag filters', () => {
  it('keeps the tickets with any of the tags given in tags, in any case', async () => {
    expect(await ids('/api/v1/tickets', [['tags', 'refund']])).toEqual({ ids: [refund.id, refundVip.id], total: 2 });
    expect(await ids('/api/v1/tickets', [['tags', 'REFUND,vip']])).toEqual({ ids: [refund.id, refundVip.id, vip.id], total: 3 });
    expect(
      await ids('/api/v1/tickets', [
        ['tags', 'refund'],
        ['tags', 'vip'],
      ]),
    ).toEqual({ ids: [refund.id, refundVip.id, vip.id], total: 3 });
    expect(await ids('/api/v1/tickets', [['tags', 'nobody-uses-this']])).toEqual({ ids: [], total: 0 });
    expect((await ids('/api/v1/tickets', [])).ids).toContain(untagged.id);
  });

  it('keeps the tickets with every tag given in tags_all', async () => {
    expect(await ids('/api/v1/tickets', [['tags_all', 'refund,vip']])).toEqual({ ids: [refundVip.id], total: 1 });
    expect(await ids('/api/v1/tickets', [['tags_all', 'vip']])).toEqual({ ids: [refundVip.id, vip.id], total: 2 });
  });

  it('filters search results the same way', async () => {
    expect(
      (
        await ids('/api/v1/tickets/search', [
          ['q', 'invoice'],
          ['tags', 'vip'],
        ])
      ).ids,
    ).toEqual([refundVip.id, vip.id]);
  });

  it('refuses an empty or overlong tag', async () => {
    expectValidationError(await call('GET', '/api/v1/tickets?tags=', { key: readKey }), [{ field: 'tags', message: 'Tags must have at least 1 item' }]);
    expectValidationError(await call('GET', `/api/v1/tickets?tags_all=${'x'.repeat(51)}`, { key: readKey }), [
      { field: 'tags_all', message: 'Tags all must be at most 50 characters' },
    ]);
  });
});
