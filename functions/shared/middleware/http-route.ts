/**
 * The edge every HTTP handler shares: observability, JSON body with a size limit, zod validation of
 * path, query and body, caller identity from the authorizer, and one error contract. A handler is then
 * only "call the domain, map the result".
 */
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import * as z from 'zod/mini';
import type { RouteDef } from '../../routes';
import { httpConfig } from '../config';
import { UnauthorizedError, ValidationError } from '../errors';
import { errorHandler } from './error-handler';
import { jsonBody, parsedBody } from './json-body';
import { observability, requestIdOf } from './observability';

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

export interface RouteInput<S extends Schemas, A> {
  params: Out<S, 'params'>;
  query: Out<S, 'query'>;
  body: Out<S, 'body'>;
  caller: A;
  requestId: string;
  event: APIGatewayProxyEvent;
}

type CallerFor<R extends RouteDef> = R['auth'] extends 'public' ? undefined : Caller;

const AuthorizerContext = z.object({ userId: z.string().check(z.minLength(1)), username: z.string() });

function parse(schema: z.ZodMiniType | undefined, value: unknown, where: 'path' | 'query' | 'body'): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(
    `The request ${where} is invalid.`,
    result.error.issues.map((issue) => ({
      in: where,
      path: issue.path.map(String).join('.'),
      message: issue.message,
    })),
  );
}

function callerOf(route: RouteDef, event: APIGatewayProxyEvent): Caller | undefined {
  if (route.auth === 'public') return undefined;
  // Defence in depth: a misconfigured route without the authorizer must not run as anonymous.
  const parsed = AuthorizerContext.safeParse(event.requestContext?.authorizer);
  if (!parsed.success) throw new UnauthorizedError();
  return parsed.data;
}

export function httpRoute<R extends RouteDef, S extends Schemas>(
  routeId: string,
  route: R,
  schemas: S,
  fn: (input: RouteInput<S, CallerFor<R>>) => Promise<APIGatewayProxyResult>,
) {
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>()
    .use(observability(routeId))
    .use(jsonBody(httpConfig().maxBodyBytes))
    .use(errorHandler())
    .handler(async (event, context) => {
      const input = {
        caller: callerOf(route, event),
        params: parse(schemas.params, event.pathParameters ?? {}, 'path'),
        query: parse(schemas.query, event.queryStringParameters ?? {}, 'query'),
        body: parse(schemas.body, parsedBody(event), 'body'),
        requestId: requestIdOf(event, context),
        event,
      } as RouteInput<S, CallerFor<R>>;
      return fn(input);
    });
}
