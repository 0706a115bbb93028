import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Page not found · Loopdesk' };

/**
 * Any address Loopdesk does not know, signed in (inside the desk) or out (on its own, so it sets its
 * own colours). The link goes to the inbox, which sends a signed-out visitor on to sign in and back.
 */
export default function NotFound() {
  return (
    <main className="mx-auto max-w-xl p-8 text-slate-900 dark:text-slate-100" data-testid="not-found">
      <p className="text-sm font-semibold text-indigo-700 dark:text-indigo-300">404</p>
      <h1 className="mt-1 text-xl font-semibold">Page not found</h1>
      <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">Nothing is at this address: the link may be mistyped, or what it led to was deleted.</p>
      <Link href="/tickets" className="mt-4 inline-block rounded-sm text-sm font-medium text-indigo-700 underline dark:text-indigo-300">
        Go to the inbox
      </Link>
    </main>
  );
}
