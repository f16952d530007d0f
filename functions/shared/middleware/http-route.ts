/**
 * The edge every HTTP handler shares: observability, JSON body with a size limit (or, for webhooks that
 * verify a signature, the raw body), zod validation of path, query and body, caller identity from the authorizer, and one error contract. A handler is then
 * only "call the domain, map the result".
 */
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import { issueDetails } from '../validation';
import type { RouteDef } from '../../routes';
import { httpConfig } from '../config';
import type { TenantContext } from '../domain/tenant-context';
import { UnauthorizedError, ValidationError } from '../errors';
import { cors } from './cors';
import { errorHandler } from './error-handler';
import { jsonBody, parsedBody } from './json-body';
import { observability, requestIdOf } from './observability';
import type { RawBodyOption } from './raw-body';

/** Who is calling, as established by the authorizer (never read from the body or headers). */
export interface Caller {
  userId: string;
  username: string;
}

interface Schemas {
  params?: z.ZodMiniType;
  query?: z.ZodMiniType;
  body?: z.ZodMiniType;
}

type Out<S, K extends keyof Schemas> = S extends Record<K, infer T extends z.ZodMiniType> ? z.infer<T> : undefined;

export interface RouteInput<S extends Schemas, A, T> {
  params: Out<S, 'params'>;
  query: Out<S, 'query'>;
  body: Out<S, 'body'>;
  caller: A;
  tenant: T;
  requestId: string;
  event: APIGatewayProxyEvent;
  /** The body's bytes as sent, only with the `rawBody` option (then `body` is never parsed). */
  rawBody: Buffer | undefined;
}

export interface RouteOptions {
  /**
   * Webhooks that verify a signature over the exact bytes, with `keepRawBody(maxBytes)` from
   * `./raw-body`: the body is kept raw (up to `maxBytes`), neither parsed nor checked for a media type;
   * `schemas.body` must then be absent.
   */
  rawBody?: RawBodyOption;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

type CallerFor<R extends RouteDef> = R['auth'] extends 'public' ? undefined : Caller;
type TenantFor<R extends RouteDef> = R['auth'] extends 'tenant' ? TenantContext : undefined;

function parse(schema: z.ZodMiniType | undefined, value: unknown, where: 'path' | 'query' | 'body'): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(`The request ${where} is invalid.`, issueDetails(result.error.issues, where));
}

function callerOf(route: RouteDef, event: APIGatewayProxyEvent): Caller | undefined {
  if (route.auth === 'public') return undefined;
  // Defence in depth: a misconfigured route without the authorizer must not run as anonymous.
  const context = event.requestContext?.authorizer;
  if (!isRecord(context)) throw new UnauthorizedError();
  const { userId, username } = context;
  if (typeof userId !== 'string' || userId.length === 0 || typeof username !== 'string') throw new UnauthorizedError();
  return { userId, username };
}

export type TenantRouteDef = RouteDef & { auth: 'tenant' };

/** Makes the TenantContext of a tenant route's request (middleware/tenant-gate.ts), or refuses it. */
export type TenantGate = (route: TenantRouteDef, event: APIGatewayProxyEvent, caller: Caller) => Promise<TenantContext>;

/** The edge of public and user routes. Tenant routes use `httpRoute` of ./tenant-route, which adds the gate. */
export function httpRoute<R extends RouteDef, S extends Schemas>(
  route: R,
  schemas: S,
  fn: (input: RouteInput<S, CallerFor<R>, TenantFor<R>>) => Promise<APIGatewayProxyResult>,
  options: RouteOptions = {},
) {
  // Keeps the gate (and its DynamoDB and STS clients) out of the bundles of routes that need none.
  if (route.auth === 'tenant') throw new Error(`${route.id}: build tenant routes with middleware/tenant-route.ts`);
  return httpEdge(route, schemas, fn, options);
}

export function httpEdge<R extends RouteDef, S extends Schemas>(
  route: R,
  schemas: S,
  fn: (input: RouteInput<S, CallerFor<R>, TenantFor<R>>) => Promise<APIGatewayProxyResult>,
  options: RouteOptions = {},
  gate?: TenantGate,
) {
  const routeId = route.id;
  if (options.rawBody && schemas.body) throw new Error(`${routeId}: a raw-body route cannot have a body schema`);
  if (route.auth === 'tenant' && !gate) throw new Error(`${routeId}: a tenant route needs the tenant gate`);
  const inputOf = (
    event: APIGatewayProxyEvent,
    context: Context,
    caller: Caller | undefined,
    tenant: TenantContext | undefined,
  ) =>
    ({
      caller,
      tenant,
      params: parse(schemas.params, event.pathParameters ?? {}, 'path'),
      query: parse(schemas.query, event.queryStringParameters ?? {}, 'query'),
      body: parse(schemas.body, parsedBody(event), 'body'),
      requestId: requestIdOf(event, context),
      event,
      rawBody: options.rawBody?.read(event),
    }) as RouteInput<S, CallerFor<R>, TenantFor<R>>;
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>()
    .use(observability(routeId))
    .use(cors())
    .use(options.rawBody ? options.rawBody.middleware : jsonBody(httpConfig().maxBodyBytes))
    .use(errorHandler())
    .handler((event, context) => {
      // Not async, and no await for routes without the gate: an async wrapper around fn's promise costs
      // two more promises per request (each one hooked once AsyncLocalStorage is on, as in tenant
      // functions). A throw here still reaches the error handler: Middy calls the handler inside its try.
      // No closure made per request either: each costs an allocation (and, under tsx, a name).
      const caller = callerOf(route, event);
      if (route.auth === 'tenant' && caller && gate) {
        return gate(route as TenantRouteDef, event, caller).then((tenant) => fn(inputOf(event, context, caller, tenant)));
      }
      return fn(inputOf(event, context, caller, undefined));
    });
}
