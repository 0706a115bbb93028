import { asc, count, gt } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { attachments } from '@/db/schema';
import { MissingFileError, type FileStore } from './stores/file-store';

/** `total` is the attachments counted at the start; `copied + missing` of them are done. */
export type CopyProgress = { copied: number; missing: number; total: number };

export type CopyFilesOptions = {
  from: FileStore;
  to: FileStore;
  /** Attachment rows read per query. */
  batchSize?: number;
  /** Files in flight at once: memory stays below this many times the upload limit. */
  concurrency?: number;
  onProgress?: (progress: CopyProgress) => void;
  /** An attachment whose bytes the source does not have; the copy goes on without it. */
  onMissing?: (key: string) => void;
};

/**
 * Copies the bytes of every attachment from one store to another under the same keys, so the
 * rows need no change. Safe to run again: putAt replaces what the target holds. Never deletes
 * from the source, which keeps serving until LOOPDESK_STORAGE names the target.
 */
export async function copyStoredFiles(db: Db, options: CopyFilesOptions): Promise<CopyProgress> {
  const { from, to, batchSize = 200, concurrency = 4, onProgress, onMissing } = options;
  const [counted] = await db.select({ total: count() }).from(attachments);
  const progress: CopyProgress = { copied: 0, missing: 0, total: counted?.total ?? 0 };
  let lastId = 0;
  for (;;) {
    // Keyset pages over the primary key: each page costs the same however far the copy has come.
    const batch = await db
      .select({ id: attachments.id, key: attachments.storageKey })
      .from(attachments)
      .where(gt(attachments.id, lastId))
      .orderBy(asc(attachments.id))
      .limit(batchSize);
    if (batch.length === 0) return progress;
    lastId = batch.at(-1)!.id;
    await inParallel(batch, concurrency, async ({ key }) => {
      try {
        await to.putAt(key, await from.get(key));
        progress.copied++;
      } catch (error) {
        if (!(error instanceof MissingFileError)) throw error;
        progress.missing++;
        onMissing?.(key);
      }
    });
    onProgress?.({ ...progress });
  }
}

/** Runs `work` over `items` with at most `limit` running at once; after a failure no new item starts. */
async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < items.length && !failed) {
      await work(items[next++]!).catch((error: unknown) => {
        failed = true;
        throw error;
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
