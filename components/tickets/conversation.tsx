'use client';

import type { ReactNode } from 'react';
import { Time } from '@/components/ui/time';
import type { TicketJson } from '@/lib/tickets/schema';
import { MentionsHighlighted } from '@/components/notifications/mention-text';
import { AttachmentItem } from './attachment-preview';
import { ViaEmail } from './labels';
import { MessageBody } from './message-body';
import { ReplyEmailStatus } from './reply-email';

type Attachment = TicketJson['attachments'][number];

/** The ticket's messages, oldest first: the customer's description, then every reply and internal note, then the ticket's own files. */
export function Conversation({ ticket }: { ticket: TicketJson }) {
  return (
    <>
      <ol className="mt-4 space-y-3" aria-label="Conversation">
        {ticket.description && (
          <Message
            author={ticket.customer?.name ?? 'Customer'}
            when={ticket.created_at}
            internal={false}
            text={ticket.description}
            html={ticket.description_html}
            emailed={ticket.channel === 'email'}
          />
        )}
        {ticket.replies.map((reply) => (
          <Message
            key={reply.id}
            author={reply.author.name ?? 'Unknown'}
            when={reply.created_at}
            internal={reply.type === 'internal'}
            text={reply.content}
            html={reply.html}
            emailed={reply.channel === 'email'}
            markdown={reply.author.type === 'agent' && reply.channel !== 'email'}
            attachments={reply.attachments}
          >
            {/* Only a public reply by an agent is emailed to the customer; `email` is null when none was sent. */}
            {reply.email && <ReplyEmailStatus ticketId={ticket.id} replyId={reply.id} email={reply.email} />}
          </Message>
        ))}
      </ol>
      <TicketFiles ticket={ticket} />
    </>
  );
}

/** Files added to the ticket itself; those sent with a reply are shown with it. */
function TicketFiles({ ticket }: { ticket: TicketJson }) {
  const inReplies = new Set(ticket.replies.flatMap((r) => r.attachments.map((a) => a.id)));
  const own = ticket.attachments.filter((a) => !inReplies.has(a.id));
  return own.length > 0 ? <AttachmentList attachments={own} /> : null;
}

function Message(props: {
  author: string;
  when: string;
  internal: boolean;
  text: string;
  html: string | null;
  emailed: boolean;
  /** Written in the desk's composer (web or API by an agent): its Markdown is shown formatted. */
  markdown?: boolean;
  attachments?: Attachment[];
  children?: ReactNode;
}) {
  return (
    <li
      data-testid={props.internal ? 'internal-note' : 'public-message'}
      className={`rounded-lg border p-3 ${props.internal ? 'border-amber-300 bg-amber-50 dark:border-amber-800 dark:bg-amber-950' : 'border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900'}`}
    >
      <div className="flex items-baseline justify-between gap-2 text-sm">
        <span className="font-medium">
          {props.author}
          {props.internal && (
            <span className="ml-2 rounded bg-amber-200 px-1.5 py-0.5 text-xs text-amber-900 dark:bg-amber-800 dark:text-amber-100">Internal note</span>
          )}
          {props.emailed && <ViaEmail className="ml-2" />}
        </span>
        <Time value={props.when} className="text-xs text-slate-600 dark:text-slate-400" />
      </div>
      <MentionsHighlighted on={props.internal}>
        <MessageBody text={props.text} html={props.html} emailed={props.emailed} author={props.author} markdown={props.markdown} />
      </MentionsHighlighted>
      {props.attachments && props.attachments.length > 0 && <AttachmentList attachments={props.attachments} />}
      {props.children}
    </li>
  );
}

function AttachmentList({ attachments }: { attachments: Attachment[] }) {
  return (
    <ul className="mt-2 flex flex-wrap gap-2" aria-label="Attachments">
      {attachments.map((file) => (
        <AttachmentItem key={file.id} file={file} />
      ))}
    </ul>
  );
}
