export default function Home() {
  return (
    <main className="mx-auto max-w-2xl p-10">
      <h1 className="text-3xl font-semibold">Loopdesk</h1>
      <p className="mt-4 text-slate-600">
        The helpdesk is running. The REST API lives under <code className="font-mono">/api/v1</code>; check{' '}
        <a className="text-blue-700 underline" href="/api/v1/health">
          /api/v1/health
        </a>
        .
      </p>
    </main>
  );
}
