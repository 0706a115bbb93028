import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { agentNotifications, ticketMerges } from '@/db/schema';
import { call } from '@/lib/test/api';
import { expectError, expectValidationError, ticketEvents } from '@/lib/test/expectations';
import { createAgent, createCustomer, createKey, createTicket, fixtureContext } from '@/lib/test/factories';
import { addAttachments, addReply } from '@/lib/tickets/replies';
import type { ActivityJson, TicketJson } from '@/lib/tickets/schema';

let writeKey: string;
let readKey: string;
let agentKey: string;

beforeAll(async () => {
  writeKey = await createKey('write');
  readKey = await createKey('read');
  const agent = await createAgent({ first_name: 'Sarah', last_name: 'Johnson' });
  agentKey = await createKey('write', {}, agent.id);
});

const merge = (id: number, into: unknown, key = agentKey) => call<TicketJson>('POST', `/api/v1/tickets/${id}/merge`, { key, body: { into } });
const undo = (id: number, key = agentKey) => call<TicketJson>('DELETE', `/api/v1/tickets/${id}/merge`, { key });
const get = async (id: number) => (await call<TicketJson>('GET', `/api/v1/tickets/${id}`, { key: readKey })).body.data;
const file = (name: string) => ({ filename: name, contentType: 'text/plain', bytes: new TextEncoder().encode(name) });

/** A duplicate and the ticket it belongs with, each with a customer's reply, the duplicate with files of both kinds. */
async function duplicatePair() {
  const customer = await createCustomer({ first_name: 'John', last_name: 'Smith' });
  const target = await createTicket({ subject: 'Cannot log in', customer_id: customer.id });
  const source = await createTicket({ subject: 'Login broken again', description: 'Same problem since Monday', customer_id: customer.id, status: 'pending' });
  const first = await addReply(fixtureContext(), target.id, { content: 'First on the target', type: 'public', author_type: 'customer' });
  const moved = await addReply(fixtureContext(), source.id, {
    content: 'Written on the duplicate',
    type: 'public',
    author_type: 'customer',
    attachments: [{ filename: 'screen.txt', content: Buffer.from('screen').toString('base64') }],
  });
  const [ticketFile] = await addAttachments(fixtureContext(), source.id, [file('log.txt')]);
  return { customer, target, source, first, moved, ticketFile: ticketFile! };
}

describe('POST /api/v1/tickets/{id}/merge', () => {
  it("moves the duplicate's replies and files to the target, notes both sides and closes the duplicate with a link", async () => {
    const { target, source, first, moved, ticketFile } = await duplicatePair();

    const res = await merge(source.id, target.id);
    expect(res.status).toBe(200);
    const merged = res.body.data;
    expect(merged.id).toBe(target.id);
    expect(merged.merged_into).toBeNull();
    expect(merged.replies.map((r) => r.content)).toEqual([
      'First on the target',
      'Written on the duplicate',
      `Merged from ${source.number} «Login broken again»: Same problem since Monday`,
    ]);
    const movedReply = merged.replies[1]!;
    // The reply keeps its author, time and files.
    expect(movedReply).toMatchObject({ id: moved.id, created_at: moved.created_at, author: moved.author, attachments: moved.attachments });
    expect(merged.replies[0]!.id).toBe(first.id);
    // Loopdesk writes the note (the customer's description is in it); the history names who merged.
    expect(merged.replies[2]).toMatchObject({ type: 'internal', author: { type: 'system', id: null } });
    expect(merged.attachments.map((a) => a.filename).sort()).toEqual(['log.txt', 'screen.txt']);
    expect(merged.attachments.map((a) => a.id)).toContain(ticketFile.id);

    const closed = await get(source.id);
    expect(closed).toMatchObject({ status: 'closed', merged_into: { id: target.id, number: target.number }, attachments: [] });
    expect(closed.closed_at).not.toBeNull();
    expect(closed.replies.map((r) => [r.type, r.content])).toEqual([['internal', `Merged into ${target.number}`]]);
  });

  it('finds the moved replies by search on the target, and on the duplicate again after an undo', async () => {
    const { target, source } = await duplicatePair();
    const found = async () =>
      (await call<{ id: number }[]>('GET', '/api/v1/tickets/search?q=written', { key: readKey })).body.data
        .map((t) => t.id)
        .filter((id) => id === target.id || id === source.id);
    expect(await found()).toEqual([source.id]);
    await merge(source.id, target.id);
    expect(await found()).toEqual([target.id]);
    await undo(source.id);
    expect(await found()).toEqual([source.id]);
  });

  it('records ticket.merged on the duplicate and ticket.updated on the target, and both histories say so', async () => {
    const { target, source } = await duplicatePair();
    await merge(source.id, target.id);

    const [mergedEvent] = (await ticketEvents(source.id)).filter((e) => e.type === 'ticket.merged');
    expect(mergedEvent!.payload).toMatchObject({
      ticket: { id: source.id, status: 'closed', merged_into: { id: target.id, number: target.number } },
      merged_into: { id: target.id, number: target.number },
    });
    expect(mergedEvent!.payload).not.toHaveProperty('ticket.replies');
    const targetEvents = await ticketEvents(target.id);
    expect(targetEvents.at(-1)).toMatchObject({
      type: 'ticket.updated',
      payload: { changes: ['merged_from'], merged_from: { id: source.id, number: source.number } },
    });

    const activity = async (id: number) => (await call<ActivityJson[]>('GET', `/api/v1/tickets/${id}/activity`, { key: readKey })).body.data;
    expect((await activity(target.id)).at(-1)!.details).toEqual([{ field: 'merged_from', ticket: { id: source.id, number: source.number } }]);
    expect((await activity(source.id)).slice(-3).map((a) => [a.event, a.details])).toEqual([
      ['ticket.merged', [{ field: 'merged_into', ticket: { id: target.id, number: target.number } }]],
      ['ticket.updated', [{ field: 'status', from: 'pending', to: 'closed' }]],
      ['ticket.closed', [{ field: 'status', from: 'pending', to: 'closed' }]],
    ]);
    // An integration subscribed to ticket.updated or ticket.closed hears of the duplicate closing.
    expect((await ticketEvents(source.id)).slice(-3).map((e) => e.type)).toEqual(['ticket.merged', 'ticket.updated', 'ticket.closed']);
  });

  it('refuses merging a ticket into itself, into nothing or into a ticket that does not exist with 400 on into', async () => {
    const ticket = await createTicket();
    expectValidationError(await merge(ticket.id, ticket.id), [{ field: 'into', message: 'A ticket cannot be merged into itself' }]);
    expectValidationError(await merge(ticket.id, 999_999), [{ field: 'into', message: 'Ticket 999999 does not exist' }]);
    const missing = await merge(ticket.id, undefined);
    expect(missing.status).toBe(400);
    expect(missing.body.error.details?.map((d) => d.field)).toEqual(['into']);
    expect((await get(ticket.id)).status).toBe('open');
  });

  it('answers 401 without credentials and 403 for a read key, and merges nothing', async () => {
    const [a, b] = [await createTicket(), await createTicket()];
    expect((await merge(a.id, b.id, '')).status).toBe(401);
    expectError(await merge(a.id, b.id, readKey), { status: 403, code: 'FORBIDDEN' });
    expect((await get(a.id)).merged_into).toBeNull();
  });

  it('answers 404 when the duplicate does not exist', async () => {
    const target = await createTicket();
    expectError(await merge(999_998, target.id), { status: 404, code: 'NOT_FOUND', message: 'Ticket not found' });
  });

  it('refuses with 409 a duplicate already merged, and a target that was itself merged, naming where it went', async () => {
    const [a, b, c] = [await createTicket(), await createTicket(), await createTicket()];
    expect((await merge(a.id, b.id)).status).toBe(200);
    expectError(await merge(a.id, c.id), { status: 409, code: 'CONFLICT', message: `${a.number} is already merged into ${b.number}` });
    expectError(await merge(c.id, a.id), {
      status: 409,
      code: 'CONFLICT',
      message: `${a.number} was itself merged into ${b.number}: merge into ${b.number} instead`,
    });
    expect((await get(c.id)).status).toBe('open');
  });

  it('lets one of two merges of the same duplicate racing each other win; the other gets 409', async () => {
    const { source, target } = await duplicatePair();
    const other = await createTicket();
    const answers = await Promise.all([merge(source.id, target.id, writeKey), merge(source.id, other.id, writeKey)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const winner = answers.find((a) => a.status === 200)!.body.data;
    expect((await get(source.id)).merged_into?.id).toBe(winner.id);
    expect(await getDb().select().from(ticketMerges).where(eq(ticketMerges.sourceId, source.id))).toHaveLength(1);
  });
});

describe('DELETE /api/v1/tickets/{id}/merge', () => {
  it('moves back exactly what moved, removes both notes and gives the duplicate back its status', async () => {
    const { target, source, first, moved, ticketFile } = await duplicatePair();
    const before = await get(source.id);
    await merge(source.id, target.id);
    // Written on the target after the merge: it stays there.
    const later = await addReply(fixtureContext(), target.id, { content: 'After the merge', type: 'public', author_type: 'agent' });

    const res = await undo(source.id, writeKey);
    expect(res.status).toBe(200);
    const reopened = res.body.data;
    expect(reopened).toMatchObject({ id: source.id, status: 'pending', closed_at: null, resolved_at: null, merged_into: null });
    expect(reopened.replies).toEqual(before.replies);
    expect(reopened.replies[0]!.id).toBe(moved.id);
    expect(reopened.attachments).toEqual(before.attachments);
    expect(reopened.attachments.map((a) => a.id)).toContain(ticketFile.id);

    const kept = await get(target.id);
    expect(kept.replies.map((r) => r.id)).toEqual([first.id, later.id]);
    expect(kept.attachments).toEqual([]);

    expect((await ticketEvents(source.id)).slice(-2).map((e) => e.type)).toEqual(['ticket.unmerged', 'ticket.updated']);
    expect((await ticketEvents(target.id)).at(-1)).toMatchObject({ type: 'ticket.updated', payload: { changes: ['unmerged_from'] } });
  });

  it('answers 409 when there is nothing to undo, or the window has passed', async () => {
    const [a, b] = [await createTicket(), await createTicket()];
    expectError(await undo(a.id), { status: 409, code: 'CONFLICT', message: 'This ticket is not merged into another ticket' });
    await merge(a.id, b.id);
    await getDb()
      .update(ticketMerges)
      .set({ createdAt: new Date(Date.now() - 11 * 60_000) })
      .where(eq(ticketMerges.sourceId, a.id));
    expectError(await undo(a.id), { status: 409, code: 'CONFLICT', message: 'A merge can be undone only within 10 minutes of it' });
    expect((await get(a.id)).merged_into?.id).toBe(b.id);
  });

  it('refuses (409) to undo a merge whose target was merged on since, until that merge is undone; then both come back whole', async () => {
    const { target, source, moved } = await duplicatePair();
    const further = await createTicket({ subject: 'Kept in the end' });
    await merge(source.id, target.id);
    expect((await merge(target.id, further.id)).status).toBe(200);

    expectError(await undo(source.id), {
      status: 409,
      code: 'CONFLICT',
      message: `Its conversation has moved on with ${target.number} to ${further.number}: undo that merge first`,
    });
    expect((await get(source.id)).merged_into?.id).toBe(target.id);

    expect((await undo(target.id)).status).toBe(200);
    expect((await undo(source.id)).status).toBe(200);
    expect((await get(source.id)).replies.map((r) => r.id)).toEqual([moved.id]);
    expect((await get(further.id)).replies).toEqual([]);
  });

  it('moves the notification of a mention with its note, and back on undo', async () => {
    const { target, source } = await duplicatePair();
    await createAgent({ first_name: 'Mia', last_name: 'Chen' });
    const note = await addReply({ ...fixtureContext(), actor: { type: 'agent', agentId: (await createAgent()).id, permission: 'write' } }, source.id, {
      content: '@Mia Chen can you check this one?',
      type: 'internal',
      author_type: 'agent',
    });
    const ticketOfNotification = async () =>
      (await getDb().select({ ticketId: agentNotifications.ticketId }).from(agentNotifications).where(eq(agentNotifications.replyId, note.id))).map(
        (n) => n.ticketId,
      );
    expect(await ticketOfNotification()).toEqual([source.id]);
    await merge(source.id, target.id);
    expect(await ticketOfNotification()).toEqual([target.id]);
    await undo(source.id);
    expect(await ticketOfNotification()).toEqual([source.id]);
  });

  it('keeps a merged duplicate closed: reopening it, replying or adding files to it is a 409 naming the ticket kept', async () => {
    const { target, source } = await duplicatePair();
    await merge(source.id, target.id);
    const kept = `${source.number} is merged into ${target.number}: work on that ticket, or undo the merge`;
    expectError(await call('PUT', `/api/v1/tickets/${source.id}`, { key: agentKey, body: { status: 'open' } }), {
      status: 409,
      code: 'CONFLICT',
      message: kept,
    });
    expectError(await call('POST', `/api/v1/tickets/${source.id}/replies`, { key: agentKey, body: { content: 'Hello?' } }), {
      status: 409,
      code: 'CONFLICT',
      message: kept,
    });
    expect((await get(source.id)).status).toBe('closed');
    // Its other properties stay editable, and the undo still reopens it.
    expect((await call('PUT', `/api/v1/tickets/${source.id}`, { key: agentKey, body: { tags: ['duplicate'] } })).status).toBe(200);
    expect((await undo(source.id)).status).toBe(200);
  });

  it('refuses (409) to delete a ticket holding merged duplicates, and deletes it once they are gone', async () => {
    const { target, source } = await duplicatePair();
    await merge(source.id, target.id);
    expectError(await call('DELETE', `/api/v1/tickets/${target.id}`, { key: agentKey }), {
      status: 409,
      code: 'CONFLICT',
      message: `${target.number} holds the conversation of ${source.number}, merged into it: delete those first, or undo their merges`,
    });
    expect((await get(target.id)).replies.length).toBeGreaterThan(1);
    expect((await call('DELETE', `/api/v1/tickets/${source.id}`, { key: agentKey })).status).toBeLessThan(300);
    expect((await call('DELETE', `/api/v1/tickets/${target.id}`, { key: agentKey })).status).toBeLessThan(300);
  });

  it('answers 401, 403 and 404 as the other ticket routes do, and undoes nothing', async () => {
    const [a, b] = [await createTicket(), await createTicket()];
    await merge(a.id, b.id);
    expect((await undo(a.id, '')).status).toBe(401);
    expectError(await undo(a.id, readKey), { status: 403, code: 'FORBIDDEN' });
    expectError(await undo(999_997), { status: 404, code: 'NOT_FOUND', message: 'Ticket not found' });
    expect((await get(a.id)).merged_into?.id).toBe(b.id);
  });
});

describe('POST /api/v1/tickets/merge', () => {
  const bulk = (body: unknown) => call<TicketJson>('POST', '/api/v1/tickets/merge', { key: agentKey, body });

  it('merges every duplicate into the target', async () => {
    const [target, a, b] = [await createTicket(), await createTicket({ subject: 'Dup A' }), await createTicket({ subject: 'Dup B' })];
    const res = await bulk({ into: target.id, tickets: [a.id, b.id] });
    expect(res.status).toBe(200);
    expect(res.body.data.replies.map((r) => r.content)).toEqual([`Merged from ${a.number} «Dup A»`, `Merged from ${b.number} «Dup B»`]);
    expect((await get(a.id)).merged_into?.id).toBe(target.id);
    expect((await get(b.id)).merged_into?.id).toBe(target.id);
  });

  it('merges none when one duplicate does not exist (400 on its index) or is already merged (409)', async () => {
    const [target, a, b, elsewhere] = [await createTicket(), await createTicket(), await createTicket(), await createTicket()];
    expectValidationError(await bulk({ into: target.id, tickets: [a.id, 999_996] }), [{ field: 'tickets[1]', message: 'Ticket 999996 does not exist' }]);
    await merge(b.id, elsewhere.id);
    expectError(await bulk({ into: target.id, tickets: [a.id, b.id] }), {
      status: 409,
      code: 'CONFLICT',
      message: `${b.number} is already merged into ${elsewhere.number}`,
    });
    expect((await get(a.id)).merged_into).toBeNull();
    expect((await get(target.id)).replies).toEqual([]);
  });
});
