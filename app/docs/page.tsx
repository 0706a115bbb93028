import type { Metadata } from 'next';
import Link from 'next/link';
import { SwaggerReference } from '@/components/docs/swagger-reference';

export const metadata: Metadata = { title: 'API reference · Loopdesk' };

// GET /docs – the API reference, rendered by Swagger UI from /openapi.json
export default function DocsPage() {
  return (
    <main className="min-h-screen bg-white">
      <link rel="stylesheet" href="/docs/assets/swagger-ui.css" precedence="default" />
      <header className="border-b border-slate-200 px-6 py-4">
        <h1 className="text-xl font-semibold text-slate-900">Loopdesk API reference</h1>
        <p className="mt-1 text-sm text-slate-700">
          Every endpoint of <code>/api/v1</code>, from{' '}
          <Link href="/openapi.json" className="text-indigo-700 underline">
            /openapi.json
          </Link>
          . “Try it out” calls this desk: as you, when you are signed in, or with an API key or OAuth token given under Authorize.
        </p>
      </header>
      <SwaggerReference />
    </main>
  );
}
