import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '@/lib/test/api';
import { expectValidationError } from '@/lib/test/expectations';
import { createKey, createTicket } from '@/lib/test/factories';
import type { SnippetJson, TicketJson, TicketSearchResultJson } from '@/lib/tickets/schema';

let readKey: string;
let writeKey: string;
let resetLink: TicketJson;
let spread: TicketJson;
let accented: TicketJson;
let forged: TicketJson;
let tagLike: TicketJson;
let inReply: TicketJson;
let inNote: TicketJson;
let long: TicketJson;
let stemDiffers: TicketJson;
let stemInsideWord: TicketJson;

beforeAll(async () => {
  readKey = await createKey('read');
  writeKey = await createKey('write');
  resetLink = await createTicket({
    subject: 'Cannot sign in',
    description: 'I requested a password reset yesterday.\n\nThe link in the email had already expired when I clicked it.',
  });
  spread = await createTicket({ subject: 'Kumquat shipment delayed', description: 'Order stuck at customs since Monday' });
  accented = await createTicket({ subject: 'Machine à café', description: 'Le café 🔥 a brûlé : notre crème est froide depuis lundi' });
  forged = await createTicket({ subject: 'Refund', description: 'Please \uE000ignore\uE001 the refund \uE000\uE001request from last week' });
  tagLike = await createTicket({ subject: 'Form question', description: 'The <input> field refuses my voucher code' });
  inReply = await createTicket({ subject: 'Billing question', description: 'Invoice looks wrong' });
  inNote = await createTicket({ subject: 'Shipping question', description: 'Where is the parcel?' });
  long = await createTicket({
    subject: 'Delivery',
    description: `${'We ordered office chairs in spring. '.repeat(200)}The narwhal statue arrived broken. ${'Please call us back. '.repeat(200)}`,
  });
  stemDiffers = await createTicket({ subject: 'Slow support', description: 'Your reply came three days late' });
  stemInsideWord = await createTicket({
    subject: 'Router',
    description: `The recalibrated sensor. ${'Nothing else helps. '.repeat(100)}Please calibrate the router`,
  });
  const replies = [
    { id: inReply.id, body: { content: 'We are resetting the zeppelin surcharge on your invoice.' } },
    { id: inNote.id, body: { content: 'Courier says the parcel went to the quokka sanctuary by mistake.', type: 'internal' } },
  ];
  for (const { id, body } of replies) expect((await call('POST', `/api/v1/tickets/${id}/replies`, { key: writeKey, body })).status).toBe(201);
});

const search = (q: string, extra = '&highlight=true') =>
  call<TicketSearchResultJson[]>('GET', `/api/v1/tickets/search?q=${encodeURIComponent(q)}${extra}`, { key: readKey });

/** The snippet of the one ticket the search finds. */
async function snippetFor(q: string, ticket: TicketJson): Promise<SnippetJson | null> {
  const res = await search(q);
  expect(res.status).toBe(200);
  expect(res.body.data.map((t) => t.id)).toEqual([ticket.id]);
  return res.body.data[0]!.snippet;
}

/** The words each highlight points at, as a client slicing the JavaScript string would read them. */
const highlighted = (snippet: SnippetJson | null) => (snippet?.highlights ?? []).map((h) => snippet!.text.slice(h.start, h.start + h.length));

describe('GET /api/v1/tickets/search?highlight=true', () => {
  it('gives no snippet unless asked', async () => {
    for (const extra of ['', '&highlight=false']) {
      const res = await search('password reset', extra);
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual([expect.objectContaining({ id: resetLink.id, snippet: null })]);
    }
  });

  it('gives plain text and the ranges of the matched words, other forms of them included', async () => {
    const snippet = await snippetFor('resetting passwords', resetLink);
    expect(snippet).toEqual({
      text: 'I requested a password reset yesterday. The link in the email had already expired when I clicked it',
      highlights: [
        { start: 14, length: 8 },
        { start: 23, length: 5 },
      ],
    });
    expect(highlighted(snippet)).toEqual(['password', 'reset']);
  });

  it('marks the words of a "quoted phrase"', async () => {
    expect(highlighted(await snippetFor('"password reset"', resetLink))).toEqual(['password', 'reset']);
  });

  it('keeps the list item shape beside the snippet', async () => {
    const res = await search('password');
    expect(Object.keys(res.body.data[0]!).sort()).toEqual(
      [
        'assigned_agent',
        'created_at',
        'customer',
        'department',
        'due_date',
        'id',
        'number',
        'priority',
        'sla',
        'snippet',
        'status',
        'subject',
        'tags',
        'updated_at',
      ].sort(),
    );
  });

  it('counts offsets in UTF-16 code units, past accents and emoji', async () => {
    const snippet = await snippetFor('crème', accented);
    expect(snippet!.text).toBe('Le café 🔥 a brûlé : notre crème est froide depuis lundi');
    expect(snippet!.highlights).toEqual([{ start: snippet!.text.indexOf('crème'), length: 5 }]);
    expect(snippet!.highlights[0]!.start).toBe(27);
  });

  it('shows words spread over subject and description together', async () => {
    expect(highlighted(await snippetFor('kumquat customs', spread))).toEqual(['Kumquat', 'customs']);
  });

  it('shows the subject when only the subject matches', async () => {
    expect(await snippetFor('sign', resetLink)).toEqual({ text: 'Cannot sign in', highlights: [{ start: 7, length: 4 }] });
  });

  it('shows the reply the words matched in', async () => {
    const snippet = await snippetFor('reset zeppelin', inReply);
    expect(snippet!.text).toBe('We are resetting the zeppelin surcharge on your invoice');
    expect(highlighted(snippet)).toEqual(['resetting', 'zeppelin']);
  });

  it('shows an internal note to a read key, which may read the notes of the thread anyway', async () => {
    const snippet = await snippetFor('quokka', inNote);
    expect(highlighted(snippet)).toEqual(['quokka']);
    const thread = await call<TicketJson>('GET', `/api/v1/tickets/${inNote.id}`, { key: readKey });
    expect(thread.body.data.replies.map((r) => r.type)).toEqual(['internal']);
  });

  it('does not let a customer forge a highlight with the marker characters', async () => {
    const snippet = await snippetFor('refund request', forged);
    expect(snippet!.text).toBe('Please ignore the refund request from last week');
    expect(highlighted(snippet)).toEqual(['refund', 'request']);
  });

  it('keeps text that looks like HTML as the customer wrote it', async () => {
    const snippet = await snippetFor('voucher', tagLike);
    expect(snippet!.text).toBe('The <input> field refuses my voucher code');
    expect(highlighted(snippet)).toEqual(['voucher']);
  });

  it('finds the words deep inside a long text, with the words around them', async () => {
    const snippet = await snippetFor('narwhal', long);
    expect(snippet!.text).toContain('The narwhal statue arrived broken.');
    expect(snippet!.text.length).toBeLessThan(400);
    expect(highlighted(snippet)).toEqual(['narwhal']);
  });

  it('marks a word whose stem is not how it is written', async () => {
    expect(highlighted(await snippetFor('replies', stemDiffers))).toEqual(['reply']);
  });

  it('marks the word itself, not a longer word that contains it', async () => {
    const snippet = await snippetFor('calibrate', stemInsideWord);
    expect(snippet!.text).toContain('Please calibrate the router');
    expect(highlighted(snippet)).toEqual(['calibrate']);
  });

  it('refuses a highlight that is not true or false', async () => {
    expectValidationError(await search('password', '&highlight=maybe'), [{ field: 'highlight', message: 'Highlight must be one of: true, false' }]);
  });
});
