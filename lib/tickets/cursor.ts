import { ValidationError } from '@/lib/errors';

/**
 * An `after` cursor: the sort key of the last ticket a page showed, so the next page starts just
 * past it with an index seek, whatever its depth (a page number makes the database walk every
 * earlier row). Opaque to integrators: base64url JSON that names the order it belongs to.
 * Timestamps travel as PostgreSQL wrote them, with microseconds, which a JS Date would cut.
 */
export type Cursor = { order: string; key: (string | number)[] };

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.order, ...cursor.key])).toString('base64url');
}

const invalid = () => new ValidationError([{ field: 'after', message: 'Must be a next_cursor from an earlier page of this list' }]);

/** The cursor's key, which must belong to `order` (the sort and direction of this request). */
export function decodeCursor(text: string, order: string, length: number): (string | number)[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== length + 1 || parsed[0] !== order) {
    throw new ValidationError([{ field: 'after', message: 'This cursor belongs to a different sort or search: start again without after' }]);
  }
  const key = parsed.slice(1);
  if (!key.every((v) => (typeof v === 'string' && v.length <= 64) || (typeof v === 'number' && Number.isFinite(v)))) throw invalid();
  return key as (string | number)[];
}
