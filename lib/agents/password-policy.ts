import { dictionary } from '@zxcvbn-ts/language-common';
import { plainText } from '@/lib/schema-helpers';

/** NIST SP 800-63B: length over composition rules, and no password from the lists attackers try first. */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

// zxcvbn's list of about 49,000 passwords seen most often in breaches, compared without case.
let common: Set<string> | undefined;
function isCommon(password: string): boolean {
  common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  const lower = password.toLowerCase();
  return common.has(lower) || new Set(lower).size <= 2;
}

/** A password an agent is given or chooses. */
export const newPassword = plainText(0, MAX_PASSWORD_LENGTH)
  .refine((p) => p.length >= MIN_PASSWORD_LENGTH, { message: `Password must be at least ${MIN_PASSWORD_LENGTH} characters` })
  .refine((p) => p.length < MIN_PASSWORD_LENGTH || !isCommon(p), { message: 'This password is too common: choose one that is harder to guess' });
