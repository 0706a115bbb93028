import { dictionary } from '@zxcvbn-ts/language-common';
import { ValidationError } from '@/lib/errors';

// zxcvbn's list of about 49,000 passwords seen most often in breaches, compared without case. Only
// the server holds it (a 400 KB list has no place in the browser's bundle); forms check the length.
let common: Set<string> | undefined;

function isCommon(password: string): boolean {
  common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  const lower = password.toLowerCase();
  return common.has(lower) || new Set(lower).size <= 2;
}

/** NIST SP 800-63B: no password from the lists attackers try first (its length is the schema's rule). */
export function refuseCommonPassword(password: string, field = 'password'): void {
  if (isCommon(password)) throw new ValidationError([{ field, message: 'This password is too common: choose one that is harder to guess' }]);
}
