import 'server-only';
import type { Db } from '@/db/client';
import { config } from '@/lib/config';
import type { ServiceContext } from '@/lib/context';
import { getSetting, setSetting } from '@/lib/settings/service';
import type { z } from 'zod';
import type { EmailSettingsJson, updateEmailSettingsSchema } from './schema';

type UpdateEmailSettingsInput = z.infer<typeof updateEmailSettingsSchema>;

/** LOOPDESK_MAIL_FROM as it is written in a From header. */
function mailFromText(): string {
  const { name, address } = config().LOOPDESK_MAIL_FROM;
  if (!name) return address;
  return /[",<>@()]/.test(name) ? `"${name.replace(/"/g, '')}" <${address}>` : `${name} <${address}>`;
}

/** SMTP comes from the environment (only whether it is set is shown); the rest are instance settings an admin changes here. */
export async function getEmailSettings(db: Db): Promise<EmailSettingsJson> {
  const [acknowledgement, ticketsPerSender] = await Promise.all([getSetting(db, 'email_acknowledgement'), getSetting(db, 'email_tickets_per_sender_per_hour')]);
  return {
    smtp_configured: Boolean(config().LOOPDESK_SMTP_URL),
    mail_from: mailFromText(),
    acknowledgement,
    tickets_per_sender_per_hour: ticketsPerSender,
  };
}

/** Each given setting is written with its own setting.updated event (before and after). */
export async function updateEmailSettings(ctx: ServiceContext, input: UpdateEmailSettingsInput): Promise<EmailSettingsJson> {
  await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    if (input.acknowledgement !== undefined) await setSetting(txCtx, 'email_acknowledgement', input.acknowledgement);
    if (input.tickets_per_sender_per_hour !== undefined) await setSetting(txCtx, 'email_tickets_per_sender_per_hour', input.tickets_per_sender_per_hour);
  });
  return getEmailSettings(ctx.db);
}
