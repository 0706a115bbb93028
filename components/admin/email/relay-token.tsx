'use client';

import { OneTimeSecret } from '@/components/ui/one-time-secret';
import type { MailboxWithTokenJson } from '@/lib/email/schema';

const RELAY_PATH = '/api/v1/inbound/email';

/**
 * A mailbox's relay token, shown once (on create and on rotation), with how a relay (a Postfix
 * pipe, a provider's raw-MIME forward) hands a message to the inbound endpoint with it.
 */
export function RelayToken(props: { mailbox: MailboxWithTokenJson; rotated: boolean; tokenHeader: string; onDone: () => void }) {
  const { mailbox, rotated, tokenHeader } = props;
  // Shown only after an action in the browser, so the address the admin is using is known.
  const url = new URL(RELAY_PATH, window.location.origin).toString();
  return (
    <OneTimeSecret
      title={rotated ? `New relay token for ${mailbox.name}` : `Mailbox ${mailbox.name} created`}
      what="relay token"
      value={mailbox.inbound_token}
      testId="mailbox-token"
      onDone={props.onDone}
    >
      <p>
        {rotated ? 'The previous token stops working now. ' : ''}
        {mailbox.imap_host
          ? `Mail is fetched from ${mailbox.imap_host}. A relay can also deliver to this mailbox directly.`
          : 'This mailbox is relay only: it receives mail that a relay posts to Loopdesk.'}{' '}
        Post each raw message (<code className="font-mono">Content-Type: message/rfc822</code>) to{' '}
        <code className="font-mono break-all" data-testid="relay-url">
          {url}
        </code>{' '}
        with the token in the <code className="font-mono">{tokenHeader}</code> header, for example:
      </p>
      <pre className="rounded border border-slate-300 bg-white p-2 font-mono text-xs break-all whitespace-pre-wrap dark:border-slate-600 dark:bg-slate-900">
        {`curl -X POST '${url}' \\\n  -H '${tokenHeader}: <token>' \\\n  -H 'Content-Type: message/rfc822' \\\n  --data-binary @message.eml`}
      </pre>
      <p>The token:</p>
    </OneTimeSecret>
  );
}
