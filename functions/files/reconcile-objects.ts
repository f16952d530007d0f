/**
 * EventBridge target: the app bucket's "Object Created" and "Object Deleted" events under `tenants/`
 * (rule in lib/constructs/file-events.ts; locally, local/file-events.ts feeds the same events).
 * Throws on failure so EventBridge retries the event (then its dead-letter queue); applying one twice is
 * harmless (shared/files/reconcile.ts).
 */
import { S3Client } from '@aws-sdk/client-s3';
import type { EventBridgeEvent } from 'aws-lambda';
import { documentClient, tableName } from '../shared/db/client';
import { objectsOn, s3Options } from '../shared/files/objects';
import { type ObjectEvent, reconcile } from '../shared/files/reconcile';
import { logger } from '../shared/logger';

interface S3EventDetail {
  bucket?: { name?: string };
  object?: { key?: string; size?: number; sequencer?: string };
}

let s3: S3Client | undefined;

/** The event in our terms; undefined for anything else (the rule should have kept it out). */
export function toObjectEvent(event: EventBridgeEvent<string, S3EventDetail>): ObjectEvent | undefined {
  const kind =
    event['detail-type'] === 'Object Created' ? 'created' : event['detail-type'] === 'Object Deleted' ? 'deleted' : undefined;
  const key = event.detail?.object?.key;
  const sequencer = event.detail?.object?.sequencer;
  if (!kind || !key || !sequencer) return undefined;
  // File keys are ULIDs and slashes only, so no encoding question arises (others are ignored).
  const size = event.detail.object?.size;
  return { kind, key, sequencer, ...(typeof size === 'number' ? { size } : {}), ...(event.id ? { id: event.id } : {}) };
}

export async function handler(event: EventBridgeEvent<string, S3EventDetail>): Promise<void> {
  const objectEvent = toObjectEvent(event);
  if (!objectEvent) {
    logger.warn('not an S3 object event', { detailType: event['detail-type'] });
    return;
  }
  s3 ??= new S3Client(s3Options());
  const objects = objectsOn(s3);
  const outcome = await reconcile(objectEvent, {
    db: documentClient(),
    table: tableName(),
    head: objects.head,
    remove: objects.remove,
  });
  logger.info('file object reconciled', { kind: objectEvent.kind, key: objectEvent.key, outcome });
}
