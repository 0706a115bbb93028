'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';

/** Copies `value` to the clipboard and says so, or says to copy by hand when the browser refuses. */
export function CopyButton({ value, what, className = 'text-slate-700 dark:text-slate-300' }: { value: string; what: string; className?: string }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  }

  return (
    <>
      <Button variant="secondary" onClick={() => void copy()}>
        Copy<span className="sr-only"> {what}</span>
      </Button>
      <span role="status" className={className}>
        {copied === 'yes' ? 'Copied.' : copied === 'failed' ? `This browser refused the clipboard: select the ${what} and copy it by hand.` : ''}
      </span>
    </>
  );
}
