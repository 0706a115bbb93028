import Link from 'next/link';
import { forbidden } from 'next/navigation';
import type { ReactNode } from 'react';
import { currentAgent } from '@/lib/auth/current';

const sections = [
  { href: '/admin/agents', label: 'Agents' },
  { href: '/admin/structure', label: 'Departments and categories' },
  { href: '/admin/custom-fields', label: 'Custom fields' },
  { href: '/admin/email', label: 'Email' },
  { href: '/admin/api-keys', label: 'API keys' },
  { href: '/admin/oauth-apps', label: 'OAuth apps' },
  { href: '/admin/webhooks', label: 'Webhooks' },
  { href: '/admin/audit-log', label: 'Audit log' },
];

/** Admin → Settings: only for the admin role; the API refuses agents the same things. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const agent = await currentAgent();
  if (agent?.role !== 'admin') forbidden();
  return (
    <div className="flex min-h-[calc(100vh-49px)] flex-col md:flex-row">
      <nav aria-label="Settings" className="border-b border-slate-200 bg-white p-3 md:w-60 md:border-r md:border-b-0 dark:border-slate-800 dark:bg-slate-900">
        <h2 className="px-3 text-xs font-semibold text-slate-600 uppercase dark:text-slate-400">Settings</h2>
        <ul className="mt-1 flex gap-1 overflow-x-auto md:flex-col">
          {sections.map((s) => (
            <li key={s.href}>
              <Link
                href={s.href}
                className="block rounded-md px-3 py-1.5 text-sm whitespace-nowrap text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
              >
                {s.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="min-w-0 flex-1 p-4">{children}</div>
    </div>
  );
}
