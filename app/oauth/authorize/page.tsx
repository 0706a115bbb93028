import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { ConsentForm } from '@/components/oauth/consent-form';
import { getDb } from '@/db/client';
import { currentAgent } from '@/lib/auth/current';
import { checkAuthorization } from '@/lib/oauth/authorize';
import { scopeCatalogue, scopesOfRole } from '@/lib/oauth/scopes';

export const metadata: Metadata = { title: 'Authorize an app · Loopdesk' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

// GET /oauth/authorize – sign in if needed, then ask the agent to approve or deny the app
export default async function AuthorizePage({ searchParams }: { searchParams: SearchParams }) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(await searchParams)) for (const v of [value ?? []].flat()) query.append(name, v);
  const agent = await currentAgent();
  if (!agent) redirect(`/login?callbackUrl=${encodeURIComponent(`/oauth/authorize?${query}`)}`);
  const checked = await checkAuthorization(getDb(), query);
  if (checked.kind === 'redirect') redirect(checked.location);
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-100 px-4 dark:bg-slate-950">
      <div className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-8 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        {checked.kind === 'refuse' ? (
          <>
            <h1 className="text-xl font-semibold text-slate-900 dark:text-slate-50">This authorization link does not work</h1>
            <p role="alert" className="mt-3 text-sm text-slate-700 dark:text-slate-300">
              {checked.message}
            </p>
          </>
        ) : (
          <Consent agent={agent} checked={checked} query={query.toString()} />
        )}
      </div>
    </main>
  );
}

function Consent({
  agent,
  checked,
  query,
}: {
  agent: { name: string; role: 'agent' | 'admin' };
  checked: Extract<Awaited<ReturnType<typeof checkAuthorization>>, { kind: 'consent' }>;
  query: string;
}) {
  const { app, owner, scopes } = checked;
  const grantable: string[] = scopesOfRole(agent.role);
  const granted = scopes.filter((s) => grantable.includes(s));
  const withheld = scopes.filter((s) => !grantable.includes(s));
  return (
    <>
      {app.logoUrl && <img src={app.logoUrl} alt="" referrerPolicy="no-referrer" className="mb-4 h-12 w-12 rounded" />}
      <h1 className="text-xl font-semibold text-slate-900 dark:text-slate-50">{app.name} wants to use your Loopdesk account</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        {owner ? `Registered on this desk by ${owner}.` : 'Registered on this desk.'} Signed in as {agent.name}.
      </p>
      {app.description && <p className="mt-3 text-sm text-slate-700 dark:text-slate-300">{app.description}</p>}
      <h2 className="mt-5 text-sm font-semibold text-slate-900 dark:text-slate-100">It will be able to:</h2>
      <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-700 dark:text-slate-300" aria-label="Permissions asked for">
        {granted.map((s) => (
          <li key={s}>
            {scopeCatalogue[s].words} <span className="text-xs text-slate-500">({s})</span>
          </li>
        ))}
      </ul>
      {withheld.length > 0 && (
        <p className="mt-3 text-sm text-amber-700 dark:text-amber-400">
          It also asks for {withheld.join(', ')}, which your role cannot grant; it will not get {withheld.length === 1 ? 'it' : 'them'}.
        </p>
      )}
      <p className="mt-4 text-xs text-slate-500">It acts as you, never beyond your role. You can revoke it at any time under Settings → Authorized apps.</p>
      <ConsentForm query={query} canApprove={granted.length > 0} />
    </>
  );
}
