import { customType, integer, timestamp } from 'drizzle-orm/pg-core';
import { decryptSecret, encryptSecret } from '@/lib/security/secrets';

/** Integer ids, as the reference shows them (`"id": 78901`). */
export const id = () => integer().primaryKey().generatedByDefaultAsIdentity();

export const timestamps = () => ({
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** A secret the app must read back (lib/security/secrets.ts): encrypted on the way in, decrypted on the way out. */
export const encryptedText = customType<{ data: string; driverData: string }>({
  dataType: () => 'text',
  toDriver: encryptSecret,
  fromDriver: decryptSecret,
});
