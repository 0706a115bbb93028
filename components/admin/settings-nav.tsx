'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const sections = [
  { href: '/admin/agents', label: 'Agents' },
  { href: '/admin/structure', label: 'Departments and categories' },
  { href: '/admin/custom-fields', label: 'Custom fields' },
  { href: '/admin/macros', label: 'Macros' },
  { href: '/admin/sla-policies', label: 'SLA policies' },
  { href: '/admin/email', label: 'Email' },
  { href: '/admin/api-keys', label: 'API keys' },
  { href: '/admin/oauth-apps', label: 'OAuth apps' },
  { href: '/admin/webhooks', label: 'Webhooks' },
  { href: '/admin/audit-log', label: 'Audit log' },
];

/** Admin → Settings' sections, the current one marked (a webhook's or an app's own page belongs to its section), as in the main navigation. */
export function SettingsNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Settings" className="border-b border-slate-200 bg-white p-3 md:w-60 md:border-r md:border-b-0 dark:border-slate-800 dark:bg-slate-900">
      <h2 className="px-3 text-xs font-semibold text-slate-600 uppercase dark:text-slate-400">Settings</h2>
      <ul className="mt-1 flex gap-1 overflow-x-auto md:flex-col">
        {sections.map((s) => {
          const current = pathname === s.href || pathname.startsWith(`${s.href}/`);
          return (
            <li key={s.href}>
              <Link
                href={s.href}
                aria-current={current ? 'page' : undefined}
                className={`block rounded-md px-3 py-1.5 text-sm whitespace-nowrap ${current ? 'bg-indigo-50 font-medium text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200' : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'}`}
              >
                {s.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
