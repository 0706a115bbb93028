import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { replies } from '@/db/schema';
import { expectError, expectValidationError, isoSeconds } from '@/lib/test/expectations';
import { createTicket, createAgent, createCustomer, createKey } from '@/lib/test/factories';
import { call } from '@/lib/test/api';
import type { TicketJson } from '@/lib/tickets/schema';
import type { toReplyJson } from '@/lib/tickets/serialize';

type ReplyJson = ReturnType<typeof toReplyJson>;

let agent: Awaited<ReturnType<typeof createAgent>>;
let writeKey: string;
let readKey: string;

beforeAll(async () => {
  agent = await createAgent({ first_name: 'Sarah', last_name: 'Johnson' });
  writeKey = await createKey('write', {}, agent.id);
  readKey = await createKey('read');
});

const newTicket = async () => createTicket({ customer_id: (await createCustomer()).id });
const postComment = (ticketId: number, body: unknown, key = writeKey) => call<ReplyJson>('POST', `/api/v1/tickets/${ticketId}/comments`, { key, body });
const repliesOf = (ticketId: number) => getDb().select().from(replies).where(eq(replies.ticketId, ticketId));

describe('POST /api/v1/tickets/{id}/comments', () => {
  it("adds an internal reply by the key's agent and answers 201 with the reply shape", async () => {
    const ticket = await newTicket();
    const res = await postComment(ticket.id, { content: 'Checked the auth logs: lockout after 5 attempts' });

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      success: true,
      data: {
        id: expect.any(Number),
        content: 'Checked the auth logs: lockout after 5 attempts',
        html: null,
        type: 'internal',
        channel: 'api',
        author: { type: 'agent', id: agent.id, name: 'Sarah Johnson' },
        email: null,
        created_at: expect.stringMatching(isoSeconds),
        attachments: [],
      },
    });
  });

  it('shows the comment in the ticket as an internal reply', async () => {
    const ticket = await newTicket();
    const { body } = await postComment(ticket.id, { content: 'Waiting on the identity team' });

    const res = await call<TicketJson>('GET', `/api/v1/tickets/${ticket.id}`, { key: readKey });
    expect(res.status).toBe(200);
    expect(res.body.data.replies).toEqual([body.data]);
    expect(res.body.data.replies[0]!.type).toBe('internal');
  });

  it('stays internal whatever type, author or attachments the body names', async () => {
    const ticket = await newTicket();
    const res = await postComment(ticket.id, {
      content: 'Not for the customer',
      type: 'public',
      author_type: 'customer',
      attachments: [{ filename: 'x.txt', content: 'eA==' }],
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ type: 'internal', author: { type: 'agent', id: agent.id }, attachments: [] });
  });

  it('refuses a comment without content', async () => {
    const ticket = await newTicket();
    expectValidationError(await postComment(ticket.id, {}), [{ field: 'content', message: 'Content is required' }]);
    expect(await repliesOf(ticket.id)).toEqual([]);
  });

  it('refuses empty or non-text content', async () => {
    const ticket = await newTicket();
    expectValidationError(await postComment(ticket.id, { content: '' }), [{ field: 'content', message: 'Content must not be empty' }]);
    expectValidationError(await postComment(ticket.id, { content: 42 }), [{ field: 'content', message: 'Content must be a string' }]);
    expectValidationError(await postComment(ticket.id, { content: 'a\u0000b' }), [{ field: 'content', message: 'Must not contain NUL characters' }]);
    expect(await repliesOf(ticket.id)).toEqual([]);
  });

  it('refuses a body that is not a JSON object', async () => {
    const ticket = await newTicket();
    expectValidationError(await postComment(ticket.id, ['Hello']), [{ field: '', message: 'Value must be an object' }]);
  });

  it('refuses a body over the 2 MB request limit with 413', async () => {
    const ticket = await newTicket();
    const res = await postComment(ticket.id, { content: 'x'.repeat(2 * 1024 * 1024) });
    expectError(res, { status: 413, code: 'PAYLOAD_TOO_LARGE', message: `Request body exceeds the limit of ${2 * 1024 * 1024} bytes` });
    expect(await repliesOf(ticket.id)).toEqual([]);
  });

  it('answers 404 for a ticket that does not exist', async () => {
    expectError(await postComment(999_999, { content: 'Hello' }), { status: 404, code: 'NOT_FOUND', message: 'Ticket not found' });
  });

  it('answers 403 to a read key and 401 to an unknown key', async () => {
    const ticket = await newTicket();
    expectError(await postComment(ticket.id, { content: 'Hello' }, readKey), {
      status: 403,
      code: 'FORBIDDEN',
      message: 'This action requires write permission',
    });
    expectError(await postComment(ticket.id, { content: 'Hello' }, 'ld_live_not-a-real-key'), {
      status: 401,
      code: 'UNAUTHORIZED',
      message: 'Invalid API key',
    });
    expect(await repliesOf(ticket.id)).toEqual([]);
  });
});
