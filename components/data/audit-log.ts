'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { AuditEntryJson, auditExportQuery } from '@/lib/audit/schema';
import { api, apiRequest, ApiError, saveDownload, type CursorOnly } from './api';

/** The filters as the page holds them: text from its controls, blank or left out for none. */
export type AuditLogFilters = Partial<Record<keyof z.input<typeof auditExportQuery>, string>>;

export const auditLogKeys = {
  all: ['audit-log'] as const,
  list: (filters: AuditLogFilters) => [...auditLogKeys.all, filters] as const,
};

const queryOf = (filters: AuditLogFilters) => new URLSearchParams(Object.entries(filters).filter(([, value]) => value !== '')).toString();

/** Every change, newest first; the next page follows the last one's cursor. */
export function useAuditLog(filters: AuditLogFilters) {
  return useInfiniteQuery({
    queryKey: auditLogKeys.list(filters),
    queryFn: ({ pageParam }) => api<AuditEntryJson[], CursorOnly>('GET', `/audit-log?${queryOf(filters)}${pageParam ? `&after=${pageParam}` : ''}`),
    initialPageParam: '',
    getNextPageParam: (last) => last.pagination?.next_cursor ?? undefined,
  });
}

/** The CSV comes from the API with the session's credentials, so it is fetched, then handed to the browser as a file. */
export async function downloadAuditLog(filters: AuditLogFilters): Promise<void> {
  const response = await apiRequest(`/audit-log/export?${queryOf(filters)}`);
  if (!response.ok) throw new ApiError(response.status, 'EXPORT_FAILED', `The export failed (${response.status})`);
  await saveDownload(response, 'loopdesk-audit-log.csv');
}
