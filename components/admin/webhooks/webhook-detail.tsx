'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { OneTimeSecret } from '@/components/ui/one-time-secret';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { LoadError, Loading } from '@/components/ui/load-error';
import { Time } from '@/components/ui/time';
import { ApiError } from '@/components/data/api';
import { useDeleteWebhook, useRotateWebhookSecret, useTestWebhook, useWebhook } from '@/components/data/webhooks';
import { DeliveryLog } from './delivery-log';
import { ActiveBadge, attemptOutcome, DisabledReason, eventsText } from './labels';
import { WebhookForm } from './webhook-form';
import type { DeliveryStatus, WebhookEvent } from './webhook-form-values';

type Confirming = 'rotate' | 'delete' | null;

/** One webhook: what it sends where, its actions (edit, rotate the secret, test, delete) and its delivery log. */
export function WebhookDetail({ id, events, statuses }: { id: number; events: readonly WebhookEvent[]; statuses: readonly DeliveryStatus[] }) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const one = useWebhook(id);
  const webhook = one.data?.data;

  const rotate = useRotateWebhookSecret(id, { onSuccess: ({ data }) => setSecret(data.secret) });
  const test = useTestWebhook(id);
  const remove = useDeleteWebhook(id, { onSuccess: () => router.push('/admin/webhooks') });

  if (one.isError) {
    if (one.error instanceof ApiError && one.error.status === 404) {
      return (
        <div>
          <h1 className="text-xl font-semibold">No such webhook</h1>
          <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">
            It may have been deleted.{' '}
            <Link href="/admin/webhooks" className="text-indigo-700 underline dark:text-indigo-300">
              Back to the webhooks
            </Link>
          </p>
        </div>
      );
    }
    return <LoadError what="The webhook" error={one.error} onRetry={() => void one.refetch()} className="" />;
  }
  if (!webhook) return <Loading className="">Loading the webhook…</Loading>;

  const testAttempt = test.data?.data.attempts.at(-1);
  const testSucceeded = test.data?.data.status === 'succeeded';

  return (
    <div>
      <Link href="/admin/webhooks" className="text-sm text-indigo-700 underline dark:text-indigo-300">
        All webhooks
      </Link>
      <section aria-labelledby="webhook-title" className="mt-2">
        <div className="flex flex-wrap items-start gap-2">
          <div className="mr-auto min-w-0">
            <h1 id="webhook-title" className="text-xl font-semibold">
              Webhook <span className="font-mono text-base break-all">{webhook.url}</span>
            </h1>
            {webhook.description && <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">{webhook.description}</p>}
          </div>
          <ActiveBadge webhook={webhook} />
        </div>
        {webhook.disabled_reason && <DisabledReason reason={webhook.disabled_reason} className="mt-2 max-w-3xl" />}

        <dl className="mt-3 grid max-w-3xl grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-600 dark:text-slate-400">Events</dt>
          <dd className="font-mono">{eventsText(webhook.events)}</dd>
          <dt className="text-slate-600 dark:text-slate-400">Secret</dt>
          <dd>
            <span className="font-mono">{webhook.secret_prefix}…</span>
            {webhook.previous_secret_expires_at && (
              <span className="text-slate-600 dark:text-slate-400">
                {' '}
                (the previous secret also signs until <Time value={webhook.previous_secret_expires_at} />)
              </span>
            )}
          </dd>
        </dl>

        <div className="mt-4 flex flex-wrap gap-2">
          <Button variant="secondary" onClick={() => setEditing(true)} disabled={editing}>
            Edit
          </Button>
          <Button variant="secondary" onClick={() => test.mutate()} disabled={test.isPending}>
            {test.isPending ? 'Sending…' : 'Send test event'}
          </Button>
          <Button variant="secondary" onClick={() => setConfirming('rotate')} disabled={rotate.isPending}>
            Rotate secret
          </Button>
          <Button variant="ghost" onClick={() => setConfirming('delete')} disabled={remove.isPending}>
            Delete
          </Button>
        </div>

        <div role="status" className="mt-3 max-w-3xl text-sm empty:hidden">
          {test.isSuccess && (
            <p
              data-testid="test-result"
              className={`rounded-md border p-2 ${testSucceeded ? 'border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-200' : 'border-red-200 bg-red-50 text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200'}`}
            >
              {testSucceeded ? 'Test event delivered' : 'Test event not delivered'}: {testAttempt ? attemptOutcome(testAttempt) : 'not attempted'} (a{' '}
              <span className="font-mono">ping</span>, delivery {test.data.data.id}).
            </p>
          )}
        </div>
        {[
          { failed: test.error, what: 'The test event could not be sent' },
          { failed: rotate.error, what: 'The secret was not rotated' },
          { failed: remove.error, what: 'The webhook was not deleted' },
        ].map(({ failed, what }) =>
          failed ? (
            <p key={what} role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
              {what}: {failed.message}
            </p>
          ) : null,
        )}

        {secret && (
          <OneTimeSecret title="New signing secret" what="signing secret" value={secret} testId="webhook-secret" onDone={() => setSecret(null)}>
            <p>
              Requests are signed with this secret from now on; for 24 hours the previous one signs too (X-Loopdesk-Signature-Previous), so update your receiver
              within that time.
            </p>
          </OneTimeSecret>
        )}

        {editing && <WebhookForm events={events} webhook={webhook} onSaved={() => setEditing(false)} onCancel={() => setEditing(false)} />}
      </section>

      <DeliveryLog webhookId={id} statuses={statuses} />

      {confirming === 'rotate' && (
        <ConfirmDialog
          title="Rotate the signing secret?"
          confirmLabel="Rotate secret"
          danger={false}
          onCancel={() => setConfirming(null)}
          onConfirm={() => {
            setConfirming(null);
            rotate.mutate();
          }}
        >
          A new secret is made and shown once. The current one keeps signing beside it for 24 hours; rotating again within them drops the oldest.
        </ConfirmDialog>
      )}
      {confirming === 'delete' && (
        <ConfirmDialog
          title="Delete this webhook?"
          confirmLabel="Delete"
          onCancel={() => setConfirming(null)}
          onConfirm={() => {
            setConfirming(null);
            remove.mutate();
          }}
        >
          Events stop going to {webhook.url} at once, and its delivery log is deleted with it.
        </ConfirmDialog>
      )}
    </div>
  );
}
