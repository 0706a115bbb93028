import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { everyByte } from '@/lib/test/files';
import { startS3Server, type S3TestServer } from '@/lib/test/s3-server';
import { diskStore } from './disk';
import { MissingFileError, type FileStore } from './file-store';
import { newStorageKey } from './keys';
import { CHUNK_BYTES, postgresStore } from './postgres';
import { s3Store } from './s3';

let s3: S3TestServer;
let diskRoot: string;

beforeAll(async () => {
  s3 = await startS3Server();
  diskRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'loopdesk-disk-store-'));
});

afterAll(async () => {
  await s3?.stop();
  await fs.rm(diskRoot, { recursive: true, force: true });
});

const drivers: [string, () => FileStore][] = [
  ['filesystem', () => diskStore(diskRoot)],
  ['postgres', () => postgresStore(getDb)],
  ['s3', () => s3Store(s3.settings)],
];

describe.each(drivers)('the %s file store', (_name, makeStore) => {
  let store: FileStore;
  beforeAll(() => {
    store = makeStore();
  });

  it('gives back exactly the bytes it was given, every byte value included, under a new key each time', async () => {
    const first = await store.put(everyByte);
    const second = await store.put(everyByte);
    expect(first).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(second).not.toBe(first);
    expect(await store.get(first)).toEqual(everyByte);
  });

  it('keeps a file of several chunks whole and in order', async () => {
    const large = new Uint8Array(randomBytes(3 * CHUNK_BYTES + 17));
    const key = await store.put(large);
    const read = await store.get(key);
    expect(read.byteLength).toBe(large.byteLength);
    expect(Buffer.from(read).equals(large)).toBe(true);
  });

  it('keeps an empty file', async () => {
    const key = await store.put(new Uint8Array(0));
    expect(await store.get(key)).toEqual(new Uint8Array(0));
  });

  it('stores bytes under a key another store made, replacing what was there', async () => {
    const key = newStorageKey();
    await store.putAt(key, new Uint8Array(randomBytes(2 * CHUNK_BYTES + 1)));
    await store.putAt(key, everyByte);
    expect(await store.get(key)).toEqual(everyByte);
  });

  it('rejects a key it holds nothing under with MissingFileError, and removes idempotently', async () => {
    await expect(store.get(newStorageKey())).rejects.toBeInstanceOf(MissingFileError);
    const key = await store.put(everyByte);
    await store.remove(key);
    await expect(store.get(key)).rejects.toBeInstanceOf(MissingFileError);
    await expect(store.remove(key)).resolves.toBeUndefined();
  });

  it('refuses keys it did not make, so none can reach outside the store', async () => {
    for (const key of ['../../etc/passwd', 'ab/../../x', '/etc/passwd', 'AB/not-a-uuid', '']) {
      await expect(store.putAt(key, everyByte)).rejects.toThrow(`Invalid storage key ${JSON.stringify(key)}`);
      await expect(store.get(key)).rejects.toThrow('Invalid storage key');
      await expect(store.remove(key)).rejects.toThrow('Invalid storage key');
    }
  });
});
