'use client';

import { useId, useState } from 'react';
import { splitQuoted } from '@/lib/email/quote';
import { MentionText } from '@/components/notifications/mention-text';
import { ReplyMarkdown } from './reply-markdown';

const toggle =
  'rounded text-xs text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:text-indigo-300';

// The sanitizer already keeps no scripts, styles or images; the policy is a second wall, and the
// empty sandbox a third: the frame runs nothing, submits nothing and shares no origin with the desk.
const framePolicy = "default-src 'none'; style-src 'unsafe-inline'";
const frameStyle = 'body{margin:8px;font:14px/1.5 system-ui,sans-serif;color:#0f172a;background:#fff;overflow-wrap:anywhere}';

/** The received HTML as a document of its own, for the sandboxed frame. */
const frameDocument = (html: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${framePolicy}"><style>${frameStyle}</style></head><body>${html}</body></html>`;

/**
 * A message's text. An emailed one folds its quoted history (the earlier thread the mail client
 * appended) behind a toggle, and can show the sender's formatting: the sanitized HTML in a sandboxed
 * frame, never in the desk's own page.
 */
export function MessageBody({
  text,
  html,
  emailed,
  author,
  markdown = false,
}: {
  text: string;
  html: string | null;
  emailed: boolean;
  author: string;
  /** Written in the desk's composer, whose formatting is Markdown; a customer's text never is. */
  markdown?: boolean;
}) {
  const [formatted, setFormatted] = useState(false);
  const [showQuoted, setShowQuoted] = useState(false);
  const quotedId = useId();
  const { reply, quoted } = emailed ? splitQuoted(text) : { reply: text, quoted: null };

  return (
    <div className="mt-2">
      {formatted && html !== null ? (
        <iframe
          sandbox=""
          srcDoc={frameDocument(html)}
          title={`Formatted message from ${author}`}
          className="block h-96 w-full resize-y rounded border border-slate-200 bg-white dark:border-slate-700"
        />
      ) : (
        <>
          {/* Customer text is rendered as text, never as HTML. */}
          {markdown ? (
            <ReplyMarkdown text={reply} />
          ) : (
            <p className="text-sm break-words whitespace-pre-wrap">
              <MentionText text={reply} />
            </p>
          )}
          {quoted !== null && showQuoted && (
            <p
              id={quotedId}
              className="mt-2 border-l-2 border-slate-300 pl-3 text-sm break-words whitespace-pre-wrap text-slate-600 dark:border-slate-600 dark:text-slate-400"
            >
              {quoted}
            </p>
          )}
        </>
      )}
      {(html !== null || quoted !== null) && (
        <div className="mt-1 flex gap-3">
          {quoted !== null && !formatted && (
            <button
              type="button"
              className={toggle}
              aria-expanded={showQuoted}
              aria-controls={showQuoted ? quotedId : undefined}
              onClick={() => setShowQuoted(!showQuoted)}
            >
              {showQuoted ? 'Hide quoted text' : 'Show quoted text'}
            </button>
          )}
          {html !== null && (
            <button type="button" className={toggle} aria-pressed={formatted} onClick={() => setFormatted(!formatted)}>
              Show formatted
            </button>
          )}
        </div>
      )}
    </div>
  );
}
