import type { Metadata } from 'next';
import Link from 'next/link';
import { guideHref, guides } from '@/components/docs/guides';

export const metadata: Metadata = { title: 'Guides · Loopdesk API' };

// GET /docs/guides – what to read before and beside the reference
export default function GuidesIndexPage() {
  return (
    <div className="max-w-3xl">
      <h1 className="text-2xl font-semibold text-slate-900">Guides</h1>
      <p className="mt-3 leading-7 text-slate-800">
        How to build on the Loopdesk API, with examples in curl, TypeScript (<code>sdk/typescript</code>) and Python (<code>sdk/python</code>). Every example is
        a file under <code>sdk/examples</code> that checks what its guide promises and exits non-zero when it does not happen. CI runs each one against a desk
        started for the test, after the Postman collection and both SDKs' suites have run on it. The{' '}
        <Link href="/docs" className="text-indigo-700 underline underline-offset-2">
          API reference
        </Link>{' '}
        has every endpoint; a Postman collection of it is at <code>GET /api/v1/postman.json</code>.
      </p>
      <ul className="mt-6 divide-y divide-slate-200 border-y border-slate-200">
        {guides.map((guide) => (
          <li key={guide.slug} className="py-4">
            <h2 className="font-semibold">
              <Link
                href={guideHref(guide.slug)}
                className="rounded-sm text-indigo-700 underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
              >
                {guide.title}
              </Link>
            </h2>
            <p className="mt-1 text-sm text-slate-700">{guide.summary}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
