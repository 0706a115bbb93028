'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  createMailboxSchema,
  EmailSettingsJson,
  MailboxJson,
  MailboxTestJson,
  MailboxWithTokenJson,
  NotificationPreferencesJson,
  ReplyEmailJson,
  updateEmailSettingsSchema,
  updateMailboxSchema,
  updateNotificationsSchema,
} from '@/lib/email/schema';
import { api, type Answer } from './api';
import { useChange, type MutationCallbacks } from './mutation';
import { ticketKeys } from './tickets';

export type NewMailbox = z.input<typeof createMailboxSchema>;
export type MailboxChange = z.input<typeof updateMailboxSchema>;
export type EmailSettingsChange = z.input<typeof updateEmailSettingsSchema>;
export type NotificationsChange = z.input<typeof updateNotificationsSchema>;

/** A mailbox's test result sits under the mailbox: the list refreshes it with the error the test may have cleared or set. */
export const mailboxKeys = {
  all: ['mailboxes'] as const,
  lists: () => [...mailboxKeys.all, 'list'] as const,
  list: (request: string) => [...mailboxKeys.lists(), request] as const,
};

/** Instance-wide email settings: read by Admin → Email and by every ticket's composer (is SMTP set up?). */
export const emailSettingsKeys = { all: ['settings', 'email'] as const };

/** The signed-in agent's own notification switches. */
export const notificationKeys = { all: ['me', 'notifications'] as const };

const refreshMailboxes = (queryClient: QueryClient) => queryClient.invalidateQueries({ queryKey: mailboxKeys.all });

/** A page of mailboxes, `request` being `/mailboxes?…`. */
export function useMailboxes(request: string) {
  return useQuery({ queryKey: mailboxKeys.list(request), queryFn: () => api<MailboxJson[]>('GET', request), placeholderData: keepPreviousData });
}

/** Answers with the relay token, shown this once. */
export function useCreateMailbox(callbacks?: MutationCallbacks<Answer<MailboxWithTokenJson>, NewMailbox>) {
  return useChange({ mutationFn: (mailbox: NewMailbox) => api<MailboxWithTokenJson>('POST', '/mailboxes', mailbox), refresh: refreshMailboxes }, callbacks);
}

export function useUpdateMailbox(callbacks?: MutationCallbacks<Answer<MailboxJson>, { id: number; change: MailboxChange }>) {
  return useChange(
    {
      mutationFn: ({ id, change }: { id: number; change: MailboxChange }) => api<MailboxJson>('PATCH', `/mailboxes/${id}`, change),
      refresh: refreshMailboxes,
    },
    callbacks,
  );
}

export function useDeleteMailbox(callbacks?: MutationCallbacks<unknown, MailboxJson>) {
  return useChange({ mutationFn: (mailbox: MailboxJson) => api('DELETE', `/mailboxes/${mailbox.id}`), refresh: refreshMailboxes }, callbacks);
}

/** A new relay token at once; the old one stops working. Answers with the new token, shown this once. */
export function useRotateMailboxToken(callbacks?: MutationCallbacks<Answer<MailboxWithTokenJson>, MailboxJson>) {
  return useChange(
    { mutationFn: (mailbox: MailboxJson) => api<MailboxWithTokenJson>('POST', `/mailboxes/${mailbox.id}/rotate-token`), refresh: refreshMailboxes },
    callbacks,
  );
}

/** Signs in to the mailbox's IMAP server once; the list refreshes, since a test sets or clears the mailbox's last error. */
export function useTestMailbox(callbacks?: MutationCallbacks<Answer<MailboxTestJson>, MailboxJson>) {
  return useChange(
    { mutationFn: (mailbox: MailboxJson) => api<MailboxTestJson>('POST', `/mailboxes/${mailbox.id}/test`), refresh: refreshMailboxes },
    callbacks,
  );
}

export function useEmailSettings() {
  return useQuery({ queryKey: emailSettingsKeys.all, queryFn: () => api<EmailSettingsJson>('GET', '/settings/email') });
}

export function useUpdateEmailSettings(callbacks?: MutationCallbacks<Answer<EmailSettingsJson>, EmailSettingsChange>) {
  return useChange(
    {
      mutationFn: (change: EmailSettingsChange) => api<EmailSettingsJson>('PATCH', '/settings/email', change),
      refresh: async (queryClient, answer) => queryClient.setQueryData(emailSettingsKeys.all, answer),
    },
    callbacks,
  );
}

/** Queues a reply's email again (a failed one, or one the customer says never came); the ticket then shows it queued. */
export function useResendReplyEmail(ticketId: number, callbacks?: MutationCallbacks<Answer<ReplyEmailJson>, { replyId: number }>) {
  return useChange(
    {
      mutationFn: ({ replyId }: { replyId: number }) => api<ReplyEmailJson>('POST', `/tickets/${ticketId}/replies/${replyId}/email`),
      refresh: (queryClient) => queryClient.invalidateQueries({ queryKey: ticketKeys.detail(ticketId) }),
      awaitRefresh: true,
    },
    callbacks,
  );
}

export function useNotificationPreferences() {
  return useQuery({ queryKey: notificationKeys.all, queryFn: () => api<NotificationPreferencesJson>('GET', '/me/notifications') });
}

/** Optimistic: a switch moves at once and moves back if the API refuses the change. */
export function useUpdateNotificationPreferences() {
  const queryClient = useQueryClient();
  const key = notificationKeys.all;
  return useMutation({
    mutationFn: (change: NotificationsChange) => api<NotificationPreferencesJson>('PUT', '/me/notifications', change),
    onMutate: async (change) => {
      await queryClient.cancelQueries({ queryKey: key });
      const before = queryClient.getQueryData<Answer<NotificationPreferencesJson>>(key);
      if (before) queryClient.setQueryData(key, { ...before, data: { ...before.data, ...change, in_app: { ...before.data.in_app, ...change.in_app } } });
      return { before };
    },
    onError: (_error, _change, context) => context?.before && queryClient.setQueryData(key, context.before),
    onSuccess: (answer) => queryClient.setQueryData(key, answer),
  });
}
