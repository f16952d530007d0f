/**
 * Environment, parsed once per section at first use. Each function reads only the sections it needs, so
 * CDK sets only the variables that go with the access it grants. A missing variable fails the first
 * request with one clear message instead of a confusing SDK error later.
 */
import { z } from './validation';

type Env = Record<string, string | undefined>;

const url = z.url({ protocol: /^https?$/ });
const optionalUrl = z.optional(url);

function section<S extends z.ZodMiniType>(name: string, schema: S, pick: (env: Env) => unknown) {
  let cached: z.infer<S> | undefined;
  return (env: Env = process.env): z.infer<S> => {
    if (cached !== undefined && env === process.env) return cached;
    const parsed = schema.safeParse(pick(env));
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
      throw new Error(`Configuration section "${name}" is invalid or incomplete: ${fields}`);
    }
    if (env === process.env) cached = parsed.data;
    return parsed.data;
  };
}

export const awsConfig = section('aws', z.object({ region: z.string().check(z.minLength(1)) }), (env) => ({
  region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION,
}));

export const tableConfig = section(
  'table',
  z.object({ tableName: z.string().check(z.minLength(1)), endpoint: optionalUrl }),
  (env) => ({ tableName: env.TABLE_NAME, endpoint: env.DYNAMODB_ENDPOINT || undefined }),
);

export const authConfig = section(
  'auth',
  z.object({ issuer: url, jwksUri: url, clientId: z.string().check(z.minLength(1)) }),
  (env) => ({
    issuer: env.TOKEN_ISSUER,
    jwksUri: env.JWKS_URI || (env.TOKEN_ISSUER ? `${env.TOKEN_ISSUER}/.well-known/jwks.json` : undefined),
    clientId: env.USER_POOL_CLIENT_ID,
  }),
);

export const httpConfig = section('http', z.object({ maxBodyBytes: z.number().check(z.int(), z.positive()) }), (env) => ({
  maxBodyBytes: Number(env.MAX_BODY_BYTES ?? 102_400),
}));

export const identityConfig = section('identity', z.object({ endpoint: optionalUrl }), (env) => ({
  endpoint: env.COGNITO_ENDPOINT || undefined,
}));
