import type { ServiceContext } from '@/lib/context';
import { listAuditLog } from './queries';
import type { AuditEntryJson, AuditLogFilters } from './schema';

const COLUMNS = [
  'id',
  'created_at',
  'action',
  'resource_type',
  'resource_id',
  'actor_type',
  'actor_id',
  'actor_name',
  'actor_app',
  'ip_address',
  'request_id',
  'changes',
  'before',
  'after',
  'details',
];
const PAGE = 1000;

/**
 * RFC 4180 quoting. A cell that a spreadsheet would run as a formula (=, +, -, @, tab, return at
 * its start) gets a leading apostrophe: names and emails in the log are anyone's input.
 */
function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function row(e: AuditEntryJson): string {
  const values = [
    e.id,
    e.created_at,
    e.action,
    e.resource_type,
    e.resource_id,
    e.actor.type,
    e.actor.id,
    e.actor.name,
    e.actor.app?.name ?? e.actor.app?.id,
    e.ip_address,
    e.request_id,
    e.changes.join(' '),
    e.before,
    e.after,
    e.details,
  ];
  return `${values.map(cell).join(',')}\r\n`;
}

/** Every entry the filters select, newest first, as CSV lines: read a page at a time, so memory stays flat however long the log. */
export async function* auditLogCsv(ctx: ServiceContext, filters: AuditLogFilters, pageSize = PAGE): AsyncGenerator<string> {
  let header = `${COLUMNS.join(',')}\r\n`;
  let after: string | undefined;
  do {
    const { items, nextCursor } = await listAuditLog(ctx, { ...filters, per_page: pageSize, after });
    yield header + items.map(row).join('');
    header = '';
    after = nextCursor ?? undefined;
  } while (after);
}
