import { CodeSamples } from '@/components/docs/code-samples';
import { GuideLink, GuidePage, guideMetadata, TermTable } from '@/components/docs/guide-page';

export const metadata = guideMetadata('filtering-and-search');

const ticketFilters: [string, string][] = [
  ['status', 'open, pending, on_hold, resolved, closed'],
  ['priority', 'low, normal, high, urgent'],
  ['department_id, assigned_agent_id, customer_id', 'ids'],
  ['unassigned', 'true or false: tickets with or without an assignee'],
  ['created_after, updated_after', 'strictly after a time: 2025-08-23T10:30:00Z, an offset, or a bare date (midnight UTC)'],
  ['due_before', 'tickets due before a time: the inbox’s Overdue view'],
  ['tags, tags_all', 'tickets with any of the tags (tags=refund,vip), or with every one (tags_all); tags are lowercase'],
  ['custom_fields[key]', 'the stored value, exactly'],
  ['sort, order', 'created_at (the default), updated_at or priority (by severity); desc (the default) or asc'],
];

// GET /docs/guides/filtering-and-search
export default function FilteringAndSearchGuide() {
  return (
    <GuidePage slug="filtering-and-search">
      <h2 id="ticket-filters">Ticket filters</h2>
      <p>
        <code>GET /api/v1/tickets</code> takes these query parameters, and so do <code>/tickets/search</code>, <code>/customers/{'{id}'}/tickets</code> and{' '}
        <code>/agents/{'{id}'}/tickets</code>:
      </p>
      <TermTable columns={['parameter', 'values']} rows={ticketFilters} />
      <ul>
        <li>
          Several values of one filter mean any of them: <code>status=open,pending</code>, or the key repeated (<code>status=open&amp;status=pending</code>,{' '}
          <code>status[]=open</code>), up to 100 values. Different filters must all match.
        </li>
        <li>
          <code>custom_fields[plan]=enterprise</code> matches the stored value exactly; a number-like value also matches the number (<code>seats=3</code>{' '}
          matches <code>3</code> and <code>"3"</code>), and <code>true</code> or <code>false</code> the boolean. Several keys must all match. A repeated custom
          field key is one value that contains a comma.
        </li>
        <li>
          An unknown value, or a parameter the endpoint does not take (a misspelt <code>stauts</code>), is a 400 <code>VALIDATION_ERROR</code> naming the
          parameter, never an empty list or every ticket.
        </li>
      </ul>

      <h2 id="search">Search</h2>
      <p>
        <code>GET /api/v1/tickets/search?q=…</code> (1 to 500 characters) searches subjects, descriptions and reply text, with web-search syntax:
      </p>
      <ul>
        <li>
          words: <code>printer toner</code> finds tickets with both;
        </li>
        <li>
          <code>"password reset"</code> finds the exact phrase;
        </li>
        <li>
          <code>-toner</code> leaves out tickets with the word;
        </li>
        <li>
          <code>or</code> between words finds either: <code>vpn or proxy</code>.
        </li>
      </ul>
      <p>
        Results are ranked, a match in the subject before one in the description before one in a reply, unless you pass <code>sort</code>. Every ticket filter
        applies. A search with more than 1,000 matches (a common word) lists them newest first with <code>"total": 1000</code> and{' '}
        <code>"total_exact": false</code>: add words or filters for a ranked list.
      </p>

      <h2 id="customers">Customers</h2>
      <p>
        <code>GET /api/v1/customers</code> takes <code>search</code> (any part of first name, last name, email or organization, in any case),{' '}
        <code>organization</code> (one exact name, in any case), <code>status</code> (<code>active</code>, <code>inactive</code>, <code>blocked</code>),{' '}
        <code>created_after</code>, and <code>sort</code> by <code>created_at</code>, <code>updated_at</code>, <code>last_name</code> or <code>email</code> with{' '}
        <code>order</code>.
      </p>
      <CodeSamples example="filtering-and-search" title="Filters, a custom field and search, on four tickets of one customer" />
      <p>
        Lists are paginated as described in <GuideLink slug="pagination" />.
      </p>
    </GuidePage>
  );
}
