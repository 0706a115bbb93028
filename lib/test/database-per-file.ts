import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll } from 'vitest';
import { closeDb } from '@/db/client';
import { closeRateLimiter } from '@/lib/api/rate-limit';

/** Each test file gets a fresh copy of the migrated template database and a data dir of its own. */
const serverUrl = process.env.LOOPDESK_TEST_SERVER_URL!;
const template = process.env.LOOPDESK_TEST_TEMPLATE!;
const name = `loopdesk_test_${randomBytes(6).toString('hex')}`;

const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${name} template ${template}`);
const url = new URL(serverUrl);
url.pathname = `/${name}`;
process.env.DATABASE_URL = url.toString();
const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'loopdesk-test-'));
process.env.LOOPDESK_DATA_DIR = dataDir;
// Test files make many requests from one address and key; the rate-limit tests set their own limits.
process.env.LOOPDESK_DEFAULT_RATE_LIMIT = '1000000';
process.env.LOOPDESK_IP_RATE_LIMIT = '1000000';
process.env.AUTH_SECRET = randomBytes(32).toString('base64url');

afterAll(async () => {
  await closeDb();
  await closeRateLimiter();
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
  await fs.rm(dataDir, { recursive: true, force: true });
});
