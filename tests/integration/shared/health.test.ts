import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler } from '../../../functions/http/health/get-health';

const context = { awsRequestId: 'r', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
const event = {
  httpMethod: 'GET',
  headers: {},
  body: null,
  requestContext: { requestId: 'gw-1' },
} as unknown as APIGatewayProxyEvent;

describe('GET /v1/health handler against DynamoDB Local', () => {
  it('reports DynamoDB ok when the table answers', async () => {
    const res = await handler(event, context);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ status: 'ok', checks: { dynamodb: { status: 'ok' } } });
  });
});
