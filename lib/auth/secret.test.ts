import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

// Configuration is read once per process and cached. Each test starts the app afresh instead:
// it sets the environment, drops the module cache and imports lib/config and lib/auth/secret
// anew, as a restart would.
const testDataDir = process.env.LOOPDESK_DATA_DIR!;
const fileEnv = { AUTH_SECRET: process.env.AUTH_SECRET, LOOPDESK_DATA_DIR: testDataDir };
let starts = 0;

afterEach(() => {
  process.env.AUTH_SECRET = fileEnv.AUTH_SECRET;
  process.env.LOOPDESK_DATA_DIR = fileEnv.LOOPDESK_DATA_DIR;
});

/** A data dir of the test's own (inside the file's, which is removed after the file). */
function freshDataDir(): string {
  return path.join(testDataDir, `start-${++starts}`);
}

/** Starts "the app" on `dataDir`, with AUTH_SECRET set or not, and provides the session secret. */
async function start(dataDir: string, authSecret?: string) {
  process.env.LOOPDESK_DATA_DIR = dataDir;
  if (authSecret === undefined) delete process.env.AUTH_SECRET;
  else process.env.AUTH_SECRET = authSecret;
  vi.resetModules();
  const { config } = await import('@/lib/config');
  const { provideAuthSecret } = await import('./secret');
  provideAuthSecret();
  return { config, provideAuthSecret, file: path.join(dataDir, 'auth-secret') };
}

describe('provideAuthSecret', () => {
  it('generates a secret of at least 32 characters into <data dir>/auth-secret, readable by the owner only', async () => {
    const { config, file } = await start(freshDataDir());
    const secret = fs.readFileSync(file, 'utf8');
    expect(secret).toMatch(/^[\w-]{32,}$/);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(config().AUTH_SECRET).toBe(secret);
    expect(process.env.AUTH_SECRET).toBe(secret);
  });

  it('creates the data dir when it does not exist yet', async () => {
    const dataDir = path.join(freshDataDir(), 'nested', 'data');
    const { file } = await start(dataDir);
    expect(fs.existsSync(file)).toBe(true);
  });

  it('keeps the same secret when called a second time', async () => {
    const { config, provideAuthSecret, file } = await start(freshDataDir());
    const first = config().AUTH_SECRET;
    provideAuthSecret();
    expect(config().AUTH_SECRET).toBe(first);
    expect(fs.readFileSync(file, 'utf8')).toBe(first);
  });

  it('reads the kept secret on the next start, so sessions survive a restart', async () => {
    const dataDir = freshDataDir();
    const firstStart = await start(dataDir);
    const kept = firstStart.config().AUTH_SECRET;
    const secondStart = await start(dataDir);
    expect(secondStart.config().AUTH_SECRET).toBe(kept);
    expect(process.env.AUTH_SECRET).toBe(kept);
  });

  it('uses a secret another process wrote first, trimmed of its line break', async () => {
    const dataDir = freshDataDir();
    fs.mkdirSync(dataDir, { recursive: true });
    const written = 'written-by-the-cli-0123456789-abcdefghij';
    fs.writeFileSync(path.join(dataDir, 'auth-secret'), `${written}\n`, { mode: 0o600 });
    const { config } = await start(dataDir);
    expect(config().AUTH_SECRET).toBe(written);
  });

  it('gives each data dir its own secret', async () => {
    const one = (await start(freshDataDir())).config().AUTH_SECRET;
    const other = (await start(freshDataDir())).config().AUTH_SECRET;
    expect(other).not.toBe(one);
  });

  it('uses AUTH_SECRET from the environment when set, and writes no file', async () => {
    const dataDir = freshDataDir();
    const own = 'an-operator-chosen-secret-of-40-characters';
    const { config, file } = await start(dataDir, own);
    expect(config().AUTH_SECRET).toBe(own);
    expect(process.env.AUTH_SECRET).toBe(own);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('refuses to start on a file too short to be a secret, naming the file, and leaves no temporary file behind', async () => {
    const dataDir = freshDataDir();
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'auth-secret'), 'short');
    await expect(start(dataDir)).rejects.toThrow(`${path.join(dataDir, 'auth-secret')} holds no usable session secret`);
    expect(fs.readdirSync(dataDir)).toEqual(['auth-secret']);
  });
});
