import { execFile, spawn, type ChildProcessByStdio } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { promisify } from 'node:util';
import { config } from '@/lib/config';
import { BackupError } from './errors';

export type PgProgram = 'pg_dump' | 'pg_restore';
export type PgTool = { program: PgProgram; file: string; major: number; version: string };

/**
 * Where packages install PostgreSQL's client programs side by side, one folder per major version:
 * Debian and Ubuntu, the PGDG packages for RHEL, and Homebrew on both Mac architectures.
 */
const versionedFolders: { parent: string; entry: RegExp }[] = [
  { parent: '/usr/lib/postgresql', entry: /^\d+$/ },
  { parent: '/usr', entry: /^pgsql-\d+$/ },
  { parent: '/opt/homebrew/opt', entry: /^postgresql@\d+$/ },
  { parent: '/usr/local/opt', entry: /^postgresql@\d+$/ },
];

async function candidates(program: PgProgram, binDir: string | undefined): Promise<string[]> {
  // LOOPDESK_PG_BIN is an order: only that folder, so a wrong one fails instead of being passed over.
  if (binDir) return [path.join(binDir, program)];
  const found: string[] = [program];
  for (const { parent, entry } of versionedFolders) {
    const names = await fs.readdir(parent).catch(() => []);
    for (const name of names.filter((n) => entry.test(n))) found.push(path.join(parent, name, 'bin', program));
  }
  return found;
}

async function probe(program: PgProgram, file: string): Promise<PgTool | undefined> {
  try {
    const { stdout } = await promisify(execFile)(file, ['--version'], { timeout: 10_000 });
    const match = /\(PostgreSQL\)\s+((\d+)[^\s]*)/.exec(stdout);
    return match ? { program, file, version: match[1]!, major: Number(match[2]) } : undefined;
  } catch {
    return undefined;
  }
}

export type ToolNeed = {
  /** The oldest major version that will do. */
  atLeast: number;
  /** The major version to take when it is there (the server's own); else the oldest one that will do. */
  prefer?: number;
  /** What the tool is for, to start the message when none will do. */
  purpose: string;
  binDir?: string;
};

/** The installed pg_dump or pg_restore that fits `need`, or a BackupError saying what to install. */
export async function findPgTool(program: PgProgram, need: ToolNeed): Promise<PgTool> {
  const binDir = 'binDir' in need ? need.binDir : config().LOOPDESK_PG_BIN;
  const found: PgTool[] = [];
  for (const file of await candidates(program, binDir)) {
    const tool = await probe(program, file);
    if (tool && !found.some((f) => f.major === tool.major)) found.push(tool);
  }
  const fitting = found.filter((t) => t.major >= need.atLeast).sort((a, b) => a.major - b.major);
  const chosen = fitting.find((t) => t.major === need.prefer) ?? fitting[0];
  if (chosen) return chosen;

  const seen = found.map((t) => `${program} ${t.version} (${t.file === program ? 'on PATH' : t.file})`).join(', ');
  const where = binDir ? `LOOPDESK_PG_BIN (${binDir})` : `PATH or ${versionedFolders.map((f) => f.parent).join(', ')}`;
  throw new BackupError(
    [
      `${need.purpose} needs ${program} ${need.atLeast} or newer; ${seen ? `found only ${seen}` : `none was found in ${where}`}.`,
      `Install the PostgreSQL ${need.atLeast} client programs (Debian/Ubuntu: the postgresql-client-${need.atLeast} package from apt.postgresql.org;`,
      `RHEL: postgresql${need.atLeast} from the PGDG repository; macOS: brew install postgresql@${need.atLeast}),`,
      `and if they are not on PATH, set LOOPDESK_PG_BIN to their folder (e.g. /usr/lib/postgresql/${need.atLeast}/bin).`,
      `The embedded PostgreSQL that Loopdesk starts comes without ${program}.`,
    ].join('\n'),
  );
}

/** The server's major version, from `server_version_num` (180004 → 18). */
export const majorOf = (versionNum: number) => Math.floor(versionNum / 10_000);

/**
 * libpq's form of a postgres:// URL: the password moves to PGPASSWORD, because a command line
 * is visible to every user of the machine (`ps`) and the environment is not.
 */
function libpqConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  // The child needs the rest of our environment (PATH, locale) as it is.
  const env = { ...process.env, ...(password ? { PGPASSWORD: password } : {}) };
  return { dbname: parsed.toString(), env };
}

export type RunningTool = {
  child: ChildProcessByStdio<Writable, Readable, Readable>;
  /** Settles when the program exits: a BackupError with the end of its messages unless it succeeded. */
  done: Promise<void>;
};

/** Starts `tool` on the database at `url`, its stdin and stdout piped to us. */
export function startPgTool(tool: PgTool, args: string[], url: string): RunningTool {
  const { dbname, env } = libpqConnection(url);
  const child = spawn(tool.file, [...args, `--dbname=${dbname}`], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let messages = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    messages = (messages + text).slice(-4000);
  });
  const done = new Promise<void>((resolve, reject) => {
    child.once('error', (error) => reject(new BackupError(`${tool.file} could not be started: ${error.message}`, { cause: error })));
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new BackupError(`${tool.program} ${tool.version} failed (${signal ?? `exit code ${code}`}):\n${messages.trim()}`));
    });
  });
  return { child, done };
}
