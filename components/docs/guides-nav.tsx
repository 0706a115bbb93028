'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { guideHref, guides } from './guides';

const link =
  'rounded-sm text-indigo-700 underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 aria-[current=page]:font-semibold aria-[current=page]:text-slate-900';

/** The guides as links; the one being read is marked for screen readers and sighted readers alike. */
export function GuidesNav({ layout }: { layout: 'bar' | 'sidebar' }) {
  const pathname = usePathname();
  const current = (href: string) => (pathname === href ? 'page' : undefined);
  const list = layout === 'bar' ? 'flex flex-wrap gap-x-4 gap-y-1 text-sm' : 'space-y-2 text-sm';
  return (
    <nav aria-label="Guides" className={layout === 'sidebar' ? 'w-56 shrink-0' : 'mt-3'}>
      {layout === 'sidebar' ? (
        <ul className="mb-4 space-y-2 border-b border-slate-200 pb-4 text-sm">
          <li>
            <Link href="/docs" className={link}>
              API reference
            </Link>
          </li>
          <li>
            <Link href="/docs/guides" className={link} aria-current={current('/docs/guides')}>
              All guides
            </Link>
          </li>
        </ul>
      ) : (
        <h2 className="mb-1 text-sm font-semibold text-slate-900">Guides</h2>
      )}
      <ul className={list}>
        {guides.map((guide) => (
          <li key={guide.slug}>
            <Link href={guideHref(guide.slug)} className={link} aria-current={current(guideHref(guide.slug))}>
              {guide.title}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
