import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { MissingFileError, withNewKeys, type FileStore } from './file-store';
import { checkedStorageKey } from './keys';

export type S3Settings = {
  bucket: string;
  region: string;
  /** Another S3-compatible service (MinIO, Ceph, R2, …); AWS itself when unset. */
  endpoint?: string;
  /** `endpoint/bucket/key` rather than `bucket.endpoint/key`, which most self-hosted services need. */
  forcePathStyle: boolean;
  /** When unset, the SDK's default chain (AWS_* variables, shared config files, instance or task roles). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
};

/** Files as objects in an S3-compatible bucket, named by their storage keys. */
export function s3Store(settings: S3Settings): FileStore {
  const client = new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    forcePathStyle: settings.forcePathStyle,
    credentials: settings.credentials,
    // The SDK's default adds CRC32 checksum headers to every upload, which several S3-compatible
    // services refuse; send them only where the API requires them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  const Bucket = settings.bucket;
  return withNewKeys({
    async putAt(key, bytes) {
      await client.send(new PutObjectCommand({ Bucket, Key: checkedStorageKey(key), Body: bytes, ContentLength: bytes.byteLength }));
    },
    async get(key) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket, Key: checkedStorageKey(key) }));
        if (!object.Body) throw new Error(`S3 returned no body for ${key}`);
        return await object.Body.transformToByteArray();
      } catch (error) {
        if (isMissingObject(error)) throw new MissingFileError(key, { cause: error });
        throw error;
      }
    },
    async remove(key) {
      // S3 answers a delete of a missing object with success, as the interface asks.
      await client.send(new DeleteObjectCommand({ Bucket, Key: checkedStorageKey(key) }));
    },
  });
}

/** NoSuchKey as AWS names it; some compatible services answer a bare 404 instead. */
function isMissingObject(error: unknown): boolean {
  return error instanceof NoSuchKey || (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404 && error.name !== 'NoSuchBucket');
}
