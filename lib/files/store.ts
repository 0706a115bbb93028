import path from 'node:path';
import { getDb } from '@/db/client';
import { config, type StorageDriver } from '@/lib/config';
import { diskStore } from './stores/disk';
import type { FileStore } from './stores/file-store';
import { postgresStore } from './stores/postgres';
import { s3Store } from './stores/s3';

export { MissingFileError, type FileStore } from './stores/file-store';

/** The store a driver names, set up from the configuration (LOOPDESK_DATA_DIR, LOOPDESK_S3_*). */
export function storeFor(driver: StorageDriver): FileStore {
  const settings = config();
  switch (driver) {
    case 'filesystem':
      return diskStore(path.join(settings.dataDir, 'files'));
    case 'postgres':
      return postgresStore(getDb);
    case 's3': {
      // The configuration checks this when s3 is the app's store; a migration may name s3 before it is.
      if (!settings.LOOPDESK_S3_BUCKET) throw new Error('LOOPDESK_S3_BUCKET is not set: name the bucket to store files in');
      const { LOOPDESK_S3_ACCESS_KEY_ID: accessKeyId, LOOPDESK_S3_SECRET_ACCESS_KEY: secretAccessKey } = settings;
      return s3Store({
        bucket: settings.LOOPDESK_S3_BUCKET,
        region: settings.LOOPDESK_S3_REGION,
        endpoint: settings.LOOPDESK_S3_ENDPOINT,
        forcePathStyle: settings.LOOPDESK_S3_FORCE_PATH_STYLE,
        credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
      });
    }
  }
}

let store: FileStore | undefined;

/** The store attachments are written to and read from: the one LOOPDESK_STORAGE names. */
export function fileStore(): FileStore {
  store ??= storeFor(config().LOOPDESK_STORAGE);
  return store;
}
