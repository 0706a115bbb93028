import { sql } from 'drizzle-orm';
import { getDb } from '@/db/client';

/**
 * Every secret the battery made or was handed (plain API keys, passwords, session ids and
 * cookies, webhook secrets, mailbox relay tokens and IMAP passwords, OAuth client secrets), so
 * that a dump of the database can be searched for each of them.
 */
export class SecretLedger {
  private readonly secrets = new Map<string, string>();

  /** `notSecrets`: values sent everywhere (the fuzzer's hostile strings), which a dump may hold legitimately. */
  constructor(private readonly notSecrets: readonly string[] = []) {}

  /** Remembers `value` as a secret of `kind`; values too short to be a secret of ours are not one. */
  add(kind: string, value: string | undefined | null): void {
    if (typeof value !== 'string' || value.length < 12 || this.notSecrets.includes(value) || this.secrets.has(value)) return;
    this.secrets.set(value, kind);
  }

  /**
   * The secrets a request body carries (`password`, `secret`, `imap_password`) and its answer
   * reveals (an API key's `data.key`, `data.secret`, a mailbox's `data.inbound_token`, an OAuth
   * app's `data.client_secret`).
   */
  collect(requestBody: unknown, responseBody: unknown): void {
    if (isRecord(requestBody)) {
      this.add('password sent in a request', stringField(requestBody, 'password'));
      this.add('webhook secret sent in a request', stringField(requestBody, 'secret'));
      this.add('IMAP password sent in a request', stringField(requestBody, 'imap_password'));
    }
    const data = isRecord(responseBody) && isRecord(responseBody.data) ? responseBody.data : undefined;
    if (data) {
      // `key` is also a custom field's name: only an `ld_live_` value is an API key.
      const key = stringField(data, 'key');
      if (key?.startsWith('ld_live_')) this.add('plain API key from an answer', key);
      this.add('webhook secret from an answer', stringField(data, 'secret'));
      this.add('mailbox relay token from an answer', stringField(data, 'inbound_token'));
      this.add('OAuth client secret from an answer', stringField(data, 'client_secret'));
    }
  }

  get size(): number {
    return this.secrets.size;
  }

  entries(): [value: string, kind: string][] {
    return [...this.secrets];
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringField(record: Record<string, unknown>, name: string): string | undefined {
  const value = record[name];
  return typeof value === 'string' ? value : undefined;
}

/** The schemas a dump covers: the application's, and pg-boss's job queue (its jobs carry payloads). */
const DUMPED_SCHEMAS = ['public', 'pgboss'];

/** `kind in schema.table` for each secret found in the text of any row of any table. */
export async function secretsInDump(ledger: SecretLedger): Promise<string[]> {
  const db = getDb();
  const tables = await db.execute<{ name: string }>(sql`
    select format('%I.%I', table_schema, table_name) as name
    from information_schema.tables
    where table_schema in ${sql.raw(`(${DUMPED_SCHEMAS.map((s) => `'${s}'`).join(', ')})`)} and table_type = 'BASE TABLE'
    order by 1`);
  const found = new Set<string>();
  for (const { name } of tables) {
    const rows = await db.execute<{ row: string }>(sql.raw(`select t::text as row from ${name} t`));
    for (const { row } of rows) {
      for (const [value, kind] of ledger.entries()) if (row.includes(value)) found.add(`${kind} in ${name}`);
    }
  }
  return [...found].sort();
}
