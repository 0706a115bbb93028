import { InstanceEmailSettings } from './instance-email-settings';
import { MailboxList } from './mailbox-list';

/** Admin → Settings → Email: the mailboxes mail arrives in, then how mail goes out and the instance's limits. */
export function EmailSettings({ tokenHeader }: { tokenHeader: string }) {
  return (
    <div>
      <h1 className="text-xl font-semibold">Email</h1>
      <p className="mt-1 mb-4 max-w-3xl text-sm text-slate-700 dark:text-slate-300">
        Customers write in by email and get the agents&apos; public replies by email, threaded into the same conversation. Internal notes are never emailed.
      </p>
      <MailboxList tokenHeader={tokenHeader} />
      <InstanceEmailSettings />
    </div>
  );
}
