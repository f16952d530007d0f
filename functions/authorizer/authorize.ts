/**
 * API Gateway REQUEST authorizer for every non-public route. Verifies the Cognito access token and
 * hands the caller's identity to the handler through the authorizer context. Any failure is a bare
 * "Unauthorized", which API Gateway answers 401 without running the handler.
 */
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { bearerToken, verifyAccessToken } from '../shared/auth/verify-token';
import { logger } from '../shared/logger';

/**
 * API Gateway caches the policy per identity source and reuses it for every method of the stage, so
 * the policy covers the whole stage; routes check permissions themselves.
 */
export function stageWideResource(methodArn: string): string {
  const [arnPrefix, stage] = methodArn.split('/');
  return `${arnPrefix}/${stage}/*/*`;
}

export async function handler(event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> {
  const token = bearerToken(event.headers);
  if (!token) throw new Error('Unauthorized');
  let verified: Awaited<ReturnType<typeof verifyAccessToken>>;
  try {
    verified = await verifyAccessToken(token);
  } catch (err) {
    // The reason is logged for ops, never returned; the token itself is never logged.
    logger.info('token rejected', { requestId: event.requestContext?.requestId, reason: (err as Error).name });
    throw new Error('Unauthorized');
  }
  return {
    principalId: verified.sub,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: stageWideResource(event.methodArn) }],
    },
    context: { userId: verified.sub, username: verified.username ?? verified.sub },
  };
}
