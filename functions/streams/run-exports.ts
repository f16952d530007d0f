/**
 * Stream consumer: runs a salon export when its item is inserted (`EXPORT#<id>`, functions/shared/
 * exports/job.ts). A run that reaches its deadline, or finds another run's lease still live, reports the
 * record failed, so the event source mapping delivers it again and the next run resumes from the
 * checkpoint; a crash does the same. Finished exports answer success at once, so redeliveries are free.
 */
import { S3Client } from '@aws-sdk/client-s3';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { filesConfig } from '../shared/config';
import { keyring } from '../shared/crypto/keyring';
import { documentClient, tableName } from '../shared/db/client';
import { EXPORT_PREFIX, TENANT_PREFIX } from '../shared/db/keys';
import { type ExportJobDeps, runExport } from '../shared/exports/job';
import { s3Options } from '../shared/files/objects';
import { logger } from '../shared/logger';
import { STREAM_CONSUMERS } from './consumers';
import { eachRecord, recordKey } from './stream-batch';

export const filters = STREAM_CONSUMERS.runExports.filters;

/** Time kept back from the function's timeout: the part in flight must finish and checkpoint in it. */
const MARGIN_MS = 60_000;
/** Locally (no Lambda context) a run has this long. */
const LOCAL_RUN_MS = 10 * 60_000;

let deps: ExportJobDeps | undefined;
const depsOf = (): ExportJobDeps => {
  deps ??= {
    db: documentClient(),
    s3: new S3Client(s3Options()),
    table: tableName(),
    bucket: filesConfig().bucketName,
    cipher: (tenantId, versions) => keyring().cipherFor(tenantId, { versions }),
  };
  return deps;
};

export async function handler(event: DynamoDBStreamEvent, context?: Context): Promise<DynamoDBBatchResponse> {
  const deadline = context ? Date.now() + context.getRemainingTimeInMillis() - MARGIN_MS : Date.now() + LOCAL_RUN_MS;
  return eachRecord(event, 'runExports', async (record) => {
    const key = recordKey(record);
    if (!key?.PK.startsWith(TENANT_PREFIX) || !key.SK.startsWith(EXPORT_PREFIX)) return true;
    const tenantId = key.PK.slice(TENANT_PREFIX.length);
    const exportId = key.SK.slice(EXPORT_PREFIX.length);
    const owner = context?.awsRequestId ?? `local-${process.pid}-${Date.now()}`;
    const result = await runExport(depsOf(), tenantId, exportId, { owner, deadline });
    logger.info('Export run', { tenantId, exportId, outcome: result.outcome, parts: result.parts });
    return result.outcome === 'ready' || result.outcome === 'failed' || result.outcome === 'finished';
  });
}
