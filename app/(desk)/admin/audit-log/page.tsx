import type { Metadata } from 'next';
import { AuditLog } from '@/components/admin/audit/audit-log';

export const metadata: Metadata = { title: 'Audit log · Settings · Loopdesk' };

export default function AuditLogPage() {
  return <AuditLog />;
}
