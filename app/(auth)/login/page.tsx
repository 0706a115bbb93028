import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/auth/sign-in-form';
import { currentAgent } from '@/lib/auth/current';
import { sameSitePath } from '@/lib/auth/redirect';

export const metadata: Metadata = { title: 'Sign in · Loopdesk' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  // Only paths on this site: a crafted link must not send a fresh sign-in elsewhere.
  const next = sameSitePath(callbackUrl);
  if (await currentAgent()) redirect(next);
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-100 px-4 dark:bg-slate-950">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <h1 className="text-2xl font-semibold text-slate-900 dark:text-slate-50">Sign in to Loopdesk</h1>
        <SignInForm next={next} />
      </div>
    </main>
  );
}
