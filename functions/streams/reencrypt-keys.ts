/**
 * Table stream consumer (INSERT of `KEY#v` items): a new key version other than the first is a rotation,
 * so its re-encryption job starts at once (crypto/reencryption.ts) instead of at the next hourly run.
 * It works until shortly before the invocation's end; what is left (the proving pass, which may not start
 * before `quietAfter`) is resumed from the job's checkpoint by the key schedule. A record that fails is
 * delivered again and resumes from the same checkpoint.
 */
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { documentClient, tableName } from '../shared/db/client';
import { TENANT_KEY_PREFIX, TENANT_PREFIX } from '../shared/db/keys';
import { keyring } from '../shared/crypto/keyring';
import { driveReencryption } from '../shared/crypto/reencryption';
import { INDEX_ROOT_VERSION } from '../shared/domain/key-rotation';
import { logger } from '../shared/logger';
import { eachRecord, recordKey } from './stream-batch';

/** Left to checkpoint and answer before the invocation's end. */
const MARGIN_MS = 30_000;

export async function handler(
  event: DynamoDBStreamEvent,
  context?: Pick<Context, 'getRemainingTimeInMillis'>,
): Promise<DynamoDBBatchResponse> {
  const deadline = context ? new Date(Date.now() + context.getRemainingTimeInMillis() - MARGIN_MS) : undefined;
  return eachRecord(event, 'reencryptKeys', async (record) => {
    const key = recordKey(record);
    if (!key?.PK.startsWith(TENANT_PREFIX) || !key.SK.startsWith(TENANT_KEY_PREFIX)) return true;
    if (Number(key.SK.slice(TENANT_KEY_PREFIX.length)) === INDEX_ROOT_VERSION) return true;
    const tenantId = key.PK.slice(TENANT_PREFIX.length);
    const { state, job } = await driveReencryption(
      keyring(),
      documentClient(),
      tableName(),
      tenantId,
      deadline ? { deadline } : {},
    );
    logger.info('re-encryption driven', { tenantId, state, pass: job?.pass, rewritten: job?.rewritten });
    return true;
  });
}
