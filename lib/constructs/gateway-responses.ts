/**
 * Answers API Gateway gives by itself (no authorizer decision, throttling, unknown route, ...) in the
 * same error envelope the handlers use: {"error":{"code","message"},"requestId"}.
 */
import { ResponseType, type RestApi } from 'aws-cdk-lib/aws-apigateway';
import { EXPOSED_HEADERS } from '../../functions/shared/http/headers';

export interface GatewayError {
  readonly type: ResponseType;
  /** Overrides the status code API Gateway uses for the type; omitted to keep it (DEFAULT_4XX/5XX). */
  readonly statusCode?: string;
  readonly code: string;
  /** Fixed message, or `undefined` to pass on API Gateway's own (JSON-escaped) message. */
  readonly message?: string;
}

export const GATEWAY_ERRORS: ReadonlyArray<GatewayError> = [
  { type: ResponseType.UNAUTHORIZED, statusCode: '401', code: 'UNAUTHORIZED', message: 'A valid access token is required.' },
  // The authorizer denies only "no such tenant for you": answered like an unknown id, so tenant ids cannot
  // be probed (same as the local gateway and functions/authorizer/authorize.ts).
  {
    type: ResponseType.ACCESS_DENIED,
    statusCode: '404',
    code: 'NOT_FOUND',
    message: 'The resource does not exist.',
  },
  // A REST API answers an unknown method/path with "Missing Authentication Token" (403): it is a 404.
  {
    type: ResponseType.MISSING_AUTHENTICATION_TOKEN,
    statusCode: '404',
    code: 'NOT_FOUND',
    message: 'No route matches this method and path.',
  },
  {
    type: ResponseType.REQUEST_TOO_LARGE,
    statusCode: '413',
    code: 'PAYLOAD_TOO_LARGE',
    message: 'The request body is too large.',
  },
  { type: ResponseType.THROTTLED, statusCode: '429', code: 'RATE_LIMITED', message: 'Too many requests; retry later.' },
  { type: ResponseType.WAF_FILTERED, statusCode: '403', code: 'FORBIDDEN', message: 'The request was blocked.' },
  { type: ResponseType.DEFAULT_4XX, code: 'BAD_REQUEST' },
  { type: ResponseType.DEFAULT_5XX, code: 'INTERNAL', message: 'Internal server error.' },
];

export function errorTemplate(error: GatewayError): string {
  const message = error.message === undefined ? '$context.error.messageString' : JSON.stringify(error.message);
  return `{"error":{"code":"${error.code}","message":${message}},"requestId":"$context.requestId"}`;
}

/**
 * `appOrigin` lets the web app read these answers (a gateway response can only carry a fixed value,
 * so the app's origin; handler answers echo any allowed origin).
 */
export function addGatewayResponses(api: RestApi, appOrigin: string): void {
  for (const error of GATEWAY_ERRORS) {
    api.addGatewayResponse(`Error${error.type.responseType}`, {
      type: error.type,
      ...(error.statusCode ? { statusCode: error.statusCode } : {}),
      responseHeaders: {
        'Content-Type': "'application/json'",
        'Access-Control-Allow-Origin': `'${appOrigin}'`,
        'Access-Control-Expose-Headers': `'${EXPOSED_HEADERS.join(',')}'`,
        Vary: "'Origin'",
        // Every 429 says when to retry, as the handlers' do (API Gateway's throttle refills each second).
        ...(error.type === ResponseType.THROTTLED ? { 'Retry-After': "'1'" } : {}),
      },
      templates: { 'application/json': errorTemplate(error) },
    });
  }
}
