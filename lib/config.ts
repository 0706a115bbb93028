import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

const flag = z
  .enum(['true', 'false', '1', '0', ''])
  .default('false')
  .transform((v) => v === 'true' || v === '1');

/** `localhost, 10.0.0.5, [::1]` → `['localhost', '10.0.0.5', '::1']`: host names lower-cased, IPs in canonical form. */
const hostList = z.string().transform((value, ctx) => {
  const hosts: string[] = [];
  for (const entry of value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const host = canonicalHost(entry);
    if (host) hosts.push(host);
    else ctx.addIssue({ code: 'custom', message: `'${entry}' is not a host name or IP address` });
  }
  return hosts;
});

/** The host as the WHATWG URL parser writes it (so it compares equal to `new URL(...).hostname`), without brackets. */
function canonicalHost(entry: string): string | null {
  try {
    const url = new URL(`http://${isIP(entry) === 6 ? `[${entry}]` : entry}/`);
    const bare = url.username === '' && url.password === '' && url.port === '' && url.pathname === '/' && !url.search && !url.hash;
    return bare ? url.hostname.replace(/^\[(.*)\]$/, '$1') : null;
  } catch {
    return null;
  }
}

/** `Support <support@example.com>`, `"Acme, Support" <support@example.com>` or a bare address. */
const mailFrom = z.string().transform((value, ctx) => {
  const match = /^\s*(?:"?([^"<]*?)"?\s*)?<([^<>\s@]+@[^<>\s@]+)>\s*$/.exec(value) ?? /^\s*()([^<>\s@]+@[^<>\s@]+)\s*$/.exec(value);
  if (match) return { name: match[1]?.trim() || null, address: match[2]! };
  ctx.addIssue({ code: 'custom', message: `'${value}' is not an address such as Support <support@example.com>` });
  return z.NEVER;
});

export const storageDrivers = ['filesystem', 'postgres', 's3'] as const;
export type StorageDriver = (typeof storageDrivers)[number];

const configSchema = z
  .object({
    // Only `development` and `test` check each API answer against its declared schema; any other value,
    // `production` or a made-up one, skips the check.
    NODE_ENV: z.string().default('development'),
    DATABASE_URL: z.string().url().optional(),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    LOOPDESK_DATA_DIR: z.string().default('./data'),
    LOOPDESK_DB_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    LOOPDESK_TRUST_PROXY: flag,
    LOOPDESK_MAX_UPLOAD_MB: z.coerce.number().positive().max(1024).default(25),
    LOOPDESK_PUBLIC_URL: z.string().url().optional(),
    LOOPDESK_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    // Off for a pooler that cannot keep prepared statements (PgBouncer in transaction mode before 1.21).
    LOOPDESK_DB_PREPARE: z
      .enum(['true', 'false', '1', '0'])
      .transform((v) => v === 'true' || v === '1')
      .default(true),
    // Demo tickets on first start: by default only on the embedded database, never on yours.
    LOOPDESK_DEMO_DATA: z
      .enum(['true', 'false', '1', '0'])
      .transform((v) => v === 'true' || v === '1')
      .optional(),
    // Audit log entries older than this many days are deleted nightly (0 keeps them for ever); a
    // ticket's own history stays as long as the ticket, since its activity and the reports read it.
    LOOPDESK_AUDIT_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(365),
    // Hosts webhooks may target even when they are, or resolve to, internal addresses (lib/webhooks/ssrf.ts).
    LOOPDESK_WEBHOOK_ALLOWED_HOSTS: hostList.default([]),
    // Rate limits (lib/rate-limit): requests per window for an API key without its own rate_limit,
    // for a signed-in browser session, and per minute for a client IP without valid credentials.
    LOOPDESK_DEFAULT_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000_000).default(1000),
    LOOPDESK_SESSION_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000_000).default(10_000),
    // Requests per hour for each OAuth app acting for each agent.
    LOOPDESK_OAUTH_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000_000).default(1000),
    LOOPDESK_IP_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000_000).default(60),
    // The key and session window: an hour, as the reference's "1000 requests per hour" says.
    LOOPDESK_RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3600),
    // `off` when a gateway in front of Loopdesk does the limiting (and for the benchmark's baseline).
    LOOPDESK_RATE_LIMITS: z.enum(['on', 'off']).default('on'),
    // How long a client may take to send its request headers, and its whole request (see server.ts).
    LOOPDESK_HEADERS_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(15),
    LOOPDESK_REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
    // Encrypts stored secrets (webhook signing secrets); AUTH_SECRET when unset (lib/security/secrets.ts).
    LOOPDESK_ENCRYPTION_KEY: z.string().min(32, 'LOOPDESK_ENCRYPTION_KEY must be at least 32 characters').optional(),
    // The folder of pg_dump and pg_restore for `loopdesk backup` and `restore`; searched for when unset (lib/ops/pg-tools.ts).
    LOOPDESK_PG_BIN: z.string().optional(),
    // Outbound email (lib/email): with no SMTP URL nothing is sent, and the desk says so.
    // smtp://user:pass@host:587 (STARTTLS when offered) or smtps://user:pass@host:465.
    LOOPDESK_SMTP_URL: z
      .string()
      .url()
      .refine((u) => /^smtps?:/.test(u), 'LOOPDESK_SMTP_URL must start with smtp:// or smtps://')
      .optional(),
    // The From of mail sent on tickets no mailbox owns, and the name on every mailbox's mail: `Support <support@example.com>`.
    LOOPDESK_MAIL_FROM: mailFrom.prefault('Loopdesk <loopdesk@localhost>'),
    // Inbound messages larger than this are refused (their reason logged and kept); attachments keep LOOPDESK_MAX_UPLOAD_MB.
    LOOPDESK_EMAIL_MAX_MB: z.coerce.number().positive().max(1024).default(40),
    // How often a mailbox whose IMAP server has no IDLE is polled.
    LOOPDESK_IMAP_POLL_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
    // Signs browser sessions; generated into the data dir when unset (lib/auth/secret.ts).
    AUTH_SECRET: z.string().min(32, 'AUTH_SECRET must be at least 32 characters').optional(),
    // Where attachment bytes live (lib/files/store.ts): only `postgres` and `s3` serve several app instances.
    LOOPDESK_STORAGE: z.enum(storageDrivers).default('filesystem'),
    LOOPDESK_S3_BUCKET: z.string().optional(),
    LOOPDESK_S3_REGION: z.string().default('us-east-1'),
    LOOPDESK_S3_ENDPOINT: z.string().url().optional(),
    LOOPDESK_S3_FORCE_PATH_STYLE: flag,
    // Both or neither: without them the AWS SDK's default chain (AWS_* variables, profiles, roles) applies.
    LOOPDESK_S3_ACCESS_KEY_ID: z.string().optional(),
    LOOPDESK_S3_SECRET_ACCESS_KEY: z.string().optional(),
  })
  .superRefine((env, ctx) => {
    if (env.LOOPDESK_STORAGE === 's3' && !env.LOOPDESK_S3_BUCKET) {
      ctx.addIssue({ code: 'custom', path: ['LOOPDESK_S3_BUCKET'], message: 'Required when LOOPDESK_STORAGE is s3' });
    }
    if (!env.LOOPDESK_S3_ACCESS_KEY_ID !== !env.LOOPDESK_S3_SECRET_ACCESS_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['LOOPDESK_S3_SECRET_ACCESS_KEY'],
        message: 'Set LOOPDESK_S3_ACCESS_KEY_ID and LOOPDESK_S3_SECRET_ACCESS_KEY together',
      });
    }
  });

export type Config = z.infer<typeof configSchema> & { dataDir: string; maxUploadBytes: number; maxEmailBytes: number; checksAnswers: boolean };

let cached: Config | undefined;

/** Reads and validates the environment once; every setting the app has is listed in configSchema. */
export function config(): Config {
  if (cached) return cached;
  const env = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  cached = {
    ...parsed.data,
    dataDir: path.resolve(parsed.data.LOOPDESK_DATA_DIR),
    maxUploadBytes: Math.floor(parsed.data.LOOPDESK_MAX_UPLOAD_MB * 1024 * 1024),
    maxEmailBytes: Math.floor(parsed.data.LOOPDESK_EMAIL_MAX_MB * 1024 * 1024),
    checksAnswers: parsed.data.NODE_ENV === 'development' || parsed.data.NODE_ENV === 'test',
  };
  return cached;
}

/** The address users and integrators reach Loopdesk at; attachment URLs and links are built on it. */
export function publicUrl(): string {
  const { LOOPDESK_PUBLIC_URL, PORT } = config();
  return (LOOPDESK_PUBLIC_URL ?? `http://localhost:${PORT}`).replace(/\/+$/, '');
}

/** Served over https: cookies are then `Secure` (and named `__Secure-…`), and browsers are told to stay on https. */
export function servedOverHttps(): boolean {
  return publicUrl().startsWith('https:');
}

/** server.ts provides the session secret before Next starts; the environment carries it to Next's module copies. */
export function useAuthSecret(secret: string): void {
  process.env.AUTH_SECRET = secret;
  if (cached) cached = { ...cached, AUTH_SECRET: secret };
}

/**
 * server.ts and the CLI decide the database before anything connects (the embedded server's
 * address is known only once it runs). The environment carries it to Next's own module copies.
 */
export function useDatabaseUrl(url: string): void {
  process.env.DATABASE_URL = url;
  if (cached) cached = { ...cached, DATABASE_URL: url };
}
