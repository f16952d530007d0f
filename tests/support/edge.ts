/** A public route definition and a Lambda context for unit tests of the shared HTTP edge. */
import type { Context } from 'aws-lambda';
import type { HttpMethod } from '../../functions/routes';

export const testRoute = <M extends HttpMethod, P extends string>(method: M, path: P, id = 'test') =>
  ({ id, method, path, handler: 'n/a', auth: 'public', permission: 'public', access: [], summary: 'test' }) as const;

export const lambdaContext = { awsRequestId: 'lambda-req', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
