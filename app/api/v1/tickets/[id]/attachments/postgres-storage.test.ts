import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { attachments, storedFileChunks, storedFiles } from '@/db/schema';
import { call, send } from '@/lib/test/api';
import { expectError } from '@/lib/test/expectations';
import { createTicket, createKey } from '@/lib/test/factories';
import { downloadPath, storedFiles as filesOnDisk } from '@/lib/test/files';
import type { toAttachmentJson } from '@/lib/tickets/serialize';

// Configuration is read once per test file, at the first request: choose the store before any.
process.env.LOOPDESK_STORAGE = 'postgres';

type AttachmentJson = ReturnType<typeof toAttachmentJson>;

let writeKey: string;
let readKey: string;

beforeAll(async () => {
  writeKey = await createKey('write');
  readKey = await createKey('read');
});

async function uploadOne(bytes: Uint8Array<ArrayBuffer>, filename: string): Promise<AttachmentJson> {
  const ticket = await createTicket();
  const form = new FormData();
  form.append('file', new File([bytes], filename));
  const res = await call<AttachmentJson[]>('POST', `/api/v1/tickets/${ticket.id}/attachments`, { key: writeKey, rawBody: form });
  expect(res.status).toBe(201);
  return res.body.data[0]!;
}

const download = (attachment: AttachmentJson) => send('GET', downloadPath(attachment.url, attachment.id), { key: readKey });

async function storageKeyOf(attachment: AttachmentJson): Promise<string> {
  const [row] = await getDb().select({ key: attachments.storageKey }).from(attachments).where(eq(attachments.id, attachment.id));
  return row!.key;
}

describe('attachments with LOOPDESK_STORAGE=postgres', () => {
  it('keeps an upload in the database, in chunks, and downloads the exact bytes', async () => {
    const bytes = new Uint8Array(randomBytes(600 * 1024));
    const attachment = await uploadOne(bytes, 'capture.pcap');

    const key = await storageKeyOf(attachment);
    expect(await getDb().select({ size: storedFiles.size }).from(storedFiles).where(eq(storedFiles.key, key))).toEqual([{ size: bytes.byteLength }]);
    expect(await getDb().$count(storedFileChunks, eq(storedFileChunks.key, key))).toBeGreaterThan(1);
    expect(await filesOnDisk()).toEqual([]);

    const res = await download(attachment);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(bytes.byteLength));
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('removes the stored file with its ticket', async () => {
    const attachment = await uploadOne(new TextEncoder().encode('hello'), 'hello.txt');
    const key = await storageKeyOf(attachment);
    const [ticket] = await getDb().select({ id: attachments.ticketId }).from(attachments).where(eq(attachments.id, attachment.id));

    expect((await call('DELETE', `/api/v1/tickets/${ticket!.id}`, { key: writeKey })).status).toBe(204);
    expect(await getDb().$count(storedFiles, eq(storedFiles.key, key))).toBe(0);
    expect(await getDb().$count(storedFileChunks, eq(storedFileChunks.key, key))).toBe(0);
  });

  it('answers 404 for an attachment whose stored file is gone', async () => {
    const attachment = await uploadOne(new TextEncoder().encode('soon gone'), 'gone.txt');
    await getDb()
      .delete(storedFiles)
      .where(eq(storedFiles.key, await storageKeyOf(attachment)));
    expectError(await call('GET', downloadPath(attachment.url, attachment.id), { key: readKey }), {
      status: 404,
      code: 'NOT_FOUND',
      message: 'File not found',
    });
  });

  it('answers 500, not 404, when the stored file is damaged', async () => {
    const attachment = await uploadOne(new TextEncoder().encode('intact'), 'damaged.txt');
    await getDb()
      .update(storedFiles)
      .set({ size: sql`${storedFiles.size} + 1` })
      .where(eq(storedFiles.key, await storageKeyOf(attachment)));
    expectError(await call('GET', downloadPath(attachment.url, attachment.id), { key: readKey }), { status: 500, code: 'INTERNAL_ERROR' });
  });
});
