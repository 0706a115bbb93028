'use client';

import { useEffect, useMemo, useRef, useState, type ClipboardEvent, type DragEvent, type KeyboardEvent } from 'react';
import { useCurrentAgent } from '@/components/current-agent';
import { Button } from '@/components/ui/button';
import { useSendReply } from '@/components/data/tickets';
import { ComposerToolbar, handleFormatShortcut } from './composer-toolbar';
import { useMentionPicker } from '@/components/notifications/mention-picker';
import { MacroPicker, opensMacroPicker } from './macro-picker';
import { keepDraftFiles, keepDraftText, loadDraftFiles, loadDraftText, type DraftFile, type DraftOwner } from './draft-files';

type Kind = 'public' | 'internal';
type Pending = DraftFile;

// A label around a visually hidden input shows the input's keyboard focus.
const focusOnLabel =
  'has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-indigo-600 dark:has-[:focus-visible]:outline-indigo-400';

let filesRead = 0;

function readFile(file: File): Promise<Pending> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () =>
      // Unique across reloads too, as restored files sit beside new ones.
      resolve({
        key: `${Date.now().toString(36)}-${++filesRead}`,
        filename: file.name || 'pasted-file',
        content: String(reader.result).replace(/^data:[^,]*,/, ''),
        size: file.size,
      });
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read'));
    reader.readAsDataURL(file);
  });
}

/**
 * Reply or internal note, with attachments by drag-and-drop, paste or picker. The text and the files
 * are kept in this browser as they come, so a reload or a crash loses nothing; sending clears them.
 */
export function Composer(props: { ticketId: number; onTyping: (typing: boolean) => void }) {
  // Another ticket starts a composer of its own, so no text or file moves from one ticket to the next.
  return <TicketComposer key={props.ticketId} {...props} />;
}

function TicketComposer({ ticketId, onTyping }: { ticketId: number; onTyping: (typing: boolean) => void }) {
  const agentId = useCurrentAgent().id;
  const owner = useMemo<DraftOwner>(() => ({ agentId, ticketId }), [agentId, ticketId]);
  // The ticket view waits for its ticket in the browser, so the composer mounts there and starts from the draft.
  const [text, setText] = useState(() => loadDraftText(owner));
  const [kind, setKind] = useState<Kind>('public');
  const [files, setFiles] = useState<Pending[]>([]);
  const [restored, setRestored] = useState(false);
  // The list as last stored: the files shown are kept once it is the very same list.
  const [storedFiles, setStoredFiles] = useState<Pending[] | null>(null);
  const [storageRefused, setStorageRefused] = useState(false);

  useEffect(() => keepDraftText(owner, text), [text, owner]);

  // The draft's files come back from the browser's storage; any dropped meanwhile stay beside them.
  useEffect(() => {
    let live = true;
    loadDraftFiles(owner)
      .then((stored) => live && setFiles((current) => [...stored, ...current.filter((f) => !stored.some((s) => s.key === f.key))]))
      .catch(() => undefined)
      .finally(() => live && setRestored(true));
    return () => {
      live = false;
    };
  }, [owner]);

  // Stored only once restored, so an empty list never overwrites the kept one.
  useEffect(() => {
    if (!restored) return;
    let live = true;
    keepDraftFiles(owner, files).then(
      () => {
        if (!live) return;
        setStoredFiles(files);
        setStorageRefused(false);
      },
      () => live && setStorageRefused(true),
    );
    return () => {
      live = false;
    };
  }, [files, restored, owner]);

  // Where the browser keeps no files (storage refused, a private window), leaving asks first.
  const unkeptFiles = files.length > 0 && storageRefused;
  useEffect(() => {
    if (!unkeptFiles) return;
    const askFirst = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', askFirst);
    return () => window.removeEventListener('beforeunload', askFirst);
  }, [unkeptFiles]);

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

  const textarea = useRef<HTMLTextAreaElement>(null);
  const mentions = useMentionPicker(textarea, text, setText, kind === 'internal');
  const [macroPicker, setMacroPicker] = useState<false | 'hash' | 'other'>(false);
  // A macro's text replaces an empty draft, else goes in at the cursor; the agent edits it and sends.
  function insertMacro(body: string) {
    setMacroPicker(false);
    const box = textarea.current;
    const at = box && text.trim() ? [box.selectionStart, box.selectionEnd] : [0, text.length];
    setText(text.trim() ? text.slice(0, at[0]) + body + text.slice(at[1]) : body);
    requestAnimationFrame(() => box?.focus());
  }
  // Ctrl/⌘+Enter sends, with Shift a public reply is sent and resolved; Ctrl/⌘+B, I, K format.
  function onComposerKey(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (mentions.onKeyDown(event)) return;
    if (opensMacroPicker(event, text)) {
      event.preventDefault();
      return setMacroPicker(event.key === '#' ? 'hash' : 'other');
    }
    if (handleFormatShortcut(event, setText)) return;
    if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey) || event.altKey) return;
    event.preventDefault();
    if (!text.trim() || send.isPending) return;
    sendAs(event.shiftKey && kind === 'public' ? 'resolved' : null);
  }

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
            className={`cursor-pointer rounded-md px-3 py-1 ${focusOnLabel} ${kind === k ? 'bg-indigo-50 font-medium text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200' : 'text-slate-700 dark:text-slate-300'}`}
          >
            <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} className="sr-only" />
            {k === 'public' ? 'Public reply' : 'Internal note'}
          </label>
        ))}
      </div>
      <label htmlFor="reply-text" className="sr-only">
        {kind === 'public' ? 'Reply to the customer' : 'Internal note for agents'}
      </label>
      <ComposerToolbar textarea={textarea} setText={setText} />
      <textarea
        ref={textarea}
        id="reply-text"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onComposerKey}
        {...mentions.textareaProps}
        onPaste={(e: ClipboardEvent) => void addFiles(e.clipboardData.files)}
        onDrop={(e: DragEvent) => {
          e.preventDefault();
          void addFiles(e.dataTransfer.files);
        }}
        onDragOver={(e) => e.preventDefault()}
        rows={5}
        placeholder={kind === 'public' ? 'Write a reply… (drop or paste files to attach)' : 'Write a note only agents see… (type @ to mention an agent)'}
        className={`mt-2 block w-full rounded-md border px-3 py-2 text-sm dark:bg-slate-950 ${kind === 'internal' ? 'border-amber-300 bg-amber-50 dark:border-amber-800' : 'border-slate-300 dark:border-slate-700'}`}
      />
      {mentions.list}
      {macroPicker && (
        <MacroPicker
          ticketId={ticketId}
          byHash={macroPicker === 'hash'}
          onInsert={insertMacro}
          onClose={(typed) => {
            setMacroPicker(false);
            if (typed) setText(typed);
            textarea.current?.focus();
          }}
        />
      )}
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
      {files.length > 0 && (storedFiles === files || storageRefused) && (
        <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
          {storedFiles === files ? 'Files are kept with the draft in this browser.' : 'This browser keeps no files with the draft: send them before leaving.'}
        </p>
      )}
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <label className={`cursor-pointer rounded-sm text-sm text-indigo-700 hover:underline dark:text-indigo-300 ${focusOnLabel}`}>
          Attach files
          <input type="file" multiple className="sr-only" onChange={(e) => void addFiles(e.target.files)} />
        </label>
        <Button variant="ghost" aria-expanded={Boolean(macroPicker)} aria-keyshortcuts="Control+Shift+M" onClick={() => setMacroPicker('other')}>
          Macros
        </Button>
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
        {/* A note is for agents: it answers no one, so it resolves nothing for the customer. */}
        {kind === 'public' && (
          <Button variant="secondary" disabled={!text.trim() || send.isPending} onClick={() => sendAs('resolved')}>
            Send and resolve
          </Button>
        )}
        <Button disabled={!text.trim() || send.isPending} onClick={() => sendAs(null)}>
          {send.isPending ? 'Sending…' : kind === 'public' ? 'Send reply' : 'Add note'}
        </Button>
      </div>
    </section>
  );
}
