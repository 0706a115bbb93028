import Link from 'next/link';

/** The 403 page: a signed-in agent opened something only admins may (the admin settings). */
export default function Forbidden() {
  return (
    <main className="mx-auto max-w-xl p-8" data-testid="admin-forbidden">
      <h1 className="text-xl font-semibold">Admins only</h1>
      <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">
        Settings are for admins. Ask an admin if something here needs changing.{' '}
        <Link href="/tickets" className="text-indigo-700 underline dark:text-indigo-300">
          Back to the inbox
        </Link>
      </p>
    </main>
  );
}
