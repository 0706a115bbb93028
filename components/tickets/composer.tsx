'use client';

import { useEffect, useState, type ClipboardEvent, type DragEvent } from 'react';
import { Button } from '@/components/ui/button';
import { useSendReply } from '@/components/data/tickets';

type Kind = 'public' | 'internal';
// `key` tells apart two files of the same name in the list, so removing one never removes the other.
type Pending = { key: string; filename: string; content: string; size: number };

const draftKey = (ticketId: number) => `loopdesk:draft:${ticketId}`;

let filesRead = 0;

function readFile(file: File): Promise<Pending> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () =>
      resolve({ key: String(++filesRead), filename: file.name || 'pasted-file', content: String(reader.result).replace(/^data:[^,]*,/, ''), size: file.size });
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read'));
    reader.readAsDataURL(file);
  });
}

/**
 * Reply or internal note, with attachments by drag-and-drop, paste or picker. The text is kept in
 * this browser as it is typed, so a reload or a crash loses nothing; sending clears it.
 */
export function Composer(props: { ticketId: number; onTyping: (typing: boolean) => void }) {
  // Another ticket starts a composer of its own, so no text or file moves from one ticket to the next.
  return <TicketComposer key={props.ticketId} {...props} />;
}

function TicketComposer({ ticketId, onTyping }: { ticketId: number; onTyping: (typing: boolean) => void }) {
  // The ticket view waits for its ticket in the browser, so the composer mounts there and starts from the draft.
  const [text, setText] = useState(() => localStorage.getItem(draftKey(ticketId)) ?? '');
  const [kind, setKind] = useState<Kind>('public');
  const [files, setFiles] = useState<Pending[]>([]);

  useEffect(() => {
    if (text) localStorage.setItem(draftKey(ticketId), text);
    else localStorage.removeItem(draftKey(ticketId));
  }, [text, ticketId]);

  // Typing: the text changed in the last few seconds.
  useEffect(() => {
    if (!text) return onTyping(false);
    onTyping(true);
    const idle = setTimeout(() => onTyping(false), 4_000);
    return () => clearTimeout(idle);
  }, [text, onTyping]);

  // The ticket is refreshed by the hook once the reply is in.
  const send = useSendReply(ticketId, {
    onSuccess: () => {
      setText('');
      setFiles([]);
    },
  });
  const statusError = send.data?.statusError;
  const sendAs = (thenStatus: 'resolved' | null) =>
    send.mutate({ reply: { content: text, type: kind, attachments: files.map(({ filename, content }) => ({ filename, content })) }, thenStatus });

  async function addFiles(list: FileList | null) {
    if (!list || list.length === 0) return;
    const read = await Promise.all([...list].map(readFile));
    setFiles((current) => [...current, ...read]);
  }

  return (
    <section aria-labelledby="composer-title" className="mt-6 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
      <h2 id="composer-title" className="sr-only">
        Reply
      </h2>
      <div role="radiogroup" aria-label="Kind of message" className="flex gap-2 text-sm">
        {(['public', 'internal'] as const).map((k) => (
          <label
            key={k}
            className={`cursor-pointer rounded-md px-3 py-1 ${kind === k ? 'bg-indigo-50 font-medium text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200' : 'text-slate-700 dark:text-slate-300'}`}
          >
            <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} className="sr-only" />
            {k === 'public' ? 'Public reply' : 'Internal note'}
          </label>
        ))}
      </div>
      <label htmlFor="reply-text" className="sr-only">
        {kind === 'public' ? 'Reply to the customer' : 'Internal note for agents'}
      </label>
      <textarea
        id="reply-text"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onPaste={(e: ClipboardEvent) => void addFiles(e.clipboardData.files)}
        onDrop={(e: DragEvent) => {
          e.preventDefault();
          void addFiles(e.dataTransfer.files);
        }}
        onDragOver={(e) => e.preventDefault()}
        rows={5}
        placeholder={kind === 'public' ? 'Write a reply… (drop or paste files to attach)' : 'Write a note only agents see…'}
        className={`mt-2 block w-full rounded-md border px-3 py-2 text-sm dark:bg-slate-950 ${kind === 'internal' ? 'border-amber-300 bg-amber-50 dark:border-amber-800' : 'border-slate-300 dark:border-slate-700'}`}
      />
      {files.length > 0 && (
        <ul className="mt-2 flex flex-wrap gap-2 text-xs" aria-label="Files to attach">
          {files.map((f) => (
            <li key={f.key} className="flex items-center gap-1 rounded border border-slate-300 px-2 py-1 dark:border-slate-700">
              📎 {f.filename}
              <button type="button" aria-label={`Remove ${f.filename}`} onClick={() => setFiles(files.filter((other) => other !== f))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <label className="cursor-pointer text-sm text-indigo-700 hover:underline dark:text-indigo-300">
          Attach files
          <input type="file" multiple className="sr-only" onChange={(e) => void addFiles(e.target.files)} />
        </label>
        <span className="flex-1" />
        {send.isError && (
          <span role="alert" className="text-sm text-red-800 dark:text-red-300">
            Not sent: {send.error.message}
          </span>
        )}
        {statusError && (
          <span role="alert" className="text-sm text-red-800 dark:text-red-300">
            Reply sent; the status was not changed: {statusError}
          </span>
        )}
        <Button variant="secondary" disabled={!text.trim() || send.isPending} onClick={() => sendAs('resolved')}>
          Send and resolve
        </Button>
        <Button disabled={!text.trim() || send.isPending} onClick={() => sendAs(null)}>
          {send.isPending ? 'Sending…' : kind === 'public' ? 'Send reply' : 'Add note'}
        </Button>
      </div>
    </section>
  );
}
