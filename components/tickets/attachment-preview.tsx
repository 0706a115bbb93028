'use client';

import { useEffect, useRef, useState } from 'react';
import { apiRequest } from '@/components/data/api';
import { downloadFile } from '@/components/data/files';
import { Button } from '@/components/ui/button';

type File = { id: number; filename: string; size: number };

// The same allow-list the server shows inline (lib/files/attachments.ts), minus plain text. The
// file's name only says what to try; the type the server answers with decides, so an SVG or HTML
// file named .png is never shown, only downloaded.
const previewImageTypes = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const looksLikeImage = (name: string) => /\.(png|jpe?g|gif|webp)$/i.test(name);
const looksLikePdf = (name: string) => /\.pdf$/i.test(name);

type Preview = { kind: 'image' | 'pdf'; url: string } | { kind: 'none' };

/** Fetches the file with the session's credentials and hands back a blob: URL of an allow-listed type, revoked when no longer shown. */
function usePreview(file: File, wanted: boolean): Preview | null {
  const [preview, setPreview] = useState<Preview | null>(null);
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    let url: string | null = null;
    void (async () => {
      const response = await apiRequest(`/files/${file.id}/download?inline=1`);
      const type = response.headers.get('content-type')?.split(';')[0]?.trim() ?? '';
      const kind = previewImageTypes.has(type) ? 'image' : type === 'application/pdf' ? 'pdf' : null;
      if (!response.ok || !kind) return live && setPreview({ kind: 'none' });
      // The blob carries the allow-listed type, never a type the bytes might claim.
      url = URL.createObjectURL(new Blob([await response.arrayBuffer()], { type }));
      if (live) setPreview({ kind, url });
      else URL.revokeObjectURL(url);
    })().catch(() => live && setPreview({ kind: 'none' }));
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
      // A preview opened again fetches afresh rather than showing a revoked URL meanwhile.
      setPreview(null);
    };
  }, [file.id, wanted]);
  return preview;
}

/** Becomes true once the element scrolls near the viewport, so a long thread fetches only the images seen. */
function useNearViewport<T extends Element>(): [React.RefObject<T | null>, boolean] {
  const ref = useRef<T>(null);
  const [near, setNear] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element || near) return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setNear(true), { rootMargin: '200px' });
    observer.observe(element);
    return () => observer.disconnect();
  }, [near]);
  return [ref, near];
}

/** A modal dialog that Escape closes; the browser gives the focus back to the button that opened it. */
function PreviewDialog({ title, onClose, children }: { title: string; onClose: () => void; children: React.ReactNode }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (!dialog.current?.open) dialog.current?.showModal();
  }, []);
  return (
    <dialog
      ref={dialog}
      onClose={onClose}
      aria-label={title}
      className="m-auto max-h-[90vh] max-w-[90vw] rounded-lg border border-slate-200 bg-white p-4 text-slate-900 shadow-xl backdrop:bg-slate-900/60 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      <div className="mb-2 flex items-center justify-between gap-4">
        <h2 className="truncate text-sm font-semibold">{title}</h2>
        <Button variant="secondary" onClick={() => dialog.current?.close()}>
          Close
        </Button>
      </div>
      {children}
    </dialog>
  );
}

const fileButton = 'rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800';

/** One attachment: its download button, and for a plain image a thumbnail, for a PDF a Preview button. */
export function AttachmentItem({ file }: { file: File }) {
  const [ref, near] = useNearViewport<HTMLLIElement>();
  const [open, setOpen] = useState(false);
  const image = looksLikeImage(file.filename);
  const pdf = looksLikePdf(file.filename);
  const preview = usePreview(file, (image && near) || (pdf && open));

  return (
    <li ref={ref} className="flex flex-col items-start gap-1">
      {image && preview?.kind === 'image' && (
        <button
          type="button"
          onClick={() => setOpen(true)}
          className="rounded focus-visible:outline-2 focus-visible:outline-indigo-600"
          aria-label={`Open ${file.filename}`}
        >
          {/* biome-ignore lint/performance/noImgElement: a blob: URL of bytes fetched with the session's header; next/image cannot load it */}
          <img src={preview.url} alt={file.filename} loading="lazy" className="max-h-40 max-w-xs rounded border border-slate-200 dark:border-slate-700" />
        </button>
      )}
      <span className="flex gap-1">
        <button type="button" onClick={() => void downloadFile(file)} className={fileButton}>
          📎 {file.filename} <span className="text-slate-600 dark:text-slate-400">({Math.ceil(file.size / 1024)} KB)</span>
        </button>
        {pdf && (
          <button type="button" onClick={() => setOpen(true)} className={fileButton} aria-label={`Preview ${file.filename}`}>
            Preview
          </button>
        )}
      </span>
      {open && (
        <PreviewDialog title={file.filename} onClose={() => setOpen(false)}>
          {preview === null ? (
            <p role="status" className="text-sm">
              Loading preview…
            </p>
          ) : preview.kind === 'image' ? (
            // biome-ignore lint/performance/noImgElement: a blob: URL of bytes fetched with the session's header; next/image cannot load it
            <img src={preview.url} alt={file.filename} className="max-h-[75vh] max-w-full" />
          ) : preview.kind === 'pdf' ? (
            <iframe
              src={preview.url}
              title={`${file.filename} (PDF preview)`}
              className="h-[75vh] w-[80vw] rounded border border-slate-200 dark:border-slate-700"
            />
          ) : (
            <p className="text-sm">There is no preview for this file; download it instead.</p>
          )}
        </PreviewDialog>
      )}
    </li>
  );
}
