import { customType } from 'drizzle-orm/pg-core';
import { decryptSecret, encryptSecret } from '@/lib/security/secrets';

/**
 * A secret the app must read back (lib/security/secrets.ts): encrypted on the way in, decrypted on
 * the way out. A file of its own, as it needs the server's key: tables read by browser code
 * (enums of custom fields and customers) must not import it.
 */
export const encryptedText = customType<{ data: string; driverData: string }>({
  dataType: () => 'text',
  toDriver: encryptSecret,
  fromDriver: decryptSecret,
});
