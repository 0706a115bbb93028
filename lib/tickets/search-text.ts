import { sql } from 'drizzle-orm';
import { tickets } from '@/db/schema';

// PostgreSQL refuses a tsvector over 1 MB. Subject and description are bounded by their schemas; the
// reply text that feeds search is kept to its first 300,000 characters, which stays well inside it.
const MAX_SEARCHABLE_REPLY_TEXT = 300_000;

/** The new value of tickets.replies_text after a reply or note: appended, then bounded. */
export function searchableReplies(content: string) {
  return sql`left(${tickets.repliesText} || ' ' || ${content}, ${MAX_SEARCHABLE_REPLY_TEXT})`;
}
