import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { attachments, replies } from '@/db/schema';
import { expectError } from '@/lib/test/expectations';
import { createTicket, createKey } from '@/lib/test/factories';
import { base64, storedFiles } from '@/lib/test/files';
import { call } from '@/lib/test/api';
import type { toReplyJson } from '@/lib/tickets/serialize';

// Configuration is read once per test file, at the first request: set the limit before any.
process.env.LOOPDESK_MAX_UPLOAD_MB = '1';
const limit = 1024 * 1024;

type ReplyJson = ReturnType<typeof toReplyJson>;

let writeKey: string;

beforeAll(async () => {
  writeKey = await createKey('write');
});

const postReply = (ticketId: number, body: unknown) => call<ReplyJson>('POST', `/api/v1/tickets/${ticketId}/replies`, { key: writeKey, body });
const withFile = (filename: string, size: number) => ({
  content: 'Full log attached',
  attachments: [{ filename, content: base64(new Uint8Array(size).fill(7)) }],
});

async function expectNothingWritten(ticketId: number) {
  expect(await getDb().select().from(replies).where(eq(replies.ticketId, ticketId))).toEqual([]);
  expect(await getDb().select().from(attachments).where(eq(attachments.ticketId, ticketId))).toEqual([]);
  expect(await storedFiles()).toEqual([]);
}

describe('POST /api/v1/tickets/{id}/replies with LOOPDESK_MAX_UPLOAD_MB=1', () => {
  it('refuses an attachment one byte over the limit with 413 and writes nothing', async () => {
    const ticket = await createTicket();
    const res = await postReply(ticket.id, withFile('server.log', limit + 1));
    expectError(res, {
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      message: `server.log is larger than the upload limit of ${limit} bytes`,
    });
    await expectNothingWritten(ticket.id);
  });

  it('refuses an oversize attachment after smaller ones, keeping none of them', async () => {
    const ticket = await createTicket();
    const res = await postReply(ticket.id, {
      content: 'Logs attached',
      attachments: [
        { filename: 'small.log', content: base64(new Uint8Array(10)) },
        { filename: 'huge.log', content: base64(new Uint8Array(limit + 1)) },
      ],
    });
    expectError(res, { status: 413, code: 'PAYLOAD_TOO_LARGE', message: `huge.log is larger than the upload limit of ${limit} bytes` });
    await expectNothingWritten(ticket.id);
  });

  it('refuses a request body far over the limit before parsing it', async () => {
    const ticket = await createTicket();
    const res = await postReply(ticket.id, withFile('dump.bin', 3 * limit));
    expectError(res, { status: 413, code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/^Request body exceeds the limit of \d+ bytes$/) });
    await expectNothingWritten(ticket.id);
  });

  it('accepts an attachment of exactly the limit', async () => {
    const ticket = await createTicket();
    const res = await postReply(ticket.id, withFile('exact.bin', limit));
    expect(res.status).toBe(201);
    expect(res.body.data.attachments).toEqual([expect.objectContaining({ filename: 'exact.bin', size: limit })]);
    expect(await storedFiles()).toHaveLength(1);
  });
});
