/** What every list answer carries; ticket lists and the audit log add a cursor. */
export interface Page<Item> {
  data: Item[];
  pagination: { has_next: boolean; current_page?: number; next_cursor?: string | null };
}

/** Where the next page starts: a cursor when the list gives one, else a page number. */
export type PageStart = { after: string } | { page: number } | undefined;

/**
 * Every item of every page, fetching a page only when the previous one is used up. A list that
 * gives a cursor is followed by it, which neither skips nor repeats rows added meanwhile; page
 * numbers are followed otherwise.
 */
export async function* paginate<Item>(fetchPage: (start: PageStart) => Promise<Page<Item>>): AsyncGenerator<Item, void, undefined> {
  let start: PageStart;
  for (;;) {
    const { data, pagination } = await fetchPage(start);
    yield* data;
    if (!pagination.has_next || data.length === 0) return;
    if (pagination.next_cursor) start = { after: pagination.next_cursor };
    else if (pagination.current_page !== undefined) start = { page: pagination.current_page + 1 };
    else return;
  }
}
