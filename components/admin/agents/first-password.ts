/** Letters and digits without the look-alikes (0/O, 1/l/I), so a password read aloud or copied by hand survives. */
const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const LENGTH = 20;

/**
 * A new agent's first password, made in the browser from crypto.getRandomValues: 20 characters
 * from 57 is about 116 bits. Bytes past the last whole multiple of the alphabet are drawn again,
 * so that no character is likelier than another.
 */
export function generateFirstPassword(): string {
  const limit = 256 - (256 % alphabet.length);
  let password = '';
  while (password.length < LENGTH) {
    for (const byte of crypto.getRandomValues(new Uint8Array(LENGTH * 2))) {
      if (byte < limit && password.length < LENGTH) password += alphabet[byte % alphabet.length];
    }
  }
  return password;
}
