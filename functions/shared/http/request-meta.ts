/** What the audit log says of a request's origin, for tenant and public routes alike. */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { RequestMeta } from '../domain/tenant-context';

/** API Gateway's request id, source IP and user agent (cut at 512 characters), and the member's email if any. */
export function requestMetaOf(event: APIGatewayProxyEvent, email?: string): RequestMeta {
  const identity = event.requestContext?.identity;
  const ip = identity?.sourceIp;
  const userAgent = identity?.userAgent ?? event.headers?.['user-agent'] ?? event.headers?.['User-Agent'];
  return {
    requestId: event.requestContext?.requestId ?? 'unknown',
    ...(ip ? { ip } : {}),
    ...(userAgent ? { userAgent: userAgent.slice(0, 512) } : {}),
    ...(email ? { email } : {}),
  };
}
