import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { attachments } from '@/db/schema';
import { s3Store } from '@/lib/files/stores/s3';
import { call } from '@/lib/test/api';
import { createTicket, createKey } from '@/lib/test/factories';
import { everyByte } from '@/lib/test/files';
import { startS3Server, type S3TestServer } from '@/lib/test/s3-server';

// Asynchronous, unlike bin/loopdesk.test.ts: the S3 server runs in this process and must answer while the CLI waits.
function loopdesk(env: Record<string, string>, ...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/loopdesk.mjs', ...args], { env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

let s3: S3TestServer;
let s3Env: Record<string, string>;

beforeAll(async () => {
  s3 = await startS3Server();
  const { bucket, endpoint, credentials } = s3.settings;
  s3Env = {
    LOOPDESK_S3_BUCKET: bucket,
    LOOPDESK_S3_ENDPOINT: endpoint!,
    LOOPDESK_S3_FORCE_PATH_STYLE: 'true',
    LOOPDESK_S3_ACCESS_KEY_ID: credentials!.accessKeyId,
    LOOPDESK_S3_SECRET_ACCESS_KEY: credentials!.secretAccessKey,
  };
});

afterAll(async () => {
  await s3?.stop();
});

describe('loopdesk storage migrate', () => {
  it('copies the attachment files from the filesystem to s3 and says the source is kept', async () => {
    const ticket = await createTicket();
    const form = new FormData();
    form.append('file', new File([everyByte], 'every-byte.bin'));
    expect((await call('POST', `/api/v1/tickets/${ticket.id}/attachments`, { key: await createKey('write'), rawBody: form })).status).toBe(201);

    const run = await loopdesk(s3Env, 'storage', 'migrate', '--to', 's3');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe(
      [
        'Copying attachment files from filesystem to s3...',
        '  1 of 1',
        'Copied 1 file from filesystem to s3.',
        'The files in filesystem are kept. Set LOOPDESK_STORAGE=s3 and restart Loopdesk to serve them from s3.',
        '',
      ].join('\n'),
    );
    const [row] = await getDb().select().from(attachments);
    expect(await s3Store(s3.settings).get(row!.storageKey)).toEqual(everyByte);
  });

  it('refuses a target that is the source, an unknown driver and s3 without a bucket, with exit code 1', async () => {
    const same = await loopdesk({}, 'storage', 'migrate', '--to', 'filesystem');
    expect(same.status).toBe(1);
    expect(same.stderr).toBe('Error: --to: The files are in filesystem already; name another store\n');

    const unknown = await loopdesk({}, 'storage', 'migrate', '--to', 'ftp');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe('Error: --to: To must be one of: filesystem, postgres, s3\n');

    const noBucket = await loopdesk({}, 'storage', 'migrate', '--to', 's3');
    expect(noBucket.status).toBe(1);
    expect(noBucket.stderr).toBe('Error: LOOPDESK_S3_BUCKET: Set it, and the other LOOPDESK_S3_* settings your store needs\n');
  });

  it('will not start with LOOPDESK_STORAGE=s3 and no bucket, or half a key pair, naming the setting', async () => {
    const noBucket = await loopdesk({ LOOPDESK_STORAGE: 's3' }, 'storage', 'migrate', '--to', 'postgres');
    expect(noBucket.status).not.toBe(0);
    expect(noBucket.stderr).toContain('Error: Invalid configuration: LOOPDESK_S3_BUCKET: Required when LOOPDESK_STORAGE is s3');

    const halfKey = await loopdesk({ ...s3Env, LOOPDESK_S3_SECRET_ACCESS_KEY: '' }, 'storage', 'migrate', '--to', 'postgres');
    expect(halfKey.status).not.toBe(0);
    expect(halfKey.stderr).toContain(
      'Error: Invalid configuration: LOOPDESK_S3_SECRET_ACCESS_KEY: Set LOOPDESK_S3_ACCESS_KEY_ID and LOOPDESK_S3_SECRET_ACCESS_KEY together',
    );
  });
});
