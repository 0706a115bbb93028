import { randomBytes } from 'node:crypto';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { attachments } from '@/db/schema';
import { call } from '@/lib/test/api';
import { createTicket, createKey } from '@/lib/test/factories';
import { everyByte } from '@/lib/test/files';
import { startS3Server, type S3TestServer } from '@/lib/test/s3-server';
import { copyStoredFiles, type CopyProgress } from './migrate';
import { fileStore, MissingFileError, type FileStore } from './store';
import { CHUNK_BYTES, postgresStore } from './stores/postgres';
import { s3Store } from './stores/s3';

let s3: S3TestServer;
// The files as uploaded, by storage key.
const uploaded = new Map<string, Uint8Array>();

beforeAll(async () => {
  s3 = await startS3Server();
  // Uploaded through the API into the default store, the filesystem, as an existing install has them.
  const key = await createKey('write');
  const contents = [everyByte, new Uint8Array(0), new Uint8Array(randomBytes(2 * CHUNK_BYTES + 5)), new TextEncoder().encode('log line\r\n')];
  for (const [i, bytes] of contents.entries()) {
    const ticket = await createTicket();
    const form = new FormData();
    form.append('file', new File([bytes], `file-${i}.bin`));
    const res = await call('POST', `/api/v1/tickets/${ticket.id}/attachments`, { key, rawBody: form });
    expect(res.status).toBe(201);
  }
  const rows = await getDb().select().from(attachments);
  for (const [i, row] of rows.entries()) uploaded.set(row.storageKey, contents[i]!);
  expect(uploaded.size).toBe(contents.length);
});

afterAll(async () => {
  await s3?.stop();
});

async function expectHoldsEveryUpload(store: FileStore) {
  for (const [key, bytes] of uploaded) expect(Buffer.from(await store.get(key)).equals(bytes), key).toBe(true);
}

describe.each([
  ['s3', () => s3Store(s3.settings)],
  ['postgres', () => postgresStore(getDb)],
])('copyStoredFiles from the filesystem to %s', (_name, makeTarget) => {
  it('copies every attachment under its own key, page by page, keeping the source, and can run again', async () => {
    const target = makeTarget();
    const progress: CopyProgress[] = [];
    const result = await copyStoredFiles(getDb(), { from: fileStore(), to: target, batchSize: 3, onProgress: (p) => progress.push(p) });

    expect(result).toEqual({ copied: 4, missing: 0, total: 4 });
    expect(progress).toEqual([
      { copied: 3, missing: 0, total: 4 },
      { copied: 4, missing: 0, total: 4 },
    ]);
    await expectHoldsEveryUpload(target);
    await expectHoldsEveryUpload(fileStore());

    expect(await copyStoredFiles(getDb(), { from: fileStore(), to: target })).toEqual({ copied: 4, missing: 0, total: 4 });
    await expectHoldsEveryUpload(target);
  });
});

describe('copyStoredFiles', () => {
  it('reports an attachment whose file the source lacks and copies the rest', async () => {
    const [gone] = uploaded.keys();
    const source = fileStore();
    const target = postgresStore(getDb);
    await target.remove(gone!);
    const saved = await source.get(gone!);
    await source.remove(gone!);
    try {
      const missing: string[] = [];
      const result = await copyStoredFiles(getDb(), { from: source, to: target, onMissing: (key) => missing.push(key) });
      expect(result).toEqual({ copied: 3, missing: 1, total: 4 });
      expect(missing).toEqual([gone]);
      await expect(target.get(gone!)).rejects.toBeInstanceOf(MissingFileError);
    } finally {
      await source.putAt(gone!, saved);
    }
  });

  it('stops at a target that fails, with its error', async () => {
    const broken = s3Store({ ...s3.settings, bucket: 'no-such-bucket' });
    await expect(copyStoredFiles(getDb(), { from: fileStore(), to: broken })).rejects.toThrow('The specified bucket does not exist');
  });
});
