/**
 * Every 15 minutes (EventBridge Scheduler; locally, the file-events poller each minute): releases the
 * upload reservations whose URL expired with nothing uploaded (shared/files/sweep.ts).
 */
import { S3Client } from '@aws-sdk/client-s3';
import { documentClient, tableName } from '../shared/db/client';
import { objectsOn, s3Options } from '../shared/files/objects';
import { sweepExpiredReservations } from '../shared/files/sweep';
import { logger } from '../shared/logger';

let s3: S3Client | undefined;

export async function handler(): Promise<{ released: number; bytes: number; uploaded: number }> {
  s3 ??= new S3Client(s3Options());
  const result = await sweepExpiredReservations({ db: documentClient(), table: tableName(), objects: objectsOn(s3) });
  logger.info('expired upload reservations swept', result);
  return result;
}
