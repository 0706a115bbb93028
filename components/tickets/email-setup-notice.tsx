'use client';

import { useState } from 'react';
import { useEmailSettings } from '@/components/data/email';
import { Button } from '@/components/ui/button';

const dismissedKey = 'loopdesk:email-not-set-up-dismissed';

/**
 * Said once, beside the composer, while the server has no SMTP: replies are saved but reach no
 * customer. Dismissed for good in this browser.
 */
export function EmailSetupNotice() {
  const settings = useEmailSettings();
  // The ticket view renders in the browser once its ticket is in, so the storage can be read at once.
  const [dismissed, setDismissed] = useState(() => localStorage.getItem(dismissedKey) !== null);
  if (dismissed || settings.data?.data.smtp_configured !== false) return null;
  return (
    <section
      aria-label="Email is not set up"
      className="mt-4 flex flex-wrap items-center gap-2 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-300"
    >
      <p className="mr-auto">Email is not set up: replies are not emailed to customers.</p>
      <Button
        variant="ghost"
        onClick={() => {
          localStorage.setItem(dismissedKey, new Date().toISOString());
          setDismissed(true);
        }}
      >
        Dismiss<span className="sr-only"> the notice that email is not set up</span>
      </Button>
    </section>
  );
}
