import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { settings } from '@/db/schema';
import type { ServiceContext } from '@/lib/context';
import { changeOf, recordEvents, resourceEvent } from '@/lib/events';

/** Every instance setting, its type and default. */
const settingSchemas = {
  // When on, a ticket or customer custom field without a definition is a validation error.
  strict_custom_fields: z.boolean().default(false),
  // An automatic reply to the customer when an email opens a new ticket (at most one per sender per hour).
  email_acknowledgement: z.boolean().default(false),
  // New tickets by email one sender may open per hour; beyond it they are stored but notify no one.
  email_tickets_per_sender_per_hour: z.int().min(1).max(10_000).default(20),
};
type Settings = typeof settingSchemas;
export type SettingKey = keyof Settings;

export async function getSetting<K extends SettingKey>(db: Db, key: K): Promise<z.output<Settings[K]>> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
  return settingSchemas[key].parse(row?.value) as z.output<Settings[K]>;
}

export async function setSetting<K extends SettingKey>(ctx: ServiceContext, key: K, value: z.input<Settings[K]>): Promise<void> {
  const parsed = settingSchemas[key].parse(value) as z.output<Settings[K]>;
  await ctx.db.transaction(async (tx) => {
    const before = await getSetting(tx, key);
    await tx
      .insert(settings)
      .values({ key, value: parsed })
      .onConflictDoUpdate({ target: settings.key, set: { value: parsed, updatedAt: sql`now()` } });
    await recordEvents({ ...ctx, db: tx }, [resourceEvent('setting.updated', null, { setting: key, ...changeOf({ [key]: before }, { [key]: parsed }) })]);
  });
}
