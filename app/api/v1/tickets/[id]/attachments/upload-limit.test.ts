import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { attachments } from '@/db/schema';
import { expectError } from '@/lib/test/expectations';
import { createTicket, createKey } from '@/lib/test/factories';
import { storedFiles } from '@/lib/test/files';
import { call } from '@/lib/test/api';
import type { toAttachmentJson } from '@/lib/tickets/serialize';

// Configuration is read once per test file, at the first request: set the limit before any.
process.env.LOOPDESK_MAX_UPLOAD_MB = '1';
const limit = 1024 * 1024;

type AttachmentJson = ReturnType<typeof toAttachmentJson>;

let writeKey: string;

beforeAll(async () => {
  writeKey = await createKey('write');
});

function form(...files: File[]): FormData {
  const data = new FormData();
  for (const file of files) data.append('file', file);
  return data;
}

const upload = (ticketId: number, rawBody: FormData) => call<AttachmentJson[]>('POST', `/api/v1/tickets/${ticketId}/attachments`, { key: writeKey, rawBody });

async function expectNothingWritten(ticketId: number) {
  expect(await getDb().select().from(attachments).where(eq(attachments.ticketId, ticketId))).toEqual([]);
  expect(await storedFiles()).toEqual([]);
}

describe('POST /api/v1/tickets/{id}/attachments with LOOPDESK_MAX_UPLOAD_MB=1', () => {
  it('refuses a file one byte over the limit with 413 and writes nothing', async () => {
    const ticket = await createTicket();
    const res = await upload(ticket.id, form(new File([new Uint8Array(limit + 1)], 'core.dump')));
    expectError(res, { status: 413, code: 'PAYLOAD_TOO_LARGE', message: `core.dump is larger than the upload limit of ${limit} bytes` });
    await expectNothingWritten(ticket.id);
  });

  it('refuses a request body far over the limit with 413', async () => {
    const ticket = await createTicket();
    const res = await upload(ticket.id, form(new File([new Uint8Array(3 * limit)], 'huge.iso')));
    expectError(res, {
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      message: `Request body exceeds the limit of ${limit + 64 * 1024} bytes`,
    });
    await expectNothingWritten(ticket.id);
  });

  it('limits the whole multipart request too: two files under the limit together over it are refused', async () => {
    const ticket = await createTicket();
    const half = new Uint8Array(Math.ceil(limit * 0.6));
    const res = await upload(ticket.id, form(new File([half], 'part1.bin'), new File([half], 'part2.bin')));
    expectError(res, { status: 413, code: 'PAYLOAD_TOO_LARGE', message: `Request body exceeds the limit of ${limit + 64 * 1024} bytes` });
    await expectNothingWritten(ticket.id);
  });

  it('accepts a file of exactly the limit', async () => {
    const ticket = await createTicket();
    const res = await upload(ticket.id, form(new File([new Uint8Array(limit)], 'exact.bin')));
    expect(res.status).toBe(201);
    expect(res.body.data).toEqual([expect.objectContaining({ filename: 'exact.bin', size: limit })]);
    expect(await storedFiles()).toHaveLength(1);
  });
});
