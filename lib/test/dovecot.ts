import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { freePort, listening } from './ports';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';

export type Dovecot = {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Creates a folder (INBOX is always there). */
  createFolder(folder: string): Promise<void>;
  /** Delivers a message into the folder (INBOX unless named) the way a mail server would: unread. */
  append(raw: string | Buffer, folder?: string): Promise<void>;
  /** The flags of every message in the folder, by UID. */
  flags(folder?: string): Promise<Map<number, Set<string>>>;
  /** Dovecot's own log so far, for a failing test's message. */
  output(): string;
  stop(): Promise<void>;
};

const PACKAGE_HINT = "Dovecot's IMAP server is needed for the email tests: apt install dovecot-imapd";

/** The dovecot binary: on PATH, or where Debian's dovecot-imapd puts it (sbin is often not on a user's PATH). */
function dovecotBinary(): string {
  for (const candidate of ['dovecot', '/usr/sbin/dovecot']) {
    const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  throw new Error(`dovecot was not found. ${PACKAGE_HINT}`);
}

/**
 * Who owns the mail: the test's user, or `nobody` when that is root (CI containers), since Dovecot's
 * imap process refuses to touch mail as root.
 */
function mailOwner() {
  const { uid, gid, username } = os.userInfo();
  return uid === 0 ? { uid: 65_534, gid: 65_534, name: username, root: true } : { uid, gid, name: username, root: false };
}

function configFor(dir: string, port: number, passwdFile: string) {
  const user = mailOwner();
  return [
    `base_dir = ${dir}/run`,
    `state_dir = ${dir}/state`,
    'log_path = /dev/stderr',
    'info_log_path = /dev/stderr',
    'protocols = imap',
    'listen = 127.0.0.1',
    // Loopback only, for tests: no TLS, and passwords in the clear over it.
    'ssl = no',
    'disable_plaintext_auth = no',
    'auth_mechanisms = plain login',
    // A wrong password is answered at once, not after the usual two seconds' delay against guessing.
    'auth_failure_delay = 0',
    // Run as root, Dovecot's login and auth processes take the package's own unprivileged users;
    // otherwise everything runs as the test's user, as nothing else is possible.
    `first_valid_uid = ${user.uid}`,
    `first_valid_gid = ${user.gid}`,
    ...(user.root ? [] : [`default_internal_user = ${user.name}`, `default_login_user = ${user.name}`]),
    `mail_location = maildir:${dir}/mail/%u`,
    'mail_fsync = never',
    `passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u ${passwdFile}\n}`,
    `userdb {\n  driver = static\n  args = uid=${user.uid} gid=${user.gid} home=${dir}/home/%u\n}`,
    `service imap-login {\n  chroot =\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
    // Nor are later sign-ins from the test's address slowed down after one: Dovecot's auth process
    // gives up its per-address penalty when it cannot reach anvil's penalty socket.
    'service anvil {\n  chroot =\n  unix_listener anvil-auth-penalty {\n    mode = 0\n  }\n}',
    'protocol imap {\n  mail_max_userip_connections = 100\n}',
    '',
  ].join('\n');
}

/**
 * Debian's Dovecot (`apt install dovecot-imapd`) in the foreground with a configuration, a user and
 * maildirs of its own under a temporary directory, listening on a free loopback port: the real IMAP
 * server the fetcher talks to, IDLE included.
 */
export async function startDovecot(): Promise<Dovecot> {
  const binary = dovecotBinary();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loopdesk-dovecot-'));
  const port = await freePort();
  const user = 'support';
  const password = randomBytes(12).toString('base64url');
  const passwdFile = path.join(dir, 'passwd');
  // Dovecot's auth process runs as its own user when the test runs as root: it must reach the file
  // (a throwaway test password).
  await fs.chmod(dir, 0o755);
  await fs.writeFile(passwdFile, `${user}:{PLAIN}${password}\n`, { mode: 0o644 });
  const owner = mailOwner();
  for (const sub of ['mail', 'home']) {
    await fs.mkdir(path.join(dir, sub));
    if (owner.root) await fs.chown(path.join(dir, sub), owner.uid, owner.gid);
  }
  const configFile = path.join(dir, 'dovecot.conf');
  await fs.writeFile(configFile, configFor(dir, port, passwdFile));

  const child = spawn(binary, ['-F', '-c', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<never>((_, reject) => {
    child.on('error', (error) => reject(new Error(`dovecot did not start: ${error.message}. ${PACKAGE_HINT}`)));
    child.on('exit', (code, signal) => reject(new Error(`dovecot exited (${code ?? signal}):\n${output}`)));
  });
  exited.catch(() => {});
  try {
    await Promise.race([exited, listening(port, 15_000, 'dovecot')]);
  } catch (error) {
    child.kill('SIGKILL');
    await fs.rm(dir, { recursive: true, force: true });
    throw error;
  }

  const client = () => new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass: password }, logger: false, disableAutoIdle: true });
  const withClient = async <T>(use: (imap: ImapFlow) => Promise<T>): Promise<T> => {
    const imap = client();
    await imap.connect();
    try {
      return await use(imap);
    } finally {
      await imap.logout().catch(() => imap.close());
    }
  };

  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    async createFolder(folder) {
      await withClient(async (imap) => {
        await imap.mailboxCreate(folder);
      });
    },
    async append(raw, folder = 'INBOX') {
      await withClient(async (imap) => {
        if (folder !== 'INBOX') await imap.mailboxCreate(folder).catch(() => {});
        await imap.append(folder, raw, []);
      });
    },
    async flags(folder = 'INBOX') {
      return withClient(async (imap) => {
        const found = new Map<number, Set<string>>();
        const lock = await imap.getMailboxLock(folder);
        try {
          if ((imap.mailbox && imap.mailbox.exists === 0) || !imap.mailbox) return found;
          for await (const message of imap.fetch('1:*', { uid: true, flags: true })) found.set(message.uid, message.flags ?? new Set());
        } finally {
          lock.release();
        }
        return found;
      });
    },
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 5_000))]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
