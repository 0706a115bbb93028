import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { guideBySlug, guideHref, guides } from './guides';

// Guide text is written as direct children of the article, so these styles never reach into a code sample.
const prose = [
  // Text keeps a readable measure; code samples and tables take the page's width.
  'text-slate-800 [&>p]:max-w-3xl [&>ul]:max-w-3xl [&>ol]:max-w-3xl',
  '[&>h2]:mt-10 [&>h2]:scroll-mt-6 [&>h2]:text-lg [&>h2]:font-semibold [&>h2]:text-slate-900',
  '[&>h3]:mt-6 [&>h3]:font-semibold [&>h3]:text-slate-900',
  '[&>p]:mt-3 [&>p]:leading-7',
  '[&>ul]:mt-3 [&>ul]:list-disc [&>ul]:pl-6 [&>ol]:mt-3 [&>ol]:list-decimal [&>ol]:pl-6 [&_li]:mt-1.5 [&_li]:leading-7',
  '[&_a]:rounded-sm [&_a]:text-indigo-700 [&_a]:underline [&_a]:underline-offset-2 [&_a]:focus-visible:outline-2 [&_a]:focus-visible:outline-offset-2 [&_a]:focus-visible:outline-indigo-600',
  '[&_:not(pre)>code]:rounded [&_:not(pre)>code]:bg-slate-100 [&_:not(pre)>code]:px-1 [&_:not(pre)>code]:text-[0.9em] [&_:not(pre)>code]:text-slate-900',
  '[&_table]:mt-4 [&_table]:w-full [&_table]:text-left [&_table]:text-sm',
  '[&_th]:border-b [&_th]:border-slate-300 [&_th]:py-2 [&_th]:pr-4 [&_th]:font-semibold [&_th]:align-bottom',
  '[&_td]:border-b [&_td]:border-slate-200 [&_td]:py-2 [&_td]:pr-4 [&_td]:align-top',
].join(' ');

export function guideMetadata(slug: string): Metadata {
  const guide = guideBySlug(slug);
  return { title: `${guide.title} · Loopdesk API guides`, description: guide.summary };
}

/** A guide: its title and summary from the guide list, the text, then the way on. */
export function GuidePage({ slug, children }: { slug: string; children: ReactNode }) {
  const guide = guideBySlug(slug);
  const next = guides[guides.indexOf(guide) + 1];
  return (
    <article className={prose}>
      <h1 className="text-2xl font-semibold text-slate-900">{guide.title}</h1>
      <p className="text-lg text-slate-700">{guide.summary}</p>
      {children}
      <p className="mt-12 border-t border-slate-200 pt-4 text-sm">
        {next ? (
          <>
            Next: <Link href={guideHref(next.slug)}>{next.title}</Link>.{' '}
          </>
        ) : null}
        Every endpoint, field and answer is in the <Link href="/docs">API reference</Link>.
      </p>
    </article>
  );
}

/** A few lines shown inline (a header, an envelope): longer samples are runnable files, shown by CodeSamples. */
export function Snippet({ children }: { children: string }) {
  return (
    <pre className="mt-3 rounded-md bg-slate-100 px-4 py-3 text-[13px] leading-relaxed break-words whitespace-pre-wrap text-slate-900">
      <code>{children}</code>
    </pre>
  );
}

/** A link to another guide, titled as the guide list names it; an unknown slug fails the render rather than leaving a dead link. */
export function GuideLink({ slug, section, children }: { slug: string; section?: string; children?: ReactNode }) {
  const guide = guideBySlug(slug);
  return <Link href={`${guideHref(guide.slug)}${section ? `#${section}` : ''}`}>{children ?? guide.title}</Link>;
}

/** Terms (parameters, headers, events) and what each means, as a two-column table. */
export function TermTable({ columns, rows, terms = 'code' }: { columns: [string, string]; rows: [string, string][]; terms?: 'code' | 'text' }) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{columns[0]}</th>
          <th scope="col">{columns[1]}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([term, meaning]) => (
          <tr key={term}>
            <td>{terms === 'code' ? <code>{term}</code> : term}</td>
            <td>{meaning}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
