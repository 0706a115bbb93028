import Link from 'next/link';
import type { ReactNode } from 'react';
import { GuidesNav } from '@/components/docs/guides-nav';

export default function GuidesLayout({ children }: { children: ReactNode }) {
  return (
    <div className="min-h-screen bg-white text-slate-900 [color-scheme:light]">
      <a
        href="#guide"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-indigo-700 focus:outline-2 focus:outline-indigo-600"
      >
        Skip to the guide
      </a>
      <header className="border-b border-slate-200 px-6 py-4">
        <p className="text-xl font-semibold">
          <Link
            href="/docs/guides"
            className="rounded-sm text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
          >
            Loopdesk API guides
          </Link>
        </p>
      </header>
      <div className="mx-auto flex max-w-7xl flex-col gap-8 px-6 py-8 md:flex-row md:gap-12">
        <GuidesNav layout="sidebar" />
        <main id="guide" tabIndex={-1} className="min-w-0 flex-1 focus:outline-none">
          {children}
        </main>
      </div>
    </div>
  );
}
