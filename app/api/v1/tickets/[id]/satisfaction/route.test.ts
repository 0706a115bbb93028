import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { satisfactionRatings } from '@/db/schema';
import { call } from '@/lib/test/api';
import { expectError, expectValidationError, isoSeconds, ticketEvents } from '@/lib/test/expectations';
import { createTicket, createAgent, createKey } from '@/lib/test/factories';

let write = '';
let read = '';
beforeAll(async () => {
  [write, read] = await Promise.all([createKey('write'), createKey('read')]);
});

describe('POST /api/v1/tickets/{id}/satisfaction', () => {
  it('records a rating for a resolved ticket, credited to its assignee, and replaces it on a second rating', async () => {
    const agent = await createAgent();
    const ticket = await createTicket({ status: 'resolved', assigned_agent_id: agent.id });
    const first = await call('POST', `/api/v1/tickets/${ticket.id}/satisfaction`, { key: write, body: { rating: 2, comment: 'Slow' } });
    expect(first.status).toBe(201);
    expect(first.body.data).toEqual({
      ticket_id: ticket.id,
      rating: 2,
      comment: 'Slow',
      agent_id: agent.id,
      created_at: expect.stringMatching(isoSeconds),
      updated_at: expect.stringMatching(isoSeconds),
    });
    const second = await call('POST', `/api/v1/tickets/${ticket.id}/satisfaction`, { key: write, body: { rating: 5 } });
    expect(second.status).toBe(200);
    expect(second.body.data).toMatchObject({ rating: 5, comment: null });
    expect(await getDb().select().from(satisfactionRatings).where(eq(satisfactionRatings.ticketId, ticket.id))).toHaveLength(1);
    expect((await ticketEvents(ticket.id)).filter((e) => e.type === 'ticket.rated')).toHaveLength(2);
  });

  it('accepts closed tickets and refuses open ones with 409', async () => {
    const closed = await createTicket({ status: 'closed' });
    expect((await call('POST', `/api/v1/tickets/${closed.id}/satisfaction`, { key: write, body: { rating: 4 } })).status).toBe(201);
    const open = await createTicket();
    expectError(await call('POST', `/api/v1/tickets/${open.id}/satisfaction`, { key: write, body: { rating: 4 } }), {
      status: 409,
      code: 'CONFLICT',
      message: 'Only resolved or closed tickets can be rated; this one is open',
    });
  });

  it('validates the rating, and answers 404, 403 and 401 as documented', async () => {
    const ticket = await createTicket({ status: 'resolved' });
    expectValidationError(await call('POST', `/api/v1/tickets/${ticket.id}/satisfaction`, { key: write, body: { rating: 6 } }), [
      { field: 'rating', message: 'Rating must be at most 5' },
    ]);
    expectValidationError(await call('POST', `/api/v1/tickets/${ticket.id}/satisfaction`, { key: write, body: { rating: 4.5 } }), [
      { field: 'rating', message: 'Rating must be an integer' },
    ]);
    expectValidationError(await call('POST', `/api/v1/tickets/${ticket.id}/satisfaction`, { key: write, body: {} }), [
      { field: 'rating', message: 'Rating is required' },
    ]);
    expectError(await call('POST', '/api/v1/tickets/999999/satisfaction', { key: write, body: { rating: 3 } }), { status: 404, code: 'NOT_FOUND' });
    expectError(await call('POST', `/api/v1/tickets/${ticket.id}/satisfaction`, { key: read, body: { rating: 3 } }), { status: 403, code: 'FORBIDDEN' });
    expectError(await call('POST', `/api/v1/tickets/${ticket.id}/satisfaction`, { body: { rating: 3 } }), { status: 401, code: 'UNAUTHORIZED' });
  });
});
