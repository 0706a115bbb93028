import path from 'node:path';
import postgres from 'postgres';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '@/db/embedded';
import { migrateDatabase } from '@/db/migrate';
import { compileServer } from './app-process';

/**
 * Once per run: find a PostgreSQL server (TEST_DATABASE_URL, else an embedded one), and build a
 * migrated template database that every test file copies into a database of its own.
 */
let embedded: EmbeddedDatabase | undefined;
let serverUrl: string;
const template = `loopdesk_test_template_${process.pid}`;

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function setup() {
  // The CLI tests run bin/loopdesk.mjs, which runs the compiled CLI: compile the current code.
  compileServer();
  if (process.env.TEST_DATABASE_URL) {
    serverUrl = process.env.TEST_DATABASE_URL;
  } else {
    embedded = await startEmbeddedDatabase(path.resolve('data/test'), 54330);
    serverUrl = embedded.url;
  }
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${template}`);
  await admin.unsafe(`create database ${template}`);
  await admin.end();
  await migrateDatabase(withDatabase(serverUrl, template));
  process.env.LOOPDESK_TEST_SERVER_URL = serverUrl;
  process.env.LOOPDESK_TEST_TEMPLATE = template;
}

export async function teardown() {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${template}`);
  await admin.end();
  await embedded?.stop();
}
