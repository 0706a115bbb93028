import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '@/lib/test/api';
import { expectValidationError } from '@/lib/test/expectations';
import { createTicket, createCustomer, createKey } from '@/lib/test/factories';
import type { TicketJson, TicketSummaryJson } from '@/lib/tickets/schema';

// GET /tickets?custom_fields[key]=value, and the same on /tickets/search.
let readKey: string;
let customerId: number;
let chrome: TicketJson, firefox: TicketJson, chromeToo: TicketJson, bare: TicketJson;

const quoted = 'He said "it\'s broken" \\ — ünïcødé ✓ 日本';

beforeAll(async () => {
  readKey = await createKey('read');
  customerId = (await createCustomer()).id;
  const mine = { customer_id: customerId };
  chrome = await createTicket({
    ...mine,
    subject: 'Login fails',
    custom_fields: { browser: 'Chrome 119', seats: 3, vip: true, note: quoted },
  });
  firefox = await createTicket({
    ...mine,
    subject: 'Login fails',
    custom_fields: { browser: 'Firefox 128', seats: '3', vip: 'true' },
  });
  chromeToo = await createTicket({
    ...mine,
    subject: 'Export fails',
    status: 'pending',
    custom_fields: { browser: 'Chrome 119', seats: 30.5, vip: false, 'app.version': '2.0' },
  });
  bare = await createTicket({ ...mine, subject: 'Login fails' });
});

/** Query strings built with URLSearchParams, so values travel encoded as a client would send them. */
function query(pairs: [string, string][]) {
  return new URLSearchParams([['customer_id', String(customerId)], ...pairs]).toString();
}
const list = (pairs: [string, string][]) => call<TicketSummaryJson[]>('GET', `/api/v1/tickets?${query(pairs)}`, { key: readKey });
const search = (pairs: [string, string][]) => call<TicketSummaryJson[]>('GET', `/api/v1/tickets/search?${query(pairs)}`, { key: readKey });
const ids = (res: { body: { data: TicketSummaryJson[] } }) => res.body.data.map((t) => t.id);

describe('custom field filters on GET /api/v1/tickets', () => {
  it('matches a text value exactly, as in the reference example custom_fields[browser]=Chrome 119', async () => {
    const res = await call<TicketSummaryJson[]>('GET', `/api/v1/tickets?customer_id=${customerId}&custom_fields[browser]=Chrome 119`, {
      key: readKey,
    });
    expect(res.status).toBe(200);
    expect(ids(res)).toEqual([chromeToo.id, chrome.id]);
    expect(res.body.pagination.total).toBe(2);
    expect(ids(await list([['custom_fields[browser]', 'chrome 119']]))).toEqual([]);
    expect(ids(await list([['custom_fields[browser]', 'Chrome']]))).toEqual([]);
  });

  it('matches a number stored as a number or as text', async () => {
    expect(ids(await list([['custom_fields[seats]', '3']]))).toEqual([firefox.id, chrome.id]);
    expect(ids(await list([['custom_fields[seats]', '3.0']]))).toEqual([chrome.id]);
    expect(ids(await list([['custom_fields[seats]', '30.5']]))).toEqual([chromeToo.id]);
    expect(ids(await list([['custom_fields[seats]', '305e-1']]))).toEqual([chromeToo.id]);
    expect(ids(await list([['custom_fields[seats]', '1e999']]))).toEqual([]);
  });

  it('matches a boolean stored as a boolean or as text', async () => {
    expect(ids(await list([['custom_fields[vip]', 'true']]))).toEqual([firefox.id, chrome.id]);
    expect(ids(await list([['custom_fields[vip]', 'false']]))).toEqual([chromeToo.id]);
    expect(ids(await list([['custom_fields[vip]', 'TRUE']]))).toEqual([]);
  });

  it('matches values with quotes, backslashes and non-ASCII text, and keys with dots', async () => {
    expect(ids(await list([['custom_fields[note]', quoted]]))).toEqual([chrome.id]);
    expect(ids(await list([['custom_fields[app.version]', '2.0']]))).toEqual([chromeToo.id]);
  });

  it('treats JSON or SQL in a value as plain text', async () => {
    for (const value of ['Chrome 119"}', '{"browser":"Chrome 119"}', "' or 1=1 --", '"Chrome 119"']) {
      const res = await list([['custom_fields[browser]', value]]);
      expect(res.status).toBe(200);
      expect(ids(res)).toEqual([]);
    }
  });

  it('requires every given key to match', async () => {
    expect(
      ids(
        await list([
          ['custom_fields[browser]', 'Chrome 119'],
          ['custom_fields[vip]', 'true'],
        ]),
      ),
    ).toEqual([chrome.id]);
    expect(
      ids(
        await list([
          ['custom_fields[browser]', 'Firefox 128'],
          ['custom_fields[vip]', 'false'],
        ]),
      ),
    ).toEqual([]);
  });

  it('combines with the other filters', async () => {
    expect(
      ids(
        await list([
          ['custom_fields[browser]', 'Chrome 119'],
          ['status', 'pending'],
        ]),
      ),
    ).toEqual([chromeToo.id]);
    expect(
      ids(
        await list([
          ['custom_fields[browser]', 'Chrome 119'],
          ['status[]', 'open'],
          ['status[]', 'on_hold'],
        ]),
      ),
    ).toEqual([chrome.id]);
  });

  it('reads a repeated custom field key as one value with a comma, not as a list', async () => {
    const res = await list([
      ['custom_fields[browser]', 'Chrome 119'],
      ['custom_fields[browser]', 'Firefox 128'],
    ]);
    expect(ids(res)).toEqual([]);
  });

  it('finds nothing for a key no ticket has', async () => {
    expect(ids(await list([['custom_fields[colour]', 'blue']]))).toEqual([]);
    expect(bare.custom_fields).toEqual({});
  });

  it('refuses an invalid key, a value without a key and both forms at once with 400', async () => {
    expectValidationError(await list([['custom_fields[bad key]', 'x']]), [
      { field: 'custom_fields.bad key', message: 'Custom field keys are 1–64 letters, digits, _ . or -' },
    ]);
    expectValidationError(await list([['custom_fields', 'Chrome 119']]), [
      { field: 'custom_fields', message: 'Filter custom fields as custom_fields[key]=value' },
    ]);
    expectValidationError(
      await list([
        ['custom_fields', 'x'],
        ['custom_fields[browser]', 'Chrome 119'],
      ]),
      [
        {
          field: 'custom_fields',
          message: 'Give custom_fields either as custom_fields=value or as custom_fields[key]=value, not both',
        },
      ],
    );
    expectValidationError(await list([['custom_fields[browser]', 'x'.repeat(10_001)]]), [
      { field: 'custom_fields.browser', message: 'Browser must be at most 10000 characters' },
    ]);
  });

  it('keeps bracketed keys as plain data, refused as a parameter the list does not take', async () => {
    const res = await list([['__proto__[polluted]', 'yes']]);
    expect(res.status).toBe(400);
    expect(res.body.error?.details?.map((d) => d.field)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses to filter on __proto__ or constructor, which no custom field may be called', async () => {
    const message = 'Custom field keys must not be __proto__, constructor or prototype';
    expectValidationError(
      await list([
        ['custom_fields[__proto__]', 'x'],
        ['custom_fields[constructor]', 'y'],
      ]),
      [
        { field: 'custom_fields.__proto__', message },
        { field: 'custom_fields.constructor', message },
      ],
    );
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('custom field filters on GET /api/v1/tickets/search', () => {
  it('narrows ranked search results the same way', async () => {
    expect(
      ids(
        await search([
          ['q', 'login'],
          ['custom_fields[browser]', 'Chrome 119'],
        ]),
      ),
    ).toEqual([chrome.id]);
    expect(
      ids(
        await search([
          ['q', 'fails'],
          ['custom_fields[vip]', 'true'],
          ['sort', 'created_at'],
        ]),
      ),
    ).toEqual([firefox.id, chrome.id]);
  });
});
