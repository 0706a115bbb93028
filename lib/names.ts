/** A person as the desk names them: `Ada Lovelace`, or `Ada` without a last name. */
export const fullName = (first: string, last: string | null | undefined): string => `${first} ${last ?? ''}`.trim();
