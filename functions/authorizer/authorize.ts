/**
 * API Gateway REQUEST authorizer for every non-public route.
 * 1. Verifies the Cognito access token; any failure is a bare "Unauthorized" (401, handler never runs).
 * 2. On tenant routes (a `{tenantId}` in the path), looks the membership up in DynamoDB and hands the
 *    role, plan and state to the handler. A malformed tenant id: Deny, which the API answers 404 exactly
 *    like an unknown id. Not a member (yet), or no such tenant: Allow without a role, so that a cached
 *    refusal never outlives a join: the handler decides again from DynamoDB and answers 404 while it holds.
 * The decision is cached by API Gateway per token and tenant id (the identity sources), never across
 * tenants. Reads may trust it for that long; writes are decided again (functions/shared/middleware/tenant-gate.ts).
 */
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { resolveTenantAccess } from '../shared/auth/tenant-access';
import { bearerToken } from '../shared/auth/bearer';
import { verifyAccessToken } from '../shared/auth/verify-token';
import { ULID } from '../shared/domain/tenant-context';
import { logger } from '../shared/logger';
import { errorParts } from '../shared/errors';

/**
 * API Gateway reuses a cached policy for every method of the stage, so it covers the whole stage;
 * each route checks its own permission against the role handed over in the context.
 */
export function stageWideResource(methodArn: string): string {
  const [arnPrefix, stage] = methodArn.split('/');
  return `${arnPrefix}/${stage}/*/*`;
}

function policy(principalId: string, effect: 'Allow' | 'Deny', methodArn: string) {
  return {
    principalId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: stageWideResource(methodArn) }],
    },
  };
}

export async function handler(event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> {
  const requestId = event.requestContext?.requestId;
  const token = bearerToken(event.headers);
  if (!token) throw new Error('Unauthorized');
  let verified: Awaited<ReturnType<typeof verifyAccessToken>>;
  try {
    verified = await verifyAccessToken(token);
  } catch (err) {
    // The reason is logged for ops, never returned; the token itself is never logged.
    logger.info('token rejected', { requestId, reason: errorParts(err).name });
    throw new Error('Unauthorized');
  }
  const identity = { userId: verified.sub, username: verified.username ?? verified.sub };

  const tenantId = event.pathParameters?.tenantId;
  if (tenantId === undefined) return { ...policy(verified.sub, 'Allow', event.methodArn), context: identity };

  if (!ULID.test(tenantId)) return policy(verified.sub, 'Deny', event.methodArn);
  const access = await resolveTenantAccess(tenantId, verified.sub);
  if (!access) {
    logger.info('not a member: the handler decides again', { requestId, tenantId, userId: verified.sub });
    return { ...policy(verified.sub, 'Allow', event.methodArn), context: { ...identity, tenantId } };
  }
  return {
    ...policy(verified.sub, 'Allow', event.methodArn),
    context: {
      ...identity,
      tenantId,
      role: access.role,
      plan: access.plan,
      subscriptionStatus: access.subscriptionStatus,
      apiCalls: access.apiCalls,
      maxApiCalls: access.maxApiCalls,
      ...(access.rateOverride.perMinute ? { requestsPerMinute: access.rateOverride.perMinute } : {}),
      ...(access.rateOverride.perSecond ? { requestsPerSecond: access.rateOverride.perSecond } : {}),
    },
  };
}
