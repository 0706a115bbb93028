import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { replies } from '@/db/schema';
import { expectError, expectValidationError, isoSeconds, ticketEvents } from '@/lib/test/expectations';
import { createTicket, createAgent, createCustomer, createKey } from '@/lib/test/factories';
import { base64, downloadPath, everyByte, storedFiles } from '@/lib/test/files';
import { call, send } from '@/lib/test/api';
import { webHeaders } from '@/lib/test/session';
import type { TicketJson } from '@/lib/tickets/schema';
import type { toReplyJson } from '@/lib/tickets/serialize';

type ReplyJson = ReturnType<typeof toReplyJson>;

let agent: Awaited<ReturnType<typeof createAgent>>;
let customer: Awaited<ReturnType<typeof createCustomer>>;
let writeKey: string;
let readKey: string;
// An integration importing history: only an admin key may write as another author.
let importKey: string;

beforeAll(async () => {
  agent = await createAgent({ first_name: 'Sarah', last_name: 'Johnson' });
  customer = await createCustomer({ first_name: 'John', last_name: 'Smith' });
  writeKey = await createKey('write', {}, agent.id);
  readKey = await createKey('read');
  importKey = await createKey('admin');
});

const newTicket = () => createTicket({ customer_id: customer.id });
const postReply = (ticketId: number, body: unknown, key = writeKey) => call<ReplyJson>('POST', `/api/v1/tickets/${ticketId}/replies`, { key, body });
const repliesOf = (ticketId: number) => getDb().select().from(replies).where(eq(replies.ticketId, ticketId));

// The reference's "Add Reply" request body, word for word, with real bytes behind the base64.
const pdfBytes = new TextEncoder().encode('%PDF-1.4\n1. Reset the password hash\n2. Sign in again\n%%EOF\n');
const referenceBody = {
  content: "We've identified the issue and are working on a resolution. Expected fix time: 2 hours.",
  type: 'public',
  author_type: 'agent',
  attachments: [{ filename: 'solution_steps.pdf', content: base64(pdfBytes) }],
};

describe('POST /api/v1/tickets/{id}/replies', () => {
  it("answers the reference's request with 201 and the reference's reply shape, written by the key's agent", async () => {
    const ticket = await newTicket();
    const res = await postReply(ticket.id, referenceBody);

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      success: true,
      data: {
        id: expect.any(Number),
        content: referenceBody.content,
        html: null,
        type: 'public',
        channel: 'api',
        author: { type: 'agent', id: agent.id, name: 'Sarah Johnson' },
        email: null,
        created_at: expect.stringMatching(isoSeconds),
        attachments: [
          {
            id: expect.any(Number),
            filename: 'solution_steps.pdf',
            size: pdfBytes.byteLength,
            url: expect.stringMatching(/^https?:\/\/[^/]+\/api\/v1\/files\/\d+\/download$/),
          },
        ],
      },
    });
    const [attachment] = res.body.data.attachments;
    downloadPath(attachment!.url, attachment!.id);
  });

  it('stores the attachment so that its url downloads the exact bytes sent', async () => {
    const ticket = await newTicket();
    const filesBefore = await storedFiles();
    const { body } = await postReply(ticket.id, {
      content: 'Logs attached',
      attachments: [{ filename: 'trace.bin', content: base64(everyByte) }],
    });
    const [attachment] = body.data.attachments;
    expect(await storedFiles()).toHaveLength(filesBefore.length + 1);

    const download = await send('GET', downloadPath(attachment!.url, attachment!.id), { key: readKey });
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(everyByte);
    expect(attachment!.size).toBe(256);
  });

  it('shows the reply, with its attachment, in GET /api/v1/tickets/{id}', async () => {
    const ticket = await newTicket();
    const { body } = await postReply(ticket.id, referenceBody);

    const res = await call<TicketJson>('GET', `/api/v1/tickets/${ticket.id}`, { key: readKey });
    expect(res.status).toBe(200);
    expect(res.body.data.replies).toEqual([body.data]);
    expect(res.body.data.attachments).toEqual(body.data.attachments);
  });

  it('keeps replies in the order they were written', async () => {
    const ticket = await newTicket();
    await postReply(ticket.id, { content: 'First' });
    await postReply(ticket.id, { content: 'Second', type: 'internal' });
    await postReply(ticket.id, { content: 'Third' });

    const res = await call<TicketJson>('GET', `/api/v1/tickets/${ticket.id}`, { key: readKey });
    expect(res.body.data.replies.map((r) => [r.content, r.type])).toEqual([
      ['First', 'public'],
      ['Second', 'internal'],
      ['Third', 'public'],
    ]);
  });

  it('defaults to a public reply by an agent, without attachments', async () => {
    const ticket = await newTicket();
    const res = await postReply(ticket.id, { content: 'Looking into it' });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      html: null,
      type: 'public',
      channel: 'api',
      author: { type: 'agent', id: agent.id, name: 'Sarah Johnson' },
      email: null,
      attachments: [],
    });
  });

  it('adds an internal note with type internal', async () => {
    const ticket = await newTicket();
    const res = await postReply(ticket.id, { content: 'Customer is on the legacy plan', type: 'internal' });
    expect(res.status).toBe(201);
    expect(res.body.data.type).toBe('internal');

    const shown = await call<TicketJson>('GET', `/api/v1/tickets/${ticket.id}`, { key: readKey });
    expect(shown.body.data.replies).toEqual([expect.objectContaining({ id: res.body.data.id, type: 'internal' })]);
  });

  it("credits a customer reply to the ticket's customer when no author_id is given", async () => {
    const ticket = await newTicket();
    const res = await postReply(ticket.id, { content: 'Still cannot log in', author_type: 'customer' }, importKey);
    expect(res.status).toBe(201);
    expect(res.body.data.author).toEqual({ type: 'customer', id: customer.id, name: 'John Smith' });
  });

  it('refuses a customer reply without author_id on a ticket that has no customer, writing nothing', async () => {
    const ticket = await createTicket();
    const res = await postReply(ticket.id, { content: 'Who am I?', author_type: 'customer' }, importKey);
    expectValidationError(res, [{ field: 'author_id', message: 'This ticket has no customer: give the author_id of the customer replying' }]);
    expect(await repliesOf(ticket.id)).toEqual([]);
  });

  it('credits a customer reply to the customer named by author_id', async () => {
    const ticket = await newTicket();
    const colleague = await createCustomer({ first_name: 'Jane', last_name: 'Doe' });
    const res = await postReply(ticket.id, { content: 'Same problem here', author_type: 'customer', author_id: colleague.id }, importKey);
    expect(res.status).toBe(201);
    expect(res.body.data.author).toEqual({ type: 'customer', id: colleague.id, name: 'Jane Doe' });
  });

  it('credits an agent reply to the agent named by author_id', async () => {
    const ticket = await newTicket();
    const other = await createAgent({ first_name: 'Omar', last_name: 'Haddad' });
    const res = await postReply(ticket.id, { content: 'Escalated', author_type: 'agent', author_id: other.id }, importKey);
    expect(res.status).toBe(201);
    expect(res.body.data.author).toEqual({ type: 'agent', id: other.id, name: 'Omar Haddad' });
  });

  it('names Loopdesk as the author of a system reply', async () => {
    const ticket = await newTicket();
    const res = await postReply(ticket.id, { content: 'Auto-closed after 7 days', author_type: 'system' }, importKey);
    expect(res.status).toBe(201);
    expect(res.body.data.author).toEqual({ type: 'system', id: null, name: 'Loopdesk' });
  });

  it('records a ticket.updated event for the reply in the same request', async () => {
    const ticket = await newTicket();
    const res = await postReply(ticket.id, { content: 'Event please' });
    const updates = (await ticketEvents(ticket.id)).filter((e) => e.type === 'ticket.updated');
    expect(updates).toHaveLength(1);
    expect(updates[0]!.payload).toEqual({ changes: ['replies'], ticket: expect.objectContaining({ id: ticket.id }), reply: res.body.data });
    expect(updates[0]!.payload.ticket).not.toHaveProperty('replies');
  });

  it('refuses an author_id naming no customer, with field author_id, and writes nothing', async () => {
    const ticket = await newTicket();
    const filesBefore = await storedFiles();
    const res = await postReply(
      ticket.id,
      { content: 'Hello', author_type: 'customer', author_id: 999_999, attachments: [{ filename: 'a.txt', content: base64(everyByte) }] },
      importKey,
    );
    expectValidationError(res, [{ field: 'author_id', message: 'Customer 999999 does not exist' }]);
    expect(await repliesOf(ticket.id)).toEqual([]);
    expect(await storedFiles()).toEqual(filesBefore);
  });

  it('refuses an author_id naming no agent, or an inactive one, with field author_id', async () => {
    const ticket = await newTicket();
    const inactive = await createAgent({ status: 'inactive' });
    for (const authorId of [999_999, inactive.id]) {
      const res = await postReply(ticket.id, { content: 'Hello', author_type: 'agent', author_id: authorId }, importKey);
      expectValidationError(res, [{ field: 'author_id', message: `Agent ${authorId} does not exist or is not active` }]);
    }
    expect(await repliesOf(ticket.id)).toEqual([]);
  });

  it('refuses an author_id that is not a positive integer', async () => {
    const ticket = await newTicket();
    const res = await postReply(ticket.id, { content: 'Hello', author_id: 'agent-7' });
    expectValidationError(res, [{ field: 'author_id', message: 'Author ID must be a number' }]);
  });

  it('answers 404 for a ticket that does not exist, leaving no file behind', async () => {
    const filesBefore = await storedFiles();
    const res = await postReply(999_999, referenceBody);
    expectError(res, { status: 404, code: 'NOT_FOUND', message: 'Ticket not found' });
    expect(await storedFiles()).toEqual(filesBefore);
  });

  it('answers 404 for a ticket id that is not an integer', async () => {
    const res = await postReply(0, { content: 'Hello' });
    expectError(res, { status: 404, code: 'NOT_FOUND', message: 'Resource not found' });
    const named = await call('POST', '/api/v1/tickets/TKT-2025-001234/replies', { key: writeKey, body: { content: 'Hello' } });
    expectError(named, { status: 404, code: 'NOT_FOUND', message: 'Resource not found' });
  });

  it('refuses a reply without content', async () => {
    const ticket = await newTicket();
    const res = await postReply(ticket.id, { type: 'public' });
    expectValidationError(res, [{ field: 'content', message: 'Content is required' }]);
  });

  it('refuses empty content and a type or author_type outside the documented values', async () => {
    const ticket = await newTicket();
    const res = await postReply(ticket.id, { content: '', type: 'private', author_type: 'bot' });
    expectValidationError(res, [
      { field: 'content', message: 'Content must not be empty' },
      { field: 'type', message: 'Type must be one of: public, internal' },
      { field: 'author_type', message: 'Author type must be one of: agent, customer, system' },
    ]);
    expect(await repliesOf(ticket.id)).toEqual([]);
  });

  it('refuses attachment content that is not base64, naming the attachment', async () => {
    const ticket = await newTicket();
    const filesBefore = await storedFiles();
    const res = await postReply(ticket.id, {
      content: 'See attached',
      attachments: [
        { filename: 'ok.txt', content: base64(everyByte) },
        { filename: 'bad.txt', content: 'not base64 at all!' },
      ],
    });
    expectValidationError(res, [{ field: 'attachments[1].content', message: 'Content must be base64-encoded' }]);
    expect(await repliesOf(ticket.id)).toEqual([]);
    expect(await storedFiles()).toEqual(filesBefore);
  });

  it('refuses base64 content of an impossible length', async () => {
    const ticket = await newTicket();
    const res = await postReply(ticket.id, { content: 'See attached', attachments: [{ filename: 'cut.pdf', content: 'QUJDR' }] });
    expectValidationError(res, [{ field: 'attachments[0].content', message: 'Content must be base64-encoded' }]);
    expect(await repliesOf(ticket.id)).toEqual([]);
  });

  it('refuses an attachment without a filename', async () => {
    const ticket = await newTicket();
    const res = await postReply(ticket.id, { content: 'See attached', attachments: [{ content: base64(pdfBytes) }] });
    expectValidationError(res, [{ field: 'attachments[0].filename', message: 'Filename is required' }]);
  });

  it('answers 403 to a read key and 401 without a key', async () => {
    const ticket = await newTicket();
    expectError(await postReply(ticket.id, { content: 'Hello' }, readKey), {
      status: 403,
      code: 'FORBIDDEN',
      message: 'This action requires write permission',
    });
    expectError(await call('POST', `/api/v1/tickets/${ticket.id}/replies`, { body: { content: 'Hello' } }), {
      status: 401,
      code: 'UNAUTHORIZED',
      message: 'Authentication required: send Authorization: Bearer <API key>',
    });
    expect(await repliesOf(ticket.id)).toEqual([]);
  });

  it('answers 405 to GET, naming POST as allowed', async () => {
    const ticket = await newTicket();
    const res = await call('GET', `/api/v1/tickets/${ticket.id}/replies`, { key: readKey });
    expectError(res, { status: 405, code: 'METHOD_NOT_ALLOWED', message: 'Method GET is not allowed here; allowed: POST' });
    expect(res.headers.get('allow')).toBe('POST');
  });
});

describe('who a reply may be written as', () => {
  const anotherAuthor = 'Only admin API keys may write as another author';
  let other: { id: number };
  let adminAgent: { id: number };

  beforeAll(async () => {
    other = await createAgent({ first_name: 'Omar', last_name: 'Haddad' });
    adminAgent = await createAgent({ first_name: 'Ada', last_name: 'Admin', role: 'admin' });
  });

  // Each body names someone other than the caller; `fields` are the ones the refusal must name.
  const impersonations = (own: number | null) => [
    { as: 'another agent', body: { author_id: other.id }, fields: ['author_id'] },
    { as: 'another agent in an internal note', body: { type: 'internal', author_type: 'agent', author_id: other.id }, fields: ['author_id'] },
    { as: "the ticket's customer", body: { author_type: 'customer' }, fields: ['author_type'] },
    // Agents and customers are numbered apart, so the customer's id may be the caller's own agent id.
    {
      as: 'a named customer',
      body: { author_type: 'customer', author_id: customer.id },
      fields: ['author_type', ...(customer.id === own ? [] : ['author_id'])],
    },
    { as: 'system', body: { author_type: 'system' }, fields: ['author_type'] },
    ...(own === null ? [] : [{ as: 'system, naming itself', body: { author_type: 'system', author_id: own }, fields: ['author_type'] }]),
  ];

  async function expectRefused(post: (ticketId: number, body: Record<string, unknown>) => Promise<unknown>, own: number | null) {
    for (const { as, body, fields } of impersonations(own)) {
      const ticket = await newTicket();
      const filesBefore = await storedFiles();
      const res = (await post(ticket.id, { content: `Written as ${as}`, ...body, attachments: [{ filename: 'a.txt', content: 'eA==' }] })) as Parameters<
        typeof expectValidationError
      >[0];
      expectValidationError(
        res,
        fields.map((field) => ({ field, message: anotherAuthor })),
      );
      expect(await repliesOf(ticket.id), as).toEqual([]);
      expect(await storedFiles(), as).toEqual(filesBefore);
    }
  }

  const bySession = (agentId: number) => async (ticketId: number, body: Record<string, unknown>) =>
    call<ReplyJson>('POST', `/api/v1/tickets/${ticketId}/replies`, { headers: await webHeaders(agentId), body });

  it("refuses an agent's session writing as another agent, a customer or system, writing nothing", async () => {
    await expectRefused(bySession(agent.id), agent.id);
  });

  it("refuses an admin's session too: a person writes as themselves", async () => {
    await expectRefused(bySession(adminAgent.id), adminAgent.id);
  });

  it('refuses a write key writing as anyone but the agent who created it', async () => {
    await expectRefused((ticketId, body) => postReply(ticketId, body, writeKey), agent.id);
  });

  it('refuses a write key that belongs to no agent naming any author, but lets it write as before', async () => {
    const ownerless = await createKey('write');
    await expectRefused((ticketId, body) => postReply(ticketId, body, ownerless), null);
    expectValidationError(await postReply((await newTicket()).id, { content: 'Hello', author_id: agent.id }, ownerless), [
      { field: 'author_id', message: anotherAuthor },
    ]);
    const res = await postReply((await newTicket()).id, { content: 'From the integration', type: 'internal' }, ownerless);
    expect(res.status).toBe(201);
    expect(res.body.data.author).toEqual({ type: 'agent', id: null, name: null });
  });

  it('accepts the caller naming themselves', async () => {
    const session = await bySession(agent.id)((await newTicket()).id, { content: 'Me', author_type: 'agent', author_id: agent.id });
    expect(session.status).toBe(201);
    expect(session.body.data.author).toEqual({ type: 'agent', id: agent.id, name: 'Sarah Johnson' });
    const key = await postReply((await newTicket()).id, { content: 'Me again', type: 'internal', author_id: agent.id });
    expect(key.status).toBe(201);
    expect(key.body.data.author).toEqual({ type: 'agent', id: agent.id, name: 'Sarah Johnson' });
  });

  it('lets an admin key, ownerless or made by an admin, write as another agent, a customer or system', async () => {
    for (const key of [importKey, await createKey('admin', {}, adminAgent.id)]) {
      const ticket = await newTicket();
      const authors = [];
      for (const body of [{ author_id: other.id }, { author_type: 'customer' }, { author_type: 'system' }]) {
        const res = await postReply(ticket.id, { content: 'Imported', ...body }, key);
        expect(res.status).toBe(201);
        authors.push(res.body.data.author);
      }
      expect(authors).toEqual([
        { type: 'agent', id: other.id, name: 'Omar Haddad' },
        { type: 'customer', id: customer.id, name: 'John Smith' },
        { type: 'system', id: null, name: 'Loopdesk' },
      ]);
    }
  });
});
