import { createHash, randomBytes } from 'node:crypto';

/**
 * Codes, access tokens and refresh tokens are opaque random strings; the prefix tells them apart
 * (and lets secret scanners find a leaked one). Only their SHA-256 hashes are stored.
 */
export const CODE_PREFIX = 'ld_code_';
export const ACCESS_PREFIX = 'ld_oat_';
export const REFRESH_PREFIX = 'ld_ort_';

export const hashToken = (plain: string) => createHash('sha256').update(plain).digest('hex');
export const randomToken = (prefix: string) => prefix + randomBytes(32).toString('base64url');

/** Client ids are ours (lib/oauth/apps.ts); anything else names no client and is never looked up. */
export const CLIENT_ID_FORMAT = /^ld_app_[A-Za-z0-9_-]{1,64}$/;
