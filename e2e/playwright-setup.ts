import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { startEmbeddedDatabase } from '@/db/embedded';
import { appEnv, compileServer, makeDataDir, startApp, stopApp } from '@/lib/test/app-process';
import { startSmtpCapture } from '@/lib/test/smtp-capture';

const PORT = 3120;

/**
 * Starts the app for the browser tests on a database of its own (on TEST_DATABASE_URL's server
 * when set, as in CI; else embedded), with the demo data, and hands the first-run sign-in and
 * API key to the tests through the environment. Returns the teardown.
 */
export default async function setup() {
  compileServer();
  const dataDir = makeDataDir();
  // Webhook tests deliver to a receiver in the test process, on 127.0.0.1.
  // Mail the app sends goes to a real SMTP server here; the specs read it from E2E_SMTP_DIR.
  const mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopdesk-e2e-mail-'));
  const smtp = await startSmtpCapture({ saveTo: mailDir });
  process.env.E2E_SMTP_DIR = mailDir;
  const env: NodeJS.ProcessEnv = {
    ...appEnv(dataDir, PORT, 54361),
    LOOPDESK_DEMO_DATA: 'true',
    LOOPDESK_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    LOOPDESK_SMTP_URL: smtp.url,
    LOOPDESK_MAIL_FROM: 'Acme Support <support@acme.example>',
    // The address the browser and the OAuth client use: the authorization server's issuer.
    LOOPDESK_PUBLIC_URL: `http://127.0.0.1:${PORT}`,
  };
  const serverUrl = process.env.TEST_DATABASE_URL;
  const database = `loopdesk_browser_${process.pid}`;
  if (serverUrl) {
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${database} with (force)`);
    await admin.unsafe(`create database ${database}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${database}`;
    env.DATABASE_URL = url.toString();
  }
  const app = await startApp(env);
  // The specs' own connection, for what no API does (moving a ticket's clock on, e2e/sla.spec.ts):
  // the embedded server the app started is shared with whoever asks for it under the same folder.
  process.env.E2E_DATABASE_URL = env.DATABASE_URL ?? (await startEmbeddedDatabase(dataDir, 54361)).url;
  const output = app.output();
  const signIn = /Sign in: {2}(\S+) {2}\/ {2}(\S+)/.exec(output);
  const key = /API key: {2}(ld_live_\S+)/.exec(output);
  if (!signIn || !key) throw new Error(`no first-run sign-in in the output:\n${output}`);
  process.env.E2E_ADMIN_EMAIL = signIn[1];
  process.env.E2E_ADMIN_PASSWORD = signIn[2];
  process.env.E2E_ADMIN_KEY = key[1];

  return async () => {
    await stopApp(app);
    await smtp.close();
    fs.rmSync(mailDir, { recursive: true, force: true });
    if (serverUrl) {
      const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists ${database} with (force)`);
      await admin.end();
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
