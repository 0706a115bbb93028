'use client';

import type { KeyboardEvent, RefObject } from 'react';
import { flushSync } from 'react-dom';
import { applyMarkdownFormat, type MarkdownFormat } from '@/lib/markdown/format';

const mod = 'Ctrl/⌘';

const tools: { format: MarkdownFormat; label: string; icon: string; keys?: string }[] = [
  { format: 'bold', label: 'Bold', icon: 'B', keys: `${mod}+B` },
  { format: 'italic', label: 'Italic', icon: 'I', keys: `${mod}+I` },
  { format: 'link', label: 'Link', icon: '🔗', keys: `${mod}+K` },
  { format: 'bulleted', label: 'Bulleted list', icon: '•' },
  { format: 'numbered', label: 'Numbered list', icon: '1.' },
  { format: 'quote', label: 'Quote', icon: '❝' },
  { format: 'code', label: 'Inline code', icon: '</>' },
  { format: 'codeBlock', label: 'Code block', icon: '{ }' },
];

const shortcutFormats: Record<string, MarkdownFormat> = { b: 'bold', i: 'italic', k: 'link' };

/** Formats the textarea's selection and leaves the cursor where the agent types next. */
function formatSelection(textarea: HTMLTextAreaElement, format: MarkdownFormat, setText: (text: string) => void) {
  const edit = applyMarkdownFormat(textarea.value, textarea.selectionStart, textarea.selectionEnd, format);
  // React writes the new value first; a selection set before that render would be lost with it.
  flushSync(() => setText(edit.value));
  textarea.focus();
  textarea.setSelectionRange(edit.start, edit.end);
}

/** Ctrl/⌘+B, I and K in the textarea; true when the key was a formatting shortcut. */
export function handleFormatShortcut(event: KeyboardEvent<HTMLTextAreaElement>, setText: (text: string) => void): boolean {
  const format = shortcutFormats[event.key.toLowerCase()];
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey || !format) return false;
  event.preventDefault();
  formatSelection(event.currentTarget, format, setText);
  return true;
}

/** The composer's formatting buttons: each writes Markdown into the textarea, which is what is sent. */
export function ComposerToolbar({ textarea, setText }: { textarea: RefObject<HTMLTextAreaElement | null>; setText: (text: string) => void }) {
  return (
    <div role="toolbar" aria-label="Formatting" aria-controls="reply-text" className="mt-2 flex flex-wrap gap-1">
      {tools.map((tool) => (
        <button
          key={tool.format}
          type="button"
          aria-label={tool.label}
          title={tool.keys ? `${tool.label} (${tool.keys})` : tool.label}
          aria-keyshortcuts={tool.keys?.replace(`${mod}+`, 'Control+')}
          // Keeps the textarea's selection: a click on a button would otherwise take the focus first.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => textarea.current && formatSelection(textarea.current, tool.format, setText)}
          className={`min-w-8 rounded border border-slate-300 px-2 py-0.5 text-xs text-slate-800 hover:bg-slate-100 dark:border-slate-700 dark:text-slate-200 dark:hover:bg-slate-800 ${tool.format === 'bold' ? 'font-bold' : tool.format === 'italic' ? 'italic' : tool.format.startsWith('code') ? 'font-mono' : ''}`}
        >
          <span aria-hidden="true">{tool.icon}</span>
        </button>
      ))}
      <span className="ml-auto self-center text-xs text-slate-600 dark:text-slate-400">Markdown · {mod}+Enter sends</span>
    </div>
  );
}
