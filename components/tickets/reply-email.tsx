'use client';

import { useResendReplyEmail } from '@/components/data/email';
import { Badge, type Tone } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Time } from '@/components/ui/time';
import type { ReplyEmailJson } from '@/lib/email/schema';

const tones: Record<ReplyEmailJson['status'], Tone> = { queued: 'slate', sent: 'emerald', failed: 'red' };
const words: Record<ReplyEmailJson['status'], string> = { queued: 'Email queued', sent: 'Emailed', failed: 'Email failed' };

/**
 * Whether a public reply reached the customer's mailbox: queued (with the last attempt's error
 * while it is retried), sent, or failed with the SMTP server's answer and a way to send it again.
 */
export function ReplyEmailStatus({ ticketId, replyId, email }: { ticketId: number; replyId: number; email: ReplyEmailJson }) {
  const resend = useResendReplyEmail(ticketId);
  return (
    <div data-testid="reply-email" className="mt-2 flex flex-wrap items-center gap-2 text-xs">
      <Badge tone={tones[email.status]}>{words[email.status]}</Badge>
      {email.status === 'sent' && email.sent_at && <Time value={email.sent_at} className="text-slate-600 dark:text-slate-400" />}
      {email.error && (
        <span className={email.status === 'failed' ? 'text-red-700 dark:text-red-400' : 'text-slate-600 dark:text-slate-400'}>
          {email.status === 'failed' ? email.error : `Retrying: ${email.error}`}
        </span>
      )}
      {email.status === 'failed' && (
        <Button variant="secondary" disabled={resend.isPending} onClick={() => resend.mutate({ replyId })}>
          {resend.isPending ? 'Resending…' : 'Resend'}
          <span className="sr-only"> this reply by email</span>
        </Button>
      )}
      {resend.isError && (
        <span role="alert" className="text-red-700 dark:text-red-400">
          Not resent: {resend.error.message}
        </span>
      )}
    </div>
  );
}
