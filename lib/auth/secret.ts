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
  try {
    fs.writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process (the CLI, a second start) wrote it first: use that one.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  useAuthSecret(fs.readFileSync(file, 'utf8').trim());
}
