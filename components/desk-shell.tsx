'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { signOut } from 'next-auth/react';
import { forgetDrafts } from '@/components/tickets/draft-files';
import type { ReactNode } from 'react';
import { NotificationBell } from '@/components/notifications/notification-bell';
import { Button } from '@/components/ui/button';
import { useCurrentAgent } from './current-agent';

const links = [
  { href: '/tickets', label: 'Inbox' },
  { href: '/customers', label: 'Customers' },
  { href: '/reports', label: 'Reports' },
];
const adminLinks = [{ href: '/admin', label: 'Settings' }];

/** The signed-in frame: navigation, who is signed in, sign-out. */
export function DeskShell({ children }: { children: ReactNode }) {
  const agent = useCurrentAgent();
  const pathname = usePathname();
  return (
    <div className="flex min-h-screen flex-col bg-slate-50 text-slate-900 dark:bg-slate-950 dark:text-slate-100">
      <header className="flex flex-wrap items-center gap-x-6 gap-y-2 border-b border-slate-200 bg-white px-4 py-2 dark:border-slate-800 dark:bg-slate-900">
        <Link href="/tickets" className="text-lg font-semibold text-indigo-700 dark:text-indigo-300">
          Loopdesk
        </Link>
        <nav aria-label="Main" className="order-last -mx-2 flex w-full gap-1 overflow-x-auto sm:order-none sm:mx-0 sm:w-auto">
          {[...links, ...(agent.role === 'admin' ? adminLinks : [])].map((link) => {
            const current = pathname === link.href || pathname.startsWith(`${link.href}/`);
            return (
              <Link
                key={link.href}
                href={link.href}
                aria-current={current ? 'page' : undefined}
                className={`rounded-md px-3 py-1.5 text-sm font-medium ${current ? 'bg-indigo-50 text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200' : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'}`}
              >
                {link.label}
              </Link>
            );
          })}
        </nav>
        <div className="ml-auto flex items-center gap-3 text-sm">
          <NotificationBell />
          <Link href="/profile" className="text-slate-700 hover:underline dark:text-slate-300" title="Your profile">
            <span className="sr-only sm:not-sr-only" data-testid="signed-in-as">
              {agent.name}
            </span>
          </Link>
          <Button variant="secondary" onClick={() => void forgetDrafts().then(() => signOut({ redirectTo: '/login' }))}>
            Sign out
          </Button>
        </div>
      </header>
      <main className="flex-1">{children}</main>
    </div>
  );
}
