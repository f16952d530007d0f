/**
 * `GET /v1/health`: liveness, with the table's state (one read). `?deep=1` probes every dependency in
 * parallel (shared/health/probes.ts), each within its own timeout, and answers 503 with Retry-After
 * when one is down. Deep answers are reused for a few seconds per container: the route is public, and
 * a flood of deep checks must not become a flood of calls to every dependency.
 */
import * as z from 'zod/mini';
import { getHealth as route } from '../../routes';
import { dependencyProbes, dynamoProbe, type ProbeResult, runProbes } from '../../shared/health/probes';
import { json } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/http-route';

const Query = z.object({ deep: z.optional(z.enum(['0', '1', 'true', 'false'])) });

const DEEP_CACHE_MS = 5_000;
export const RETRY_AFTER_SECONDS = 30;

let lastDeep: { at: number; checks: Promise<Record<string, ProbeResult>> } | undefined;

function deepChecks(now = Date.now()): Promise<Record<string, ProbeResult>> {
  if (lastDeep && now - lastDeep.at < DEEP_CACHE_MS) return lastDeep.checks;
  const checks = runProbes([dynamoProbe, ...dependencyProbes()]);
  lastDeep = { at: now, checks };
  return checks;
}

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { query: Query };

export const handler = httpRoute(route, schemas, async ({ query }) => {
  const deep = query.deep === '1' || query.deep === 'true';
  const time = new Date().toISOString();
  if (!deep) {
    // The liveness answer as it always was (its `ok`/`unavailable` wording included): monitors parse it.
    const { dynamodb } = await runProbes([dynamoProbe]);
    const up = dynamodb?.status === 'up';
    const check = { status: up ? 'ok' : 'unavailable', latencyMs: dynamodb?.latencyMs ?? 0 };
    return json(
      up ? 200 : 503,
      { status: up ? 'ok' : 'unavailable', time, checks: { dynamodb: check } },
      up ? undefined : { 'retry-after': String(RETRY_AFTER_SECONDS) },
    );
  }
  const checks = await deepChecks();
  const healthy = Object.values(checks).every((c) => c.status === 'up');
  return json(
    healthy ? 200 : 503,
    { status: healthy ? 'ok' : 'unavailable', time, checks },
    healthy ? undefined : { 'retry-after': String(RETRY_AFTER_SECONDS) },
  );
});
