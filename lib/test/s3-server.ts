import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { S3Settings } from '@/lib/files/stores/s3';

/** The part of s3rver (which ships no types) that the tests use. */
type S3rver = { run(): Promise<AddressInfo>; close(): Promise<void> };
type S3rverOptions = {
  address: string;
  port: number;
  directory: string;
  silent: boolean;
  configureBuckets: { name: string }[];
};

const S3rverServer = createRequire(import.meta.url)('s3rver') as new (options: S3rverOptions) => S3rver;

export type S3TestServer = { settings: S3Settings; stop(): Promise<void> };

/**
 * An S3-protocol server (s3rver) on a free port, keeping its objects in a temporary directory,
 * with one empty bucket: a store that speaks S3 over HTTP, as MinIO or AWS would, not a stand-in for the SDK.
 */
export async function startS3Server(bucket = 'loopdesk-test'): Promise<S3TestServer> {
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'loopdesk-s3-'));
  const server = new S3rverServer({ address: '127.0.0.1', port: 0, directory, silent: true, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  return {
    // s3rver accepts requests signed with its fixed S3RVER key pair.
    settings: {
      bucket,
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${port}`,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    },
    async stop() {
      await server.close();
      await fs.rm(directory, { recursive: true, force: true });
    },
  };
}
