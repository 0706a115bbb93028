/** Where a sign-in goes when it was given nowhere, or nowhere safe. */
export const AFTER_SIGN_IN = '/tickets';

const BASE = 'http://loopdesk.invalid';

/**
 * A `callbackUrl` as a path on this site, or the inbox. The value is parsed the way a browser
 * would (backslashes, tabs and newlines included: `/\evil.example` and `/\t/evil.example` both
 * leave the site), and only a result on our own origin is kept, in its parsed form.
 */
export function sameSitePath(value: string | undefined): string {
  if (!value) return AFTER_SIGN_IN;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return AFTER_SIGN_IN;
  }
  if (url.origin !== BASE) return AFTER_SIGN_IN;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith('/login') ? AFTER_SIGN_IN : path;
}
