'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { CLIENT_HEADER, WEB_CLIENT } from '@/lib/api/client-header';

/**
 * Approve or Deny: the decision is posted with our client header (which another site cannot send),
 * and the browser then follows the answer back to the app, wherever its redirect URI points.
 */
export function ConsentForm({ query, canApprove }: { query: string; canApprove: boolean }) {
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function decide(approve: boolean) {
    setPending(true);
    setProblem(null);
    const response = await fetch('/oauth/authorize/decision', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [CLIENT_HEADER]: WEB_CLIENT },
      body: JSON.stringify({ query, approve }),
    }).catch(() => null);
    const body = (await response?.json().catch(() => null)) as { redirect_to?: string; error?: { message?: string } } | null;
    if (response?.ok && body?.redirect_to) {
      window.location.assign(body.redirect_to);
      return;
    }
    setPending(false);
    setProblem(body?.error?.message ?? 'The answer could not be sent; try again.');
  }

  return (
    <div className="mt-6">
      {problem && (
        <p role="alert" className="mb-3 text-sm text-red-700">
          {problem}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" disabled={pending} onClick={() => decide(false)}>
          Deny
        </Button>
        <Button disabled={pending || !canApprove} onClick={() => decide(true)}>
          Approve
        </Button>
      </div>
    </div>
  );
}
