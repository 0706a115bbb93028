/**
 * A draft reply's text and files, kept in this browser so a reload or a crash loses neither: the
 * text in localStorage, the files in IndexedDB (localStorage holds only a few megabytes of text).
 * Each draft belongs to the agent who wrote it, so on a shared computer another agent never sees
 * it, and signing out forgets every draft of the browser. A draft left alone for a week is dropped.
 */

/** Whose draft, on which ticket. */
export type DraftOwner = { agentId: number; ticketId: number };
const draftId = ({ agentId, ticketId }: DraftOwner) => `${agentId}:${ticketId}`;

const TEXT_PREFIX = 'loopdesk:draft:';
const KEPT_MS = 7 * 24 * 3_600_000;

type StoredText = { text: string; savedAt: number };

export function loadDraftText(owner: DraftOwner): string {
  try {
    const stored = JSON.parse(localStorage.getItem(TEXT_PREFIX + draftId(owner)) ?? 'null') as StoredText | null;
    return stored && typeof stored.text === 'string' && Date.now() - stored.savedAt < KEPT_MS ? stored.text : '';
  } catch {
    return '';
  }
}

export function keepDraftText(owner: DraftOwner, text: string): void {
  const key = TEXT_PREFIX + draftId(owner);
  if (text) localStorage.setItem(key, JSON.stringify({ text, savedAt: Date.now() } satisfies StoredText));
  else localStorage.removeItem(key);
}

/** Sign-out: every draft kept in this browser, of any agent, text and files, is forgotten. */
export function forgetDrafts(): Promise<void> {
  for (const key of Object.keys(localStorage)) if (key.startsWith(TEXT_PREFIX)) localStorage.removeItem(key);
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(DATABASE);
    // Blocked (another tab has it open) or refused: the deletion still happens once it can, or the files expire.
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

/** A file read for sending: `key` tells apart two files of the same name, so removing one never removes the other. */
export type DraftFile = { key: string; filename: string; content: string; size: number };

const DATABASE = 'loopdesk-drafts';
const STORE = 'files';

function openDrafts(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('The browser refused its storage'));
  });
}

async function inStore<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDrafts();
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(STORE, mode);
    const request = act(transaction.objectStore(STORE));
    transaction.oncomplete = () => {
      db.close();
      resolve(request.result);
    };
    transaction.onerror = transaction.onabort = () => {
      db.close();
      reject(transaction.error ?? new Error('The draft files could not be stored'));
    };
  });
}

const isDraftFile = (value: unknown): value is DraftFile =>
  typeof value === 'object' && value !== null && ['key', 'filename', 'content'].every((k) => typeof (value as Record<string, unknown>)[k] === 'string');

type StoredFiles = { files: unknown; savedAt: number };

export async function loadDraftFiles(owner: DraftOwner): Promise<DraftFile[]> {
  const stored = (await inStore('readonly', (store) => store.get(draftId(owner)))) as StoredFiles | undefined;
  if (!stored || !Array.isArray(stored.files) || !(Date.now() - stored.savedAt < KEPT_MS)) return [];
  return stored.files.filter(isDraftFile);
}

/** Stores the draft's files; none removes the entry. */
export async function keepDraftFiles(owner: DraftOwner, files: DraftFile[]): Promise<void> {
  const id = draftId(owner);
  if (files.length > 0) await inStore('readwrite', (store) => store.put({ files, savedAt: Date.now() } satisfies StoredFiles, id));
  else await inStore('readwrite', (store) => store.delete(id));
}
