import { CodeSamples } from '@/components/docs/code-samples';
import { GuideLink, GuidePage, guideMetadata, Snippet } from '@/components/docs/guide-page';

export const metadata = guideMetadata('pagination');

// GET /docs/guides/pagination
export default function PaginationGuide() {
  return (
    <GuidePage slug="pagination">
      <h2 id="pages">Page numbers</h2>
      <p>
        Every list takes <code>page</code> (from 1) and <code>per_page</code> (1 to 100, default 25; more is a 400), and answers with a <code>pagination</code>{' '}
        object beside <code>data</code>; a ticket list's adds <code>total_exact</code> and <code>next_cursor</code>:
      </p>
      <Snippet>{`"pagination": { "current_page": 2, "per_page": 25, "total": 150, "total_pages": 6,
                "has_next": true, "has_prev": true, "total_exact": true, "next_cursor": "WyJj…" }`}</Snippet>
      <ul>
        <li>
          Walk a list until <code>has_next</code> is false. It is always exact; <code>total</code> may not be.
        </li>
        <li>
          Ticket totals stay exact, however many tickets match, with no filter or any mix of <code>status</code>, <code>priority</code>,{' '}
          <code>department_id</code>, <code>assigned_agent_id</code> and <code>unassigned</code>: the desk keeps those counts as tickets change.
        </li>
        <li>
          With other filters (a customer, dates) the total is counted up to 10,000, and with a custom field filter or a search up to 1,000. Beyond that{' '}
          <code>total</code> stops there and <code>total_exact</code> is <code>false</code>.
        </li>
        <li>
          Page numbers shift when rows are added or removed while you read: a ticket created meanwhile pushes one onto the next page, which you then see twice.
          For tickets, use a cursor.
        </li>
      </ul>

      <h2 id="cursors">Cursors for ticket lists</h2>
      <p>
        Ticket lists and search (<code>/tickets</code>, <code>/tickets/search</code>, <code>/customers/{'{id}'}/tickets</code>,{' '}
        <code>/agents/{'{id}'}/tickets</code>) also answer with <code>next_cursor</code>. Send it back as <code>after</code>, without <code>page</code>, until
        it is <code>null</code>. A cursor seeks to the last row's sort key, so rows added meanwhile are neither skipped nor repeated, and the thousandth page
        costs what the first one does. With <code>after</code>, <code>pagination</code> holds only <code>per_page</code>, <code>total</code>,{' '}
        <code>total_exact</code>, <code>has_next</code> and <code>next_cursor</code>. A cursor belongs to its sort order and search words: sent with others it
        is a 400 on <code>after</code>. The audit log is read by cursor only.
      </p>

      <h2 id="iterators">The SDK iterators</h2>
      <p>
        <code>loopdesk.paginate(path, options)</code> in TypeScript and <code>client.tickets.iterate(**filters)</code> in Python (and{' '}
        <code>iterate_search</code>, <code>customers.iterate</code>, <code>customers.iterate_tickets</code>, …) yield every item of every page, fetching a page
        only when the loop needs it. They follow the cursor where a list has one, page numbers otherwise. Each page is one request against your{' '}
        <GuideLink slug="rate-limits">rate limit</GuideLink>, so ask for <code>per_page: 100</code> when you read everything (the Python iterators do by
        default).
      </p>
      <CodeSamples example="pagination" title="Two tickets a page: by number, by cursor, by iterator" />

      <h2 id="syncing">Keeping a copy in step</h2>
      <p>
        To copy changes into another system, list with <code>updated_after</code> set to the <code>updated_at</code> of the last ticket you stored,{' '}
        <code>sort=updated_at</code> and <code>order=asc</code>, and follow the cursor. Better still, let <GuideLink slug="webhooks" /> tell you what changed,
        and keep the list for catching up after an outage.
      </p>
    </GuidePage>
  );
}
