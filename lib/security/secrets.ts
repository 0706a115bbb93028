import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { config } from '@/lib/config';
import { ConflictError } from '@/lib/errors';

/**
 * Secrets Loopdesk must use again (webhook signing secrets) are stored encrypted with AES-256-GCM,
 * so a copy of the database is not a copy of them. The key comes from LOOPDESK_ENCRYPTION_KEY, or
 * else AUTH_SECRET, through HKDF; stored values read `enc:v1:` + base64url(iv | tag | ciphertext).
 */
const PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

let cached: { from: string; key: Buffer } | undefined;

function key(): Buffer {
  const { LOOPDESK_ENCRYPTION_KEY, AUTH_SECRET } = config();
  const from = LOOPDESK_ENCRYPTION_KEY ?? AUTH_SECRET;
  if (!from) throw new Error('Neither LOOPDESK_ENCRYPTION_KEY nor AUTH_SECRET is set: stored secrets cannot be read or written');
  if (cached?.from !== from) cached = { from, key: Buffer.from(hkdfSync('sha256', from, 'loopdesk', 'secrets at rest v1', 32)) };
  return cached.key;
}

export function encryptSecret(plain: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key(), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** A value stored before secrets were encrypted is returned as it is (and encrypted at the next start). */
export function decryptSecret(stored: string): string {
  if (!isEncrypted(stored)) return stored;
  const raw = Buffer.from(stored.slice(PREFIX.length), 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key(), raw.subarray(0, IV_BYTES));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch (cause) {
    // The key changed (AUTH_SECRET or LOOPDESK_ENCRYPTION_KEY): say so, and how out, rather than a 500.
    throw new ConflictError('A stored secret cannot be read with the current encryption key: set a new one (PUT with "secret")', { cause });
  }
}

export function isEncrypted(stored: string): boolean {
  return stored.startsWith(PREFIX);
}
