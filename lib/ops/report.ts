import type { BackupSummary } from './backup';
import { END_ENTRY, type Manifest } from './manifest';
import type { RestoreSummary } from './restore';

/** `loopdesk-backup-2026-03-01T04-05-06Z.tar`: sorts by time, and is a valid name on every file system. */
export const defaultBackupFile = (now: Date) =>
  `loopdesk-backup-${now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-')}.tar`;

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

const contents = (manifest: Manifest, files: number) =>
  `${plural(manifest.tables.tickets ?? 0, 'ticket')}, ${plural(manifest.tables.replies ?? 0, 'reply', 'replies')} and ${plural(files, 'attachment file')}`;

function missingNote(missing: string[]): string[] {
  if (missing.length === 0) return [];
  const some = missing.slice(0, 5).join(', ') + (missing.length > 5 ? ', …' : '');
  return [`Warning: ${plural(missing.length, 'attachment')} had no file in the store when the backup was made (listed in ${END_ENTRY}): ${some}`];
}

export function backupReport(summary: BackupSummary, seconds: number): string {
  const megabytes = (summary.bytes / 1e6).toFixed(1);
  return [
    `Backed up ${contents(summary.manifest, summary.files)} to ${summary.file} (${megabytes} MB) in ${seconds.toFixed(1)} s.`,
    ...missingNote(summary.missing),
    'It holds password and API key hashes and encrypted webhook secrets: keep it as safe as the database.',
  ].join('\n');
}

export function restoreReport(summary: RestoreSummary): string {
  const { manifest } = summary;
  return [
    `Restored ${contents(manifest, summary.files)} from the backup of ${manifest.created_at} (Loopdesk ${manifest.loopdesk_version}); the row counts match it.`,
    ...missingNote(summary.missing),
    'AUTH_SECRET and LOOPDESK_ENCRYPTION_KEY are not in a backup: start Loopdesk with the ones it had, or webhooks need their secrets set again and everyone signs in again.',
  ].join('\n');
}
