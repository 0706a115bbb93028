import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { tickets } from '@/db/schema';
import { call, type ApiResult } from '@/lib/test/api';
import { expectValidationError } from '@/lib/test/expectations';
import { createCustomer, createKey, createTicket } from '@/lib/test/factories';
import type { TicketJson, TicketSummaryJson } from '@/lib/tickets/schema';

let readKey: string;
let kumquatSubject: TicketJson;
let kumquatDescription: TicketJson;
let printerPhrase: TicketJson;
let printerToner: TicketJson;
let replied: TicketJson;
let accented: TicketJson;

beforeAll(async () => {
  readKey = await createKey('read');
  const writeKey = await createKey('write');
  const customer = await createCustomer();
  kumquatSubject = await createTicket({ subject: 'Kumquat shipment delayed', description: 'Order stuck at customs', customer_id: customer.id });
  kumquatDescription = await createTicket({
    subject: 'Warehouse question',
    description: 'Where is my kumquat order?',
    status: 'pending',
    priority: 'high',
  });
  printerPhrase = await createTicket({ subject: 'Printer jammed badly', description: 'The office printer stopped' });
  printerToner = await createTicket({ subject: 'Jammed printer tray', description: 'Toner is low as well' });
  replied = await createTicket({ subject: 'Billing question', description: 'Invoice looks wrong' });
  accented = await createTicket({ subject: 'Café crème machine', description: 'Problème de température' });
  const reply = await call('POST', `/api/v1/tickets/${replied.id}/replies`, {
    key: writeKey,
    body: { content: 'The invoice includes a zeppelin surcharge we will refund' },
  });
  expect(reply.status).toBe(201);
});

const search = (query: string) => call<TicketSummaryJson[]>('GET', `/api/v1/tickets/search?${query}`, { key: readKey });
const searchFor = (q: string, extra = '') => search(`q=${encodeURIComponent(q)}${extra}`);
const ids = (res: ApiResult<TicketSummaryJson[]>) => res.body.data.map((t) => t.id);

describe('GET /api/v1/tickets/search', () => {
  it('finds tickets by subject and by description, in the list item shape', async () => {
    const res = await searchFor('kumquat');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      data: [
        {
          id: kumquatSubject.id,
          number: kumquatSubject.number,
          subject: 'Kumquat shipment delayed',
          status: 'open',
          priority: 'normal',
          created_at: kumquatSubject.created_at,
          updated_at: kumquatSubject.updated_at,
          due_date: null,
          customer: { id: kumquatSubject.customer!.id, name: 'John Smith' },
          assigned_agent: null,
          department: null,
          tags: [],
          sla: null,
          snippet: null,
        },
        expect.objectContaining({ id: kumquatDescription.id, subject: 'Warehouse question', customer: null }),
      ],
      pagination: { current_page: 1, per_page: 25, total: 2, total_pages: 1, has_next: false, has_prev: false, total_exact: true, next_cursor: null },
    });
  });

  it('finds a ticket by its number, in any case, with the list filters still applying', async () => {
    expect(ids(await searchFor(printerToner.number))).toEqual([printerToner.id]);
    expect(ids(await searchFor(` ${printerToner.number.toLowerCase()} `))).toEqual([printerToner.id]);
    expect(ids(await searchFor(printerToner.number, '&status=closed'))).toEqual([]);
  });

  it('finds a ticket by a word that appears only in a reply', async () => {
    expect(ids(await searchFor('zeppelin'))).toEqual([replied.id]);
  });

  it('ranks a subject match above a description match', async () => {
    // The description match is the newer ticket, so only ranking puts the subject match first.
    expect(kumquatDescription.id).toBeGreaterThan(kumquatSubject.id);
    expect(ids(await searchFor('kumquat'))).toEqual([kumquatSubject.id, kumquatDescription.id]);
  });

  it('matches other forms of a word, in any case', async () => {
    expect(ids(await searchFor('DELAY'))).toEqual([kumquatSubject.id]);
    expect(ids(await searchFor('shipments'))).toEqual([kumquatSubject.id]);
  });

  it('matches every word by default, wherever they appear', async () => {
    expect(ids(await searchFor('printer jammed')).sort()).toEqual([printerPhrase.id, printerToner.id].sort());
    expect(ids(await searchFor('kumquat customs'))).toEqual([kumquatSubject.id]);
  });

  it('matches a "quoted phrase" only with its words in that order', async () => {
    expect(ids(await searchFor('"printer jammed"'))).toEqual([printerPhrase.id]);
  });

  it('leaves out tickets with a -excluded word', async () => {
    expect(ids(await searchFor('printer -toner'))).toEqual([printerPhrase.id]);
  });

  it('matches either side of OR', async () => {
    expect(ids(await searchFor('zeppelin OR customs')).sort()).toEqual([kumquatSubject.id, replied.id].sort());
  });

  it('finds accented words', async () => {
    expect(ids(await searchFor('crème'))).toEqual([accented.id]);
    expect(ids(await searchFor('problème'))).toEqual([accented.id]);
  });

  it('combines the search with the list filters', async () => {
    expect(ids(await searchFor('kumquat', '&status=pending'))).toEqual([kumquatDescription.id]);
    expect(ids(await searchFor('kumquat', '&priority=normal'))).toEqual([kumquatSubject.id]);
    expect(ids(await searchFor('kumquat', `&customer_id=${kumquatSubject.customer!.id}`))).toEqual([kumquatSubject.id]);
    expect(ids(await searchFor('kumquat', '&status=closed'))).toEqual([]);
  });

  it('sorts by another field when asked instead of relevance', async () => {
    expect(ids(await searchFor('kumquat', '&sort=created_at&order=desc'))).toEqual([kumquatDescription.id, kumquatSubject.id]);
    expect(ids(await searchFor('kumquat', '&sort=priority&order=desc'))).toEqual([kumquatDescription.id, kumquatSubject.id]);
  });

  it('paginates the results', async () => {
    const first = await searchFor('kumquat', '&per_page=1');
    expect(ids(first)).toEqual([kumquatSubject.id]);
    expect(first.body.pagination).toEqual({
      current_page: 1,
      per_page: 1,
      total: 2,
      total_pages: 2,
      has_next: true,
      has_prev: false,
      total_exact: true,
      next_cursor: expect.any(String),
    });

    const second = await searchFor('kumquat', '&per_page=1&page=2');
    expect(ids(second)).toEqual([kumquatDescription.id]);
    expect(second.body.pagination).toEqual({
      current_page: 2,
      per_page: 1,
      total: 2,
      total_pages: 2,
      has_next: false,
      has_prev: true,
      total_exact: true,
      next_cursor: null,
    });

    const beyond = await searchFor('kumquat', '&per_page=1&page=3');
    expect(beyond.body.data).toEqual([]);
    expect(beyond.body.pagination.total).toBe(2);
  });

  it('answers an empty page when nothing matches', async () => {
    const res = await searchFor('xylophone');
    expect(res.body).toEqual({
      success: true,
      data: [],
      pagination: { current_page: 1, per_page: 25, total: 0, total_pages: 0, has_next: false, has_prev: false, total_exact: true, next_cursor: null },
    });
  });

  describe('refused queries', () => {
    it('requires q', async () => {
      expectValidationError(await search(''), [{ field: 'q', message: 'Search query is required' }]);
      expectValidationError(await search('status=open'), [{ field: 'q', message: 'Search query is required' }]);
    });

    it('refuses an empty or blank q', async () => {
      expectValidationError(await searchFor('   '), [{ field: 'q', message: 'Search query must not be blank' }]);
      expectValidationError(await search('q='), [{ field: 'q', message: 'Search query must not be blank' }]);
    });

    it('refuses a q longer than 500 characters', async () => {
      expectValidationError(await searchFor('kumquat '.repeat(75)), [{ field: 'q', message: 'Search query must be at most 500 characters' }]);
      expect((await searchFor('k'.repeat(500))).status).toBe(200);
    });

    it('refuses a NUL character, however it is encoded', async () => {
      const refused = [{ field: 'q', message: 'Must not contain NUL characters' }];
      expectValidationError(await search('q=%00'), refused);
      expectValidationError(await search('q=kumquat%00order'), refused);
      expectValidationError(await searchFor('kumquat\u0000'), refused);
    });

    it('refuses bad filters next to q, as the list does', async () => {
      expectValidationError(await searchFor('kumquat', '&status=bogus&per_page=101'), [
        { field: 'status', message: 'Status must be one of: open, pending, on_hold, resolved, closed' },
        { field: 'per_page', message: 'Per page must be at most 100' },
      ]);
      expectValidationError(await searchFor('kumquat', '&sort=subject'), [
        { field: 'sort', message: 'Sort must be one of: relevance, created_at, updated_at, priority, sla_due_at' },
      ]);
    });
  });

  describe('hostile input', () => {
    const hostile = [
      "'",
      '"',
      '\\',
      '&|!:*()',
      '<script>alert(1)</script>',
      'a:*',
      '!!!',
      '--',
      "' OR 1=1 --",
      "'; drop table tickets; --",
      '"unterminated phrase',
      '-',
      'OR',
      '- - -',
      '😀🎉',
      '漢字 テスト',
      '%00',
      '\\x00',
      '$$',
      '(kumquat',
      'kumquat)',
      'kumquat & order | customs',
      '\u200b\ufeff',
    ];

    it.each(hostile)('answers %j with a result or a validation error, never a server error, with snippets too', async (q) => {
      for (const extra of ['', '&highlight=true']) {
        const res = await searchFor(q, extra);
        if (res.status === 400) {
          expect(res.body).toEqual({ success: false, error: expect.objectContaining({ code: 'VALIDATION_ERROR' }), timestamp: expect.any(String) });
        } else {
          expect(res.status).toBe(200);
          expect(res.body).toEqual({ success: true, data: expect.any(Array), pagination: expect.objectContaining({ current_page: 1 }) });
        }
      }
    });

    it('treats SQL in q as words to search for', async () => {
      const before = await getDb().$count(tickets);
      const res = await searchFor("' OR 1=1 --");
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual([]);
      expect(await getDb().$count(tickets)).toBe(before);
    });

    it('still finds the words around operator characters', async () => {
      expect(ids(await searchFor('kumquat & customs | !'))).toEqual([kumquatSubject.id]);
      expect(ids(await searchFor('(zeppelin)'))).toEqual([replied.id]);
      expect(ids(await searchFor('zeppelin:*'))).toEqual([replied.id]);
    });
  });
  describe("keeps each ticket's words up to date", () => {
    let writeKey: string;
    beforeAll(async () => {
      writeKey = await createKey('write');
    });

    it('keeps new words in a pending list of at most 64 kB, which every search reads', async () => {
      const [row] = await getDb().execute<{ options: string[] }>(sql`select reloptions as options from pg_class where relname = 'ticket_search_idx'`);
      expect(row!.options).toEqual(['gin_pending_list_limit=64']);
    });

    it('finds a changed subject and description, not the old ones, and still the replies', async () => {
      const ticket = await createTicket({ subject: 'Marmalade order', description: 'Jar of quince' });
      await call('POST', `/api/v1/tickets/${ticket.id}/replies`, { key: writeKey, body: { content: 'Shipping by gondola' } });
      const changed = await call('PUT', `/api/v1/tickets/${ticket.id}`, { key: writeKey, body: { subject: 'Chutney order', description: 'Jar of damson' } });
      expect(changed.status).toBe(200);
      expect(ids(await searchFor('marmalade'))).toEqual([]);
      expect(ids(await searchFor('quince'))).toEqual([]);
      expect(ids(await searchFor('chutney damson'))).toEqual([ticket.id]);
      expect(ids(await searchFor('gondola'))).toEqual([ticket.id]);
    });

    it('keeps the words of every reply when the subject changes, however long the thread', async () => {
      const ticket = await createTicket({ subject: 'Quarterly logs' });
      // 400,000 characters of replies; the last word comes after the first 300,000.
      for (let i = 0; i < 4; i += 1) {
        const content = `${'server restarted again '.repeat(4_300)}${i === 3 ? 'zanzibar' : ''}`;
        expect((await call('POST', `/api/v1/tickets/${ticket.id}/replies`, { key: writeKey, body: { content } })).status).toBe(201);
      }
      expect(ids(await searchFor('zanzibar'))).toEqual([ticket.id]);
      expect((await call('PUT', `/api/v1/tickets/${ticket.id}`, { key: writeKey, body: { subject: 'Yearly logs' } })).status).toBe(200);
      expect(ids(await searchFor('zanzibar'))).toEqual([ticket.id]);
      expect(ids(await searchFor('yearly'))).toEqual([ticket.id]);
    });

    it('finds the words of internal notes, whether added as a comment or with an update', async () => {
      const ticket = await createTicket({ subject: 'Loyalty card' });
      expect(
        (await call('POST', `/api/v1/tickets/${ticket.id}/comments`, { key: writeKey, body: { content: 'Escalated to the albatross team' } })).status,
      ).toBe(201);
      expect((await call('PUT', `/api/v1/tickets/${ticket.id}`, { key: writeKey, body: { internal_note: 'Customer mentioned a pelican' } })).status).toBe(200);
      expect(ids(await searchFor('albatross'))).toEqual([ticket.id]);
      expect(ids(await searchFor('pelican'))).toEqual([ticket.id]);
    });

    it('keeps taking replies once a thread holds more words than a search vector can', async () => {
      const ticket = await createTicket({ subject: 'Transcript archive' });
      // Letters only, each word new: every reply adds about 11,000 words to the ticket's vector.
      const letters = 'abcdefghijklmnopqrstuvwxyz';
      let n = 0;
      const word = () => Array.from((n++).toString(26).padStart(7, '0'), (d) => letters[parseInt(d, 26)]).join('');
      for (let i = 0; i < 10; i += 1) {
        const content = Array.from({ length: 12_000 }, word).join(' ').slice(0, 100_000);
        const reply = await call('POST', `/api/v1/tickets/${ticket.id}/replies`, { key: writeKey, body: { content } });
        expect(reply.status).toBe(201);
      }
      expect(ids(await searchFor('transcript'))).toEqual([ticket.id]);
      expect(ids(await searchFor('aaaaaab'))).toEqual([ticket.id]);
    });
  });
});
