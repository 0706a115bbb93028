import fs from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';

/** Every byte value once, so a download that mangles encodings or line endings shows up. */
export const everyByte = Uint8Array.from({ length: 256 }, (_, i) => i);

export const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** The attachment files on disk, relative to the store's root (database-per-file gives each test file its own data dir). */
export async function storedFiles(): Promise<string[]> {
  const root = path.join(process.env.LOOPDESK_DATA_DIR!, 'files');
  const entries = await fs.readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

/** `http://host/api/v1/files/7/download` → `/api/v1/files/7/download`, after checking it names attachment `id`. */
export function downloadPath(url: string, id: number): string {
  const { pathname } = new URL(url);
  expect(pathname).toBe(`/api/v1/files/${id}/download`);
  return pathname;
}
