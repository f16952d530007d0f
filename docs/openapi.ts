/**
 * The OpenAPI 3.1 document (docs/openapi.json), made from the route table, the zod schemas each handler
 * validates with (its `schemas` export) and the success answers of functions/http/contract.ts. Runs
 * from `npm run docs` and the tests only; no function bundles it.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod/mini';
import { type Answer, ErrorEnvelope, answers } from '../functions/http/contract';
import { type RouteDef, type RouteId, routeList } from '../functions/routes';
import { ROLES, accessFor } from '../functions/shared/domain/rbac';
import { IDEMPOTENCY_HEADER } from '../functions/shared/middleware/idempotency';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

type Json = Record<string, unknown>;
interface HandlerSchemas {
  params?: z.ZodMiniType;
  query?: z.ZodMiniType;
  body?: z.ZodMiniType;
}

/** Requests are described as the client sends them (before transforms), answers as the API writes them. */
function jsonSchema(schema: z.ZodMiniType, io: 'input' | 'output'): Json {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
    // An answer's timestamps: the format says it; zod's long regex for it would only repeat it.
    override: ({ jsonSchema }) => {
      if (io === 'output' && (jsonSchema.format === 'date-time' || jsonSchema.format === 'date')) delete jsonSchema.pattern;
    },
  }) as Json;
  return rest;
}

const ref = (kind: 'schemas' | 'responses' | 'parameters' | 'headers', name: string) => ({
  $ref: `#/components/${kind}/${name}`,
});

const errorResponse = (description: string, headers?: Json): Json => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/json': { schema: ref('schemas', 'Error') } },
});

const RETRY_AFTER = { description: 'Seconds to wait before retrying.', required: true, schema: { type: 'integer', minimum: 0 } };

const COMPONENT_RESPONSES: Json = {
  BadRequest: errorResponse('Invalid input (`VALIDATION_FAILED`, `INVALID_CURSOR`, ...); nothing changed.'),
  Unauthorized: errorResponse('No valid access token (`UNAUTHORIZED`).'),
  Forbidden: errorResponse('Your role lacks the permission, or the salon is suspended (`FORBIDDEN`, ...).'),
  NotFound: errorResponse("No such resource (another salon's ids answer the same)."),
  Conflict: errorResponse('A conflict (e.g. `IDEMPOTENCY_KEY_IN_PROGRESS`, which carries `Retry-After`).', {
    'Retry-After': { ...RETRY_AFTER, required: false },
  }),
  PayloadTooLarge: errorResponse('The body is too large (`PAYLOAD_TOO_LARGE`).'),
  UnsupportedMediaType: errorResponse('The body is not `application/json` (`UNSUPPORTED_MEDIA_TYPE`).'),
  RateLimited: errorResponse('Too many requests (`RATE_LIMITED`).', { 'Retry-After': ref('headers', 'RetryAfter') }),
  Internal: errorResponse('A failure on our side (`INTERNAL`); nothing internal is exposed.'),
  Unavailable: errorResponse('A dependency is unavailable (e.g. `BILLING_UNAVAILABLE`).', {
    'Retry-After': ref('headers', 'RetryAfter'),
  }),
  Error: errorResponse('Any other error, in the same envelope.'),
};

/** Route ids whose handler runs `idempotentCreate`: read from the handler's source, the one truth of it. */
function honoursIdempotencyKey(route: RouteDef): boolean {
  return readFileSync(join(root, route.handler), 'utf8').includes('idempotentCreate(');
}

const tagOf = (route: RouteDef) => route.handler.split('/').at(-2) ?? 'api';

function permissionText(route: RouteDef): string {
  if (route.auth === 'public') return 'Permission: `public` (no token).';
  if (route.auth === 'user') return 'Permission: `authenticated` (any signed-in user).';
  const who = ROLES.flatMap((role) => {
    const access = accessFor(role, route.permission);
    return access === 'none' ? [] : [access === 'own' ? `${role} (own only)` : role];
  });
  return `Permission: \`${route.permission}\` (${who.join(', ')}), in the salon \`{tenantId}\` of the path.`;
}

function objectProperties(schema: Json): Array<[string, Json, boolean]> {
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).map(([name, s]) => [name, s, required.has(name)]);
}

function operation(route: RouteDef & { id: RouteId }, schemas: HandlerSchemas, idempotent: boolean): Json {
  const answer: Answer = answers[route.id];
  const parameters: Json[] = [];
  if (schemas.params) {
    for (const [name, schema] of objectProperties(jsonSchema(schemas.params, 'input'))) {
      parameters.push({ name, in: 'path', required: true, schema });
    }
  }
  if (schemas.query) {
    for (const [name, schema, required] of objectProperties(jsonSchema(schemas.query, 'input'))) {
      parameters.push({ name, in: 'query', required, schema });
    }
  }
  if (idempotent) parameters.push(ref('parameters', 'IdempotencyKey'));
  if (answer.request?.headers) {
    for (const h of answer.request.headers)
      parameters.push({ name: h.name, in: 'header', required: true, description: h.description, schema: { type: 'string' } });
  }
  if (route.paged && !(parameters.some((p) => p.name === 'limit') && parameters.some((p) => p.name === 'cursor'))) {
    throw new Error(`${route.id}: a paged route must accept ?limit= and ?cursor=`);
  }

  const success: Json = { description: answer.description };
  if (idempotent) {
    success.headers = {
      'idempotent-replayed': {
        description: '`true` when this is the recorded answer of an earlier request with the same key.',
        schema: { type: 'string', enum: ['true'] },
      },
    };
  }
  if (answer.body) success.content = { 'application/json': { schema: jsonSchema(answer.body, 'output') } };
  if (answer.files) {
    success.content = Object.fromEntries(answer.files.map((type) => [type, { schema: { type: 'string' } }]));
    success.headers = {
      ...(success.headers as Json | undefined),
      'content-disposition': { description: 'attachment; filename=...', schema: { type: 'string' } },
    };
  }
  if (answer.html) {
    success.description = `${answer.description}\n\n${answer.html}`;
    success.content = { ...(success.content as Json), 'text/html': { schema: { type: 'string' } } };
  }
  if (answer.status === 302) {
    success.headers = {
      ...(success.headers as Json | undefined),
      Location: { description: 'Where the resource is.', required: true, schema: { type: 'string' } },
    };
  }
  const responses: Json = { [answer.status]: success };
  const hasBody = schemas.body !== undefined || answer.request?.body !== undefined;
  const hasInput = hasBody || schemas.params !== undefined || schemas.query !== undefined || idempotent;
  if (hasInput) responses['400'] = ref('responses', 'BadRequest');
  if (route.auth !== 'public') responses['401'] = ref('responses', 'Unauthorized');
  if (route.auth === 'tenant') responses['403'] = ref('responses', 'Forbidden');
  if (route.path.includes('{')) responses['404'] = ref('responses', 'NotFound');
  if (idempotent) responses['409'] = ref('responses', 'Conflict');
  if (hasBody) responses['413'] = ref('responses', 'PayloadTooLarge');
  if (schemas.body) responses['415'] = ref('responses', 'UnsupportedMediaType');
  responses['429'] = ref('responses', 'RateLimited');
  responses['500'] = ref('responses', 'Internal');
  responses['503'] = ref('responses', 'Unavailable');
  for (const [status, other] of Object.entries(answer.also ?? {})) {
    if (!other) continue;
    const headers = status === '503' || status === '429' ? { 'Retry-After': ref('headers', 'RetryAfter') } : undefined;
    responses[status] = {
      description: other.description,
      ...(headers ? { headers } : {}),
      content: { 'application/json': { schema: jsonSchema(other.body, 'output') } },
    };
  }
  responses.default = ref('responses', 'Error');

  const op: Json = {
    operationId: route.id,
    summary: route.summary,
    description: [
      route.summary,
      permissionText(route),
      route.paged ? "Paged: `?limit=` (1-100) and `?cursor=` (the previous page's `nextCursor`)." : '',
      idempotent ? `Send \`${IDEMPOTENCY_HEADER}\` to make a retry safe: the same key and body replay the first answer.` : '',
    ]
      .filter(Boolean)
      .join('\n\n'),
    tags: [tagOf(route)],
    'x-permission': route.permission,
    ...(route.paged ? { 'x-paged': true } : {}),
    security: route.auth === 'public' ? [] : [{ cognito: [] }],
  };
  if (parameters.length > 0) op.parameters = parameters;
  if (schemas.body) {
    const accepted = schemas.body.safeParse(undefined).success;
    op.requestBody = { required: !accepted, content: { 'application/json': { schema: jsonSchema(schemas.body, 'input') } } };
  } else if (answer.request?.body) {
    const { schema, description, mediaType } = answer.request.body;
    op.requestBody = {
      required: !schema.safeParse(undefined).success && mediaType === undefined,
      description,
      content: { [mediaType ?? 'application/json']: { schema: jsonSchema(schema, 'input') } },
    };
  }
  op.responses = responses;
  return op;
}

export async function renderOpenApi(): Promise<string> {
  const paths: Record<string, Json> = {};
  const tags = new Set<string>();
  for (const route of routeList) {
    const module = (await import(join(root, route.handler))) as { schemas?: HandlerSchemas };
    if (!module.schemas) throw new Error(`${route.handler} must export the schemas it validates with`);
    paths[route.path] ??= {};
    (paths[route.path] as Json)[route.method.toLowerCase()] = operation(route, module.schemas, honoursIdempotencyKey(route));
    tags.add(tagOf(route));
  }
  const document = {
    openapi: '3.1.0',
    info: {
      title: 'Rendezvous API',
      version: '1',
      summary: 'Multi-tenant salon bookings: salons, members, clients, services, staff, appointments, online booking, billing.',
      description:
        'Generated by `npm run docs` from `functions/routes.ts`, the zod schemas the handlers validate with and `functions/http/contract.ts`; do not edit by hand. Every error is `{"error":{"code","message","details"},"requestId"}`.',
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [
      { url: 'http://localhost:3000', description: 'The local runtime (`npm start`).' },
      {
        url: 'https://{apiId}.execute-api.{region}.amazonaws.com/{stage}',
        description: 'API Gateway.',
        variables: { apiId: { default: 'api' }, region: { default: 'eu-west-1' }, stage: { default: 'prod' } },
      },
    ],
    tags: [...tags].sort().map((name) => ({ name, description: `Routes of functions/http/${name}.` })),
    paths,
    components: {
      securitySchemes: {
        cognito: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A Cognito access token: `Authorization: Bearer <token>` (`npm run token` locally).',
        },
      },
      parameters: {
        IdempotencyKey: {
          name: IDEMPOTENCY_HEADER,
          in: 'header',
          required: false,
          description: 'Makes a create safe to retry: the same key and body replay the first answer; another body is 422.',
          schema: { type: 'string', pattern: '^[\\x20-\\x7E]{1,255}$' },
        },
      },
      headers: { RetryAfter: RETRY_AFTER },
      responses: COMPONENT_RESPONSES,
      schemas: { Error: jsonSchema(ErrorEnvelope, 'output') },
    },
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * What GET /v1/openapi.json bundles: the document minified and gzipped, a tenth of its size as a JS
 * literal, so the function stays within the bundle budget; it is unzipped once per container.
 */
export function renderServedDocument(openApi: string): string {
  const packed = gzipSync(JSON.stringify(JSON.parse(openApi)), { level: 9 }).toString('base64');
  return [
    '/** docs/openapi.json, minified, gzipped and base64-encoded by `npm run docs`; do not edit. */',
    `export const OPENAPI_GZIP_BASE64 =\n  '${packed}';`,
    '',
  ].join('\n');
}
