import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { z } from 'zod';
import { BackupError } from './errors';
import { DUMP_ENTRY, END_ENTRY, endSchema, FILES_PREFIX, MANIFEST_ENTRY, manifestSchema, type BackupEnd, type Manifest } from './manifest';
import { drain, readTar, type TarEntry } from './tar-read';

/** The archive's bytes; one compressed with gzip afterwards (`gzip backup.tar`) is read as it is. */
export async function openArchive(file: string): Promise<Readable> {
  const start = Buffer.alloc(2);
  try {
    const handle = await fs.open(file, 'r');
    await handle.read(start, 0, 2, 0).finally(() => handle.close());
  } catch (error) {
    throw new BackupError(`Cannot read the backup ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const bytes = createReadStream(file);
  if (start[0] !== 0x1f || start[1] !== 0x8b) return bytes;
  // pipeline forwards a read error into the gunzip stream, where the reader sees it.
  return pipeline(bytes, createGunzip(), () => undefined);
}

export function notLoopdesk(what: string): BackupError {
  return new BackupError(`This file is not a Loopdesk backup: ${what}.`);
}

async function parseJsonEntry<S extends z.ZodType>(entry: TarEntry, schema: S): Promise<z.output<S>> {
  const text = (await entry.bytes()).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BackupError(`The archive is damaged: ${entry.path} is not JSON.`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new BackupError(`${entry.path} is not in a form this Loopdesk reads (${parsed.error.issues[0]?.message}); was it made by a newer version?`);
  return parsed.data;
}

/**
 * Reads the whole archive once and checks what restore relies on: the entries in their order,
 * every checksum, the manifest, and the end entry. Nothing is written anywhere.
 */
export async function verifyBackup(file: string): Promise<{ manifest: Manifest; end: BackupEnd }> {
  let manifest: Manifest | undefined;
  let end: BackupEnd | undefined;
  let dumped = false;
  let files = 0;
  for await (const entry of readTar(await openArchive(file))) {
    if (end) throw notLoopdesk(`${entry.path} follows ${END_ENTRY}`);
    if (!entry.sha256) throw notLoopdesk(`${entry.path} carries no checksum`);
    if (!manifest) {
      if (entry.path !== MANIFEST_ENTRY) throw notLoopdesk(`it starts with ${entry.path}, not ${MANIFEST_ENTRY}`);
      manifest = await parseJsonEntry(entry, manifestSchema);
    } else if (!dumped) {
      if (entry.path !== DUMP_ENTRY) throw notLoopdesk(`${DUMP_ENTRY} is not its second entry`);
      await drain(entry.chunks());
      dumped = true;
    } else if (entry.path.startsWith(FILES_PREFIX)) {
      await drain(entry.chunks());
      files++;
    } else if (entry.path === END_ENTRY) {
      end = await parseJsonEntry(entry, endSchema);
    } else {
      throw notLoopdesk(`it holds an unexpected entry ${entry.path}`);
    }
  }
  if (!manifest || !end) throw new BackupError(`The archive is incomplete: it has no ${manifest ? END_ENTRY : MANIFEST_ENTRY}.`);
  if (files !== end.files) throw new BackupError(`The archive is damaged: it holds ${files} files, and its end entry says ${end.files}.`);
  return { manifest, end };
}
