import type { Metadata } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = { title: 'Loopdesk', description: 'The self-hosted helpdesk' };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading the request's nonce (proxy.ts) renders every page per request, so each gets its own.
  await headers();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased dark:bg-slate-950">{children}</body>
    </html>
  );
}
