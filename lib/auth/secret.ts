import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { config, useAuthSecret } from '@/lib/config';

/**
 * Sessions are signed with AUTH_SECRET. When it is not set, one is generated on the first start
 * and kept in the data dir, so the two-command start needs no setup and sessions survive restarts.
 */
export function provideAuthSecret(): void {
  const { AUTH_SECRET, dataDir } = config();
  if (AUTH_SECRET) return;
  const file = path.join(dataDir, 'auth-secret');
  fs.mkdirSync(dataDir, { recursive: true });
  // Written whole under a temporary name, then linked into place: a reader never sees half a secret,
  // and of two processes starting at once, the first link wins and both use its secret.
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, randomBytes(32).toString('base64url'), { mode: 0o600 });
  try {
    fs.linkSync(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    fs.rmSync(temp, { force: true });
  }
  const secret = fs.readFileSync(file, 'utf8').trim();
  if (secret.length < 32) throw new Error(`${file} holds no usable session secret: delete it and start again, or set AUTH_SECRET`);
  useAuthSecret(secret);
}
