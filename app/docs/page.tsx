import type { Metadata } from 'next';
import Link from 'next/link';
import { GuidesNav } from '@/components/docs/guides-nav';
import { SwaggerReference } from '@/components/docs/swagger-reference';

export const metadata: Metadata = { title: 'API reference · Loopdesk' };

const link = 'rounded-sm text-indigo-700 underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600';

// GET /docs – the API reference, rendered by Swagger UI from /openapi.json, with the way to the guides
export default function DocsPage() {
  return (
    <div className="min-h-screen bg-white [color-scheme:light]">
      <link rel="stylesheet" href="/docs/assets/swagger-ui.css" precedence="default" />
      <header className="border-b border-slate-200 px-6 py-4">
        <h1 className="text-xl font-semibold text-slate-900">Loopdesk API reference</h1>
        <p className="mt-1 text-sm text-slate-700">
          Every endpoint of <code>/api/v1</code>, from{' '}
          <Link href="/openapi.json" className={link}>
            /openapi.json
          </Link>
          . “Try it out” calls this desk: as you, when you are signed in, or with an API key or OAuth token given under Authorize. New here? Start with the{' '}
          <Link href="/docs/guides" className={link}>
            guides
          </Link>
          .
        </p>
        <GuidesNav layout="bar" />
      </header>
      <main>
        <SwaggerReference />
      </main>
    </div>
  );
}
