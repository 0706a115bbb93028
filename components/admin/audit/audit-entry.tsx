import type { AuditEntryJson } from '@/lib/audit/schema';

const shown = (value: unknown) => (value === undefined ? '—' : JSON.stringify(value, null, 1));

/** One entry opened: each changed field before and after, then where the change came from. */
export function AuditEntryDetail({ id, entry }: { id: string; entry: AuditEntryJson }) {
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  const fields = entry.changes.length > 0 ? entry.changes : [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const details = Object.entries(entry.details);
  return (
    <div id={id} className="space-y-3 bg-slate-50 p-3 text-sm dark:bg-slate-950">
      {fields.length > 0 && (
        <table className="w-full text-left" aria-label="Changes">
          <thead className="text-xs text-slate-600 uppercase dark:text-slate-400">
            <tr>
              <th scope="col" className="py-1 pr-3">
                Field
              </th>
              <th scope="col" className="py-1 pr-3">
                Before
              </th>
              <th scope="col" className="py-1">
                After
              </th>
            </tr>
          </thead>
          <tbody>
            {fields.map((field) => (
              <tr key={field} className="align-top">
                <th scope="row" className="py-1 pr-3 font-mono font-normal">
                  {field}
                </th>
                <td className="py-1 pr-3 font-mono break-all whitespace-pre-wrap">{field in before ? shown(before[field]) : entry.before ? '—' : ''}</td>
                <td className="py-1 font-mono break-all whitespace-pre-wrap">{field in after ? shown(after[field]) : entry.after ? '—' : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
        <dt className="text-slate-600 dark:text-slate-400">Request id</dt>
        <dd className="font-mono">{entry.request_id ?? '—'}</dd>
        <dt className="text-slate-600 dark:text-slate-400">Address</dt>
        <dd className="font-mono">{entry.ip_address ?? '—'}</dd>
        {details.map(([name, value]) => (
          <div key={name} className="contents">
            <dt className="text-slate-600 dark:text-slate-400">{name.replace(/_/g, ' ')}</dt>
            <dd className="font-mono break-all">{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
