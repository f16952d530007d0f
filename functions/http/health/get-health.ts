import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { getHealth as route } from '../../routes';
import { documentClient, tableName } from '../../shared/db/client';
import { healthKey } from '../../shared/db/keys';
import { json } from '../../shared/http/responses';
import { logger } from '../../shared/logger';
import { httpRoute } from '../../shared/middleware/http-route';

const TIMEOUT_MS = 2_000;

/** One strongly consistent read of a fixed key proves reachability, permissions and the table's existence. */
async function probeDynamo(): Promise<{ status: 'ok' | 'unavailable'; latencyMs: number }> {
  const started = performance.now();
  try {
    await documentClient().send(new GetCommand({ TableName: tableName(), Key: healthKey, ConsistentRead: true }), {
      abortSignal: AbortSignal.timeout(TIMEOUT_MS),
    });
    return { status: 'ok', latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    logger.error('health probe failed', err instanceof Error ? err : String(err));
    return { status: 'unavailable', latencyMs: Math.round(performance.now() - started) };
  }
}

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = {};

export const handler = httpRoute('getHealth', route, schemas, async () => {
  const dynamodb = await probeDynamo();
  const healthy = dynamodb.status === 'ok';
  // A 503 says when to look again, as every 503 of the API does.
  return json(
    healthy ? 200 : 503,
    { status: healthy ? 'ok' : 'unavailable', time: new Date().toISOString(), checks: { dynamodb } },
    healthy ? undefined : { 'retry-after': '10' },
  );
});
