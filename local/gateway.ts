/**
 * The local API gateway: turns each HTTP request into the API Gateway REST proxy event, runs the same
 * authorizer and handler code Lambda runs, and answers what API Gateway would (including its own
 * gateway responses: 401 from the authorizer, 404 for unknown routes, 413 over 10 MB).
 */
import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  APIGatewayAuthorizerResult,
  APIGatewayProxyEvent,
  APIGatewayProxyResult,
  APIGatewayRequestAuthorizerEvent,
  Context,
} from 'aws-lambda';
import { type RouteDef, authorizerEntry, routeList } from '../functions/routes';
import { EXPOSED_HEADERS } from '../functions/shared/http/headers';
import { listenLocal } from './ports';

type ProxyHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
type AuthorizerHandler = (event: APIGatewayRequestAuthorizerEvent) => Promise<APIGatewayAuthorizerResult>;

/** API Gateway's own payload limit. Handlers enforce the (much lower) API limit themselves. */
const GATEWAY_MAX_BODY = 10 * 1024 * 1024;
/** API Gateway's integration timeout. */
const INTEGRATION_TIMEOUT_MS = 29_000;
const ACCOUNT = '000000000000';
const API_ID = 'local';
const STAGE = 'local';

interface CompiledRoute {
  route: RouteDef & { id: string };
  pattern: RegExp;
  params: string[];
}

/** A map from caller-chosen names: a null-prototype object, as JSON-decoded events are plain data. */
function dictionary<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

function compile(route: RouteDef & { id: string }): CompiledRoute {
  const params: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const m = /^\{(\w+)\}$/.exec(segment);
      if (!m?.[1]) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      params.push(m[1]);
      return '([^/]+)';
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}/?$`), params };
}

function staticFirst(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const px = x[i]?.startsWith('{') ?? false;
    const py = y[i]?.startsWith('{') ?? false;
    if (px !== py) return px ? 1 : -1;
  }
  return x.length - y.length;
}

/** As API Gateway's CORS set-up does: preflights and gateway-made answers carry the allowed origin. */
function corsHeaders(req: IncomingMessage, allowed: ReadonlyArray<string>): Record<string, string> {
  const origin = req.headers.origin;
  return origin && allowed.includes(origin)
    ? { 'access-control-allow-origin': origin, 'access-control-expose-headers': EXPOSED_HEADERS.join(','), vary: 'origin' }
    : { vary: 'origin' };
}

const PREFLIGHT = {
  'access-control-allow-methods': 'GET,POST,PUT,PATCH,DELETE,OPTIONS',
  'access-control-allow-headers': 'authorization,content-type,idempotency-key',
  'access-control-max-age': '600',
};

const corsOf = new WeakMap<ServerResponse, Record<string, string>>();
/** API Gateway's `$context.error.responseType` of answers the gateway made itself. */
const errorTypeOf = new WeakMap<ServerResponse, string>();
/** The matched route and its handler's run time: `$context.resourcePath` and `$context.integration.latency`. */
const integrationOf = new WeakMap<ServerResponse, { method: string; resourcePath: string; ms: number }>();
const ERROR_TYPES: Readonly<Record<number, string>> = {
  400: 'BAD_REQUEST_PARAMETERS',
  401: 'UNAUTHORIZED',
  404: 'ACCESS_DENIED',
  413: 'REQUEST_TOO_LARGE',
  500: 'AUTHORIZER_FAILURE',
  502: 'INTEGRATION_FAILURE',
};
const cors = (res: ServerResponse) => corsOf.get(res) ?? {};

function gatewayError(res: ServerResponse, status: number, code: string, message: string, requestId: string): void {
  errorTypeOf.set(res, ERROR_TYPES[status] ?? 'DEFAULT_4XX');
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-requestid': requestId, ...cors(res) });
  res.end(JSON.stringify({ error: { code, message }, requestId }));
}

function policyAllows(result: APIGatewayAuthorizerResult, methodArn: string): boolean {
  const matches = (resource: string) =>
    new RegExp(
      `^${resource
        .split('*')
        .map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
        .join('.*')}$`,
    ).test(methodArn);
  let allowed = false;
  for (const statement of result.policyDocument.Statement) {
    const resources = 'Resource' in statement ? [statement.Resource].flat() : [];
    if (!resources.some((r) => matches(String(r)))) continue;
    if (statement.Effect === 'Deny') return false;
    if (statement.Effect === 'Allow') allowed = true;
  }
  return allowed;
}

export interface GatewayOptions {
  port: number;
  root: string;
  /** Seconds an authorizer decision is reused for the same identity sources, as API Gateway caches it. */
  authorizerCacheSeconds: number;
  corsOrigins: ReadonlyArray<string>;
  /** Receives what API Gateway writes to its access log for each request. */
  onAccessLog?: (record: {
    path: string;
    status: number;
    requestTimeEpoch: number;
    errorType: string;
    method?: string;
    resourcePath?: string;
    integrationLatency?: number | string;
  }) => void;
  onRequest?: (line: { method: string; path: string; status: number; ms: number }) => void;
}

export interface LocalGateway {
  url: string;
  server: Server;
  stop(): Promise<void>;
}

export async function startGateway(opts: GatewayOptions): Promise<LocalGateway> {
  // As API Gateway: a literal segment wins over a `{param}` one (`/public/unsubscribe` over `/public/{slug}`).
  const compiled = routeList.map(compile).sort((a, b) => staticFirst(a.route.path, b.route.path));
  const load = async <T>(entry: string): Promise<T> =>
    ((await import(pathToFileURL(join(opts.root, entry)).href)) as { handler: T }).handler;
  // Load every handler at start: import errors surface now, and the first request is not a cold start.
  const handlers = new Map<string, ProxyHandler>();
  for (const { route } of compiled) handlers.set(route.id, await load<ProxyHandler>(route.handler));
  const authorizer = await load<AuthorizerHandler>(authorizerEntry);
  const authCache = new Map<string, { result: APIGatewayAuthorizerResult; until: number }>();

  const handle = async (req: IncomingMessage, res: ServerResponse, requestId: string): Promise<number> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    if (method === 'OPTIONS' && compiled.some((c) => c.pattern.test(url.pathname))) {
      res.writeHead(204, { ...PREFLIGHT, ...corsHeaders(req, opts.corsOrigins) });
      res.end();
      return 204;
    }
    let match: { c: CompiledRoute; values: string[] } | undefined;
    for (const c of compiled) {
      if (c.route.method !== method) continue;
      const m = c.pattern.exec(url.pathname);
      if (m) {
        match = { c, values: m.slice(1) };
        break;
      }
    }
    if (!match) {
      gatewayError(res, 404, 'NOT_FOUND', 'No route matches this method and path.', requestId);
      return 404;
    }
    const { route, params } = match.c;

    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > GATEWAY_MAX_BODY) {
        gatewayError(res, 413, 'PAYLOAD_TOO_LARGE', 'The request body is too large.', requestId);
        return 413;
      }
      chunks.push(chunk as Buffer);
    }
    const body = chunks.length ? Buffer.concat(chunks).toString('utf8') : null;

    // Request data is keyed by names the caller picks (`constructor`, `__proto__`): no prototype to hit.
    const headers = dictionary<string>();
    const multiValueHeaders = dictionary<string[]>();
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i] ?? '';
      const value = req.rawHeaders[i + 1] ?? '';
      headers[name] = value;
      multiValueHeaders[name] = [...(multiValueHeaders[name] ?? []), value];
    }
    const query = dictionary<string>();
    const multiQuery = dictionary<string[]>();
    for (const [k, v] of url.searchParams) {
      query[k] = v;
      multiQuery[k] = [...(multiQuery[k] ?? []), v];
    }
    const pathParameters = dictionary<string>();
    try {
      params.forEach((name, i) => {
        pathParameters[name] = decodeURIComponent(match.values[i] ?? '');
      });
    } catch {
      gatewayError(res, 400, 'BAD_REQUEST', 'The request path is not valid.', requestId);
      return 400;
    }
    const sourceIp = req.socket.remoteAddress ?? '127.0.0.1';
    const methodArn = `arn:aws:execute-api:local:${ACCOUNT}:${API_ID}/${STAGE}/${method}${url.pathname}`;
    const requestContext = {
      accountId: ACCOUNT,
      apiId: API_ID,
      stage: STAGE,
      requestId,
      resourcePath: route.path,
      httpMethod: method,
      path: `/${STAGE}${url.pathname}`,
      protocol: 'HTTP/1.1',
      requestTimeEpoch: Date.now(),
      resourceId: route.id,
      identity: { sourceIp, userAgent: headers['user-agent'] ?? headers['User-Agent'] ?? null },
      authorizer: undefined as Record<string, unknown> | undefined,
    };

    if (route.auth !== 'public') {
      const authHeader = Object.entries(headers).find(([k]) => k.toLowerCase() === 'authorization')?.[1];
      // API Gateway answers 401 itself when an identity source is missing; the authorizer never runs.
      if (!authHeader) {
        gatewayError(res, 401, 'UNAUTHORIZED', 'A valid access token is required.', requestId);
        return 401;
      }
      const cacheKey = [route.auth, authHeader, route.auth === 'tenant' ? pathParameters.tenantId : ''].join('\n');
      let result = authCache.get(cacheKey);
      if (!result || result.until < Date.now()) {
        try {
          const decision = await authorizer({
            type: 'REQUEST',
            methodArn,
            resource: route.path,
            path: url.pathname,
            httpMethod: method,
            headers,
            multiValueHeaders,
            pathParameters,
            queryStringParameters: query,
            multiValueQueryStringParameters: multiQuery,
            stageVariables: null,
            requestContext: { ...requestContext, authorizer: undefined },
          } as unknown as APIGatewayRequestAuthorizerEvent);
          result = { result: decision, until: Date.now() + opts.authorizerCacheSeconds * 1000 };
          if (opts.authorizerCacheSeconds > 0) authCache.set(cacheKey, result);
        } catch (err) {
          authCache.delete(cacheKey);
          if ((err as Error).message === 'Unauthorized') {
            gatewayError(res, 401, 'UNAUTHORIZED', 'A valid access token is required.', requestId);
            return 401;
          }
          console.error(`[gateway] authorizer failed for ${method} ${url.pathname}:`, err);
          gatewayError(res, 500, 'INTERNAL', 'Authorizer failure.', requestId);
          return 500;
        }
      }
      // Our authorizer denies only for "no such tenant for you": API Gateway's ACCESS_DENIED response is mapped to 404.
      if (!policyAllows(result.result, methodArn)) {
        gatewayError(res, 404, 'NOT_FOUND', 'The resource does not exist.', requestId);
        return 404;
      }
      requestContext.authorizer = { ...(result.result.context ?? {}), principalId: result.result.principalId };
    }

    const event = {
      resource: route.path,
      path: url.pathname,
      httpMethod: method,
      headers,
      multiValueHeaders,
      queryStringParameters: url.search ? query : null,
      multiValueQueryStringParameters: url.search ? multiQuery : null,
      pathParameters: params.length ? pathParameters : null,
      stageVariables: null,
      requestContext,
      body,
      isBase64Encoded: false,
    } as unknown as APIGatewayProxyEvent;
    const deadline = Date.now() + INTEGRATION_TIMEOUT_MS;
    const context = {
      awsRequestId: randomUUID(),
      functionName: `local-${route.id}`,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:local:${ACCOUNT}:function:local-${route.id}`,
      memoryLimitInMB: '512',
      logGroupName: `/local/${route.id}`,
      logStreamName: 'local',
      callbackWaitsForEmptyEventLoop: false,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    } satisfies Context;

    let result: APIGatewayProxyResult;
    try {
      const handler = handlers.get(route.id);
      if (!handler) throw new Error(`No handler loaded for ${route.id}`);
      const began = performance.now();
      try {
        result = await handler(event, context);
      } finally {
        integrationOf.set(res, { method: route.method, resourcePath: route.path, ms: Math.ceil(performance.now() - began) });
      }
    } catch (err) {
      // What API Gateway does when the function itself fails (our middleware should never let this happen).
      console.error(`[gateway] handler ${route.id} threw:`, err);
      gatewayError(res, 502, 'INTERNAL', 'Internal server error.', requestId);
      return 502;
    }
    if (!result || typeof result.statusCode !== 'number') {
      gatewayError(res, 502, 'INTERNAL', 'Malformed Lambda proxy response.', requestId);
      return 502;
    }
    const outHeaders: Record<string, string | string[]> = { 'x-amzn-requestid': requestId };
    for (const [k, v] of Object.entries(result.headers ?? {})) outHeaders[k] = String(v);
    for (const [k, v] of Object.entries(result.multiValueHeaders ?? {})) outHeaders[k] = v.map(String);
    res.writeHead(result.statusCode, outHeaders);
    res.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
    return result.statusCode;
  };

  const server = createServer((req, res) => {
    corsOf.set(res, corsHeaders(req, opts.corsOrigins));
    const started = performance.now();
    const requestId = randomUUID();
    handle(req, res, requestId)
      .catch((err) => {
        console.error('[gateway] unexpected failure:', err);
        if (!res.headersSent) gatewayError(res, 500, 'INTERNAL', 'Internal server error.', requestId);
        return 500;
      })
      .then((status) => {
        opts.onAccessLog?.({
          path: `/${STAGE}${new URL(req.url ?? '/', 'http://localhost').pathname}`,
          status,
          requestTimeEpoch: Date.now(),
          errorType: errorTypeOf.get(res) ?? '-',
          method: integrationOf.get(res)?.method ?? req.method ?? '',
          resourcePath: integrationOf.get(res)?.resourcePath ?? '-',
          integrationLatency: integrationOf.get(res)?.ms ?? '-',
        });
        opts.onRequest?.({ method: req.method ?? '', path: req.url ?? '', status, ms: Math.round(performance.now() - started) });
      });
  });
  server.keepAliveTimeout = 5_000;
  const port = await listenLocal(server, opts.port);
  return {
    url: `http://localhost:${port}`,
    server,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
