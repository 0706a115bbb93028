import type { Db } from '@/db/client';
import { DELIVERY_QUEUE, queueJobs, WAKE_CHANNEL } from '@/lib/jobs/queue';

/** A delivery job names only its delivery: the delivery row says whether an attempt is due. */
export type DeliveryJob = { deliveryId: number; startAfter?: Date };

/** Queues delivery attempts inside the caller's transaction, and wakes the workers when it commits. */
export async function queueDeliveryJobs(tx: Db, jobs: DeliveryJob[]): Promise<void> {
  await queueJobs(
    tx,
    DELIVERY_QUEUE,
    WAKE_CHANNEL,
    jobs.map(({ deliveryId, startAfter }) => ({ data: { deliveryId }, startAfter })),
  );
}
