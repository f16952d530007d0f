import { type NestedStack, Stack } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ResourceAccess, routeList } from '../../functions/routes';
import { type RouteEntry, routeGroup } from '../../lib/constructs/api-routes';
import {
  actionsOf,
  environmentOf,
  logicalIdOf,
  type MethodInfo,
  methods,
  resources,
  resourcesOfType,
  statementsOfRole,
  type SynthesizedApp,
  synthesize,
} from './support';

let dev: SynthesizedApp;
let allMethods: MethodInfo[];

beforeAll(() => {
  dev = synthesize({ stage: 'dev' });
  allMethods = methods(dev.apiAll);
}, 60_000);

const functionId = (routeId: string) => logicalIdOf(dev.stacks.api.routes.functionFor(routeId).function.node.defaultChild);
const roleId = (routeId: string) => logicalIdOf(dev.stacks.api.routes.functionFor(routeId).role.node.defaultChild);
const authorizerFunctionId = () => logicalIdOf(dev.stacks.api.routes.authorizerFunction.function.node.defaultChild);

const EXPECTED_IDENTITY_SOURCES = {
  user: 'method.request.header.Authorization',
  tenant: 'method.request.header.Authorization,method.request.path.tenantId',
} as const;

describe('routes', () => {
  it('the route table is not empty', () => {
    expect(routeList.length).toBeGreaterThan(0);
  });

  it('serves exactly the methods of the route table, plus CORS preflights', () => {
    const served = allMethods.filter((m) => m.httpMethod !== 'OPTIONS');
    expect(served.map((m) => `${m.httpMethod} ${m.path}`).sort()).toEqual(routeList.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('answers CORS preflights on every route path by a mock integration, without authorizer, for the app origins only', () => {
    const preflights = allMethods.filter((m) => m.httpMethod === 'OPTIONS');
    for (const route of routeList)
      expect(
        preflights.map((m) => m.path),
        route.path,
      ).toContain(route.path);
    for (const m of preflights) {
      expect(m.authorizationType).toBe('NONE');
      expect(m.functionLogicalId).toBeUndefined();
    }
    const integration = JSON.stringify(resources(dev.apiAll)[preflights[0]?.logicalId ?? '']?.Properties?.Integration);
    expect(integration).toContain('MOCK');
    expect(integration).toContain('http://localhost:5173');
    expect(integration).not.toContain("'*'");
  });

  describe.each(routeList.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', (_name, route) => {
    const method = () => {
      const found = allMethods.filter((m) => m.httpMethod === route.method && m.path === route.path);
      expect(found).toHaveLength(1);
      return found[0] as MethodInfo;
    };

    it('invokes its own function', () => {
      expect(method().functionLogicalId).toBe(functionId(route.id));
    });

    if (route.auth === 'public') {
      it('needs no authorization', () => {
        expect(method().authorizationType).toBe('NONE');
        expect(method().authorizerLogicalId).toBeUndefined();
      });
    } else {
      it(`uses the ${route.auth} authorizer`, () => {
        expect(method().authorizationType).toBe('CUSTOM');
        const authorizer = resources(dev.apiAll)[method().authorizerLogicalId ?? ''];
        expect(authorizer?.Type).toBe('AWS::ApiGateway::Authorizer');
        expect(authorizer?.Properties).toMatchObject({
          Type: 'REQUEST',
          IdentitySource: EXPECTED_IDENTITY_SOURCES[route.auth],
          AuthorizerResultTtlInSeconds: dev.config.api.authorizerCacheTtlSeconds,
        });
        expect(JSON.stringify(authorizer?.Properties?.AuthorizerUri)).toContain(`"${authorizerFunctionId()}"`);
      });
    }
  });
});

describe('functions', () => {
  it('all run nodejs22.x on arm64 with the stage settings and their own log group', () => {
    const functions = resourcesOfType(dev.apiAll, 'AWS::Lambda::Function');
    // One per route, the authorizer, API-call metering, the purge fan-out and worker, the reminders'
    // target and sync, the file reconciler and its reservation sweep, key maintenance, the
    // re-encryption consumer and the salon export job.
    expect(functions).toHaveLength(routeList.length + 11);
    const all = resources(dev.apiAll);
    for (const [id, fn] of functions) {
      expect(fn.Properties, id).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: 512,
        // The reminder sync re-plans a whole salon's upcoming appointments in one stream record; the
        // purge fan-out queues every due salon, and its worker purges one whole salon. The key jobs and a
        // salon export run work until shortly before their end and checkpoint, then resume.
        Timeout:
          id.startsWith('JobsPurgeTenant') || id.startsWith('JobsKeyRotation') || id.startsWith('SalonExportsRunExports')
            ? 900
            : id.startsWith('JobsRemindersSyncReminders') || id.startsWith('JobsPurgeDeletedTenants')
              ? 300
              : 10,
        Environment: {
          Variables: expect.objectContaining({
            POWERTOOLS_SERVICE_NAME: 'rendezvous',
            POWERTOOLS_LOG_LEVEL: 'INFO',
            MAX_BODY_BYTES: '102400',
            APP_URL: 'http://localhost:5173',
          }),
        },
      });
      expect(fn.Properties?.FunctionName, id).toBeUndefined();
      const logGroupRef = (fn.Properties?.LoggingConfig as { LogGroup?: { Ref?: string } } | undefined)?.LogGroup?.Ref;
      expect(all[logGroupRef ?? '']?.Properties, id).toMatchObject({ RetentionInDays: 30 });
      expect(environmentOf(dev.apiAll, id), id).not.toHaveProperty('NODE_OPTIONS');
    }
  });

  it('use roles without AWS-managed policies', () => {
    for (const [id, role] of resourcesOfType(dev.apiAll, 'AWS::IAM::Role')) {
      if (JSON.stringify(role.Properties?.AssumeRolePolicyDocument).includes('lambda.amazonaws.com')) {
        expect(role.Properties?.ManagedPolicyArns, id).toBeUndefined();
      }
    }
  });

  it('the authorizer verifies tokens of the user pool client and may read the table', () => {
    const variables = environmentOf(dev.apiAll, authorizerFunctionId());
    expect(JSON.stringify(variables.TOKEN_ISSUER)).toContain('https://cognito-idp.');
    expect(JSON.stringify(variables.TOKEN_ISSUER)).toContain('UserPool');
    expect(JSON.stringify(variables.USER_POOL_CLIENT_ID)).toContain('WebClient');
    expect(variables.TABLE_NAME).toBeDefined();
    const actions = actionsOf(
      statementsOfRole(dev.apiAll, logicalIdOf(dev.stacks.api.routes.authorizerFunction.role.node.defaultChild)),
    );
    expect(actions).toContain('dynamodb:GetItem');
    expect(actions).not.toContain('dynamodb:PutItem');
  });
});

const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

describe('least privilege, from route.access', () => {
  // Tenant routes reach the table through a tenant role only (tenant-data-roles.test.ts has the details).
  // Tenant routes, and public routes serving one salon by slug, reach the table through the tenant role.
  // Public routes that serve one salon (by slug or by a signed token's salon) go through its tenant role.
  const direct = (route: (typeof routeList)[number]) => route.auth !== 'tenant' && route.tenantScope === undefined;

  it('a function whose route only reads the table cannot write it, nor touch S3, KMS or Cognito', () => {
    const readOnly = routeList.filter((r) => r.access.length === 1 && r.access[0] === 'table:read');
    expect(readOnly.length).toBeGreaterThan(0);
    for (const route of readOnly) {
      // Reading its Stripe secret is checked in 'billing configuration' below.
      const actions = actionsOf(statementsOfRole(dev.apiAll, roleId(route.id))).filter(
        (a) =>
          !(
            a === 'ssm:GetParameter' &&
            (route.billing?.some((n) => n.startsWith('stripe-')) || route.notifications?.includes('unsubscribe-secret'))
          ),
      );
      if (direct(route)) {
        expect(actions, route.id).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
      } else {
        expect(actions.sort(), route.id).toEqual([
          'logs:CreateLogStream',
          'logs:PutLogEvents',
          'sts:AssumeRole',
          'sts:TagSession',
        ]);
      }
      for (const action of WRITE_ACTIONS) expect(actions, route.id).not.toContain(action);
      expect(
        actions.filter((a) => !a.startsWith('dynamodb:') && !a.startsWith('logs:') && !a.startsWith('sts:')),
        route.id,
      ).toEqual([]);
    }
  });

  it.each(routeList.map((r) => [r.id, r] as const))('%s holds exactly what it declares', (_id, route) => {
    const has = (access: ResourceAccess) => route.access.includes(access);
    const actions = actionsOf(statementsOfRole(dev.apiAll, roleId(route.id)));
    const variables = environmentOf(dev.apiAll, functionId(route.id));

    const table = has('table:read') || has('table:write');
    expect(actions.some((a) => a.startsWith('dynamodb:'))).toBe((table && direct(route)) || has('table:public-lookup'));
    expect(WRITE_ACTIONS.every((a) => actions.includes(a))).toBe(has('table:write') && direct(route));
    const bucket = has('bucket:read') || has('bucket:write');
    expect(actions.some((a) => a.startsWith('sts:'))).toBe((table || bucket) && !direct(route));
    const probes = has('platform:health-probe');
    // Tenant routes reach objects through their tenant role (tenants/<id>/*), never on their own.
    expect(actions.some((a) => a.startsWith('s3:'))).toBe((bucket && direct(route)) || probes);
    expect(actions.some((a) => a.startsWith('kms:'))).toBe(has('kms:data-key') || probes);
    expect(actions.filter((a) => a.startsWith('cognito-idp:')).sort()).toEqual([
      ...(has('userpool:invite') ? ['cognito-idp:AdminCreateUser'] : []),
      ...(has('userpool:delete-user') ? ['cognito-idp:AdminDeleteUser'] : []),
      ...(has('userpool:invite') ? ['cognito-idp:AdminGetUser'] : []),
      ...(probes ? ['cognito-idp:DescribeUserPool'] : []),
    ]);
    expect('TABLE_NAME' in variables).toBe(table);
    expect('TENANT_WRITE_ROLE_ARN' in variables).toBe(has('table:write') && !direct(route));
    expect('TENANT_READ_ROLE_ARN' in variables).toBe(has('table:read') && !has('table:write') && !direct(route));
    expect('BUCKET_NAME' in variables).toBe(has('bucket:read') || has('bucket:write') || probes);
    // The tenant write role generates data keys for its salon, so its routes name the key too.
    expect('KMS_KEY_ID' in variables).toBe(has('kms:data-key') || probes || (has('table:write') && !direct(route)));
    expect('USER_POOL_ID' in variables).toBe(has('userpool:invite') || has('userpool:delete-user') || probes);
    // Logs: its own log group only.
    const logStatements = statementsOfRole(dev.apiAll, roleId(route.id)).filter((s) =>
      actionsOf([s]).some((a) => a.startsWith('logs:')),
    );
    expect(logStatements).toHaveLength(1);
    expect(logStatements[0]?.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/Logs/), 'Arn'] });
  });
});

describe('gateway responses', () => {
  const expected = [
    ['UNAUTHORIZED', '401', 'UNAUTHORIZED'],
    // Deny means "no such tenant for you": like an unknown id (see functions/authorizer/authorize.ts).
    ['ACCESS_DENIED', '404', 'NOT_FOUND'],
    ['MISSING_AUTHENTICATION_TOKEN', '404', 'NOT_FOUND'],
    ['REQUEST_TOO_LARGE', '413', 'PAYLOAD_TOO_LARGE'],
    ['THROTTLED', '429', 'RATE_LIMITED'],
    ['DEFAULT_4XX', undefined, 'BAD_REQUEST'],
    ['DEFAULT_5XX', undefined, 'INTERNAL'],
  ] as const;

  it.each(expected)('%s answers %s with code %s in the error envelope', (type, status, code) => {
    const found = resourcesOfType(dev.apiAll, 'AWS::ApiGateway::GatewayResponse').filter(
      ([, r]) => r.Properties?.ResponseType === type,
    );
    expect(found).toHaveLength(1);
    const props = found[0]?.[1].Properties ?? {};
    expect(props.StatusCode).toBe(status);
    expect(props.ResponseParameters).toEqual({
      'gatewayresponse.header.Content-Type': "'application/json'",
      // The web app must be able to read gateway-made errors too.
      'gatewayresponse.header.Access-Control-Allow-Origin': "'http://localhost:5173'",
      'gatewayresponse.header.Access-Control-Expose-Headers': "'x-amzn-requestid,idempotent-replayed,retry-after'",
      'gatewayresponse.header.Vary': "'Origin'",
      // Every 429 says when to retry, as the handlers' 429s do.
      ...(status === '429' ? { 'gatewayresponse.header.Retry-After': "'1'" } : {}),
    });
    const template = (props.ResponseTemplates as Record<string, string>)['application/json'] ?? '';
    expect(template).toContain(`{"error":{"code":"${code}","message":`);
    expect(template).toContain('"requestId":"$context.requestId"');
  });

  it('unknown routes say so', () => {
    dev.apiAll.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'MISSING_AUTHENTICATION_TOKEN',
      ResponseTemplates: { 'application/json': Match.stringLikeRegexp('No route matches this method and path\\.') },
    });
  });

  it('templates are valid JSON once API Gateway fills in the variables', () => {
    for (const [, r] of resourcesOfType(dev.apiAll, 'AWS::ApiGateway::GatewayResponse')) {
      const template = (r.Properties?.ResponseTemplates as Record<string, string> | undefined)?.['application/json'] ?? '';
      const filled = template.replace('$context.error.messageString', '"Some message"').replace('$context.requestId', 'abc');
      expect(() => JSON.parse(filled)).not.toThrow();
    }
  });
});

describe('stage', () => {
  it('writes JSON access logs to its own log group', () => {
    const stages = resourcesOfType(dev.apiAll, 'AWS::ApiGateway::Stage');
    expect(stages).toHaveLength(1);
    const setting = stages[0]?.[1].Properties?.AccessLogSetting as { DestinationArn: unknown; Format: string };
    expect(setting.DestinationArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^AccessLogs/), 'Arn'] });
    const fields = JSON.parse(setting.Format) as Record<string, string>;
    expect(fields).toMatchObject({
      requestId: '$context.requestId',
      ip: '$context.identity.sourceIp',
      method: '$context.httpMethod',
      path: '$context.path',
      status: '$context.status',
      latency: '$context.responseLatency',
    });
  });

  it('logs errors, records metrics and throttles every method', () => {
    dev.apiAll.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'dev',
      MethodSettings: [
        {
          HttpMethod: '*',
          ResourcePath: '/*',
          LoggingLevel: 'ERROR',
          DataTraceEnabled: false,
          MetricsEnabled: true,
          ThrottlingRateLimit: dev.config.api.throttlingRateLimit,
          ThrottlingBurstLimit: dev.config.api.throttlingBurstLimit,
        },
      ],
    });
    dev.apiAll.resourceCountIs('AWS::ApiGateway::Account', 1);
  });

  it('is behind a WAF web ACL with the managed rules and a per-IP rate limit', () => {
    dev.apiAll.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Rules: Match.arrayWith([
        Match.objectLike({
          Action: { Block: {} },
          Statement: { RateBasedStatement: { Limit: dev.config.api.wafRateLimitPer5Minutes, AggregateKeyType: 'IP' } },
        }),
        Match.objectLike({
          Statement: {
            ManagedRuleGroupStatement: Match.objectLike({
              VendorName: 'AWS',
              Name: 'AWSManagedRulesCommonRuleSet',
              // Bodies up to 100 KB are legitimate: the 8 KB body rule only counts.
              RuleActionOverrides: [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }],
            }),
          },
        }),
      ]),
    });
    const [stageId] = resourcesOfType(dev.apiAll, 'AWS::ApiGateway::Stage')[0] ?? [];
    const [webAclId] = resourcesOfType(dev.apiAll, 'AWS::WAFv2::WebACL')[0] ?? [];
    const associations = resourcesOfType(dev.apiAll, 'AWS::WAFv2::WebACLAssociation');
    expect(associations).toHaveLength(1);
    expect(JSON.stringify(associations[0]?.[1].Properties?.ResourceArn)).toContain(`{"Ref":"${stageId}"}`);
    expect(associations[0]?.[1].Properties?.WebACLArn).toEqual({ 'Fn::GetAtt': [webAclId, 'Arn'] });
  });

  it('outputs the API URL', () => {
    dev.apiAll.hasOutput('ApiUrl', {});
  });
});

describe('background jobs', () => {
  it('meters API calls from the access log, whose format carries what metering reads', () => {
    const jobs = dev.stacks.api.node.findChild('Jobs') as unknown as {
      metering: { function: { node: { defaultChild: unknown } } };
    };
    const meteringId = logicalIdOf(jobs.metering.function.node.defaultChild);
    // The access log's filter; the functions' meter lines have their own (tests/infra/metering.test.ts).
    const filters = resourcesOfType(dev.apiAll, 'AWS::Logs::SubscriptionFilter').filter(
      ([, f]) => f.Properties?.FilterPattern === '"/v1/tenants/"',
    );
    expect(filters).toHaveLength(1);
    expect(JSON.stringify(filters[0]?.[1].Properties?.DestinationArn)).toContain(meteringId);
    const stage = resourcesOfType(dev.apiAll, 'AWS::ApiGateway::Stage')[0]?.[1].Properties as {
      AccessLogSetting: { Format: string };
    };
    const format = JSON.parse(stage.AccessLogSetting.Format) as Record<string, string>;
    expect(format).toMatchObject({
      path: '$context.path',
      requestTimeEpoch: '$context.requestTimeEpoch',
      errorType: '$context.error.responseType',
    });
  });

  it('purges deleted tenants daily through EventBridge Scheduler', () => {
    const jobs = dev.stacks.api.node.findChild('Jobs') as unknown as { purge: { function: { node: { defaultChild: unknown } } } };
    const purgeId = logicalIdOf(jobs.purge.function.node.defaultChild);
    // The per-salon schedules are made at run time (tests/infra/tenant-purge.test.ts): one stands in the template.
    const schedules = resourcesOfType(dev.apiAll, 'AWS::Scheduler::Schedule');
    // The purge, the hourly key maintenance and the 15-minute reservation sweep.
    expect(schedules.map(([, s]) => s.Properties?.ScheduleExpression).sort()).toEqual([
      'rate(1 day)',
      'rate(1 hour)',
      'rate(15 minutes)',
    ]);
    const daily = schedules.find(([, s]) => s.Properties?.ScheduleExpression === 'rate(1 day)');
    expect(JSON.stringify(daily?.[1].Properties?.Target)).toContain(purgeId);
  });
});

describe('billing configuration', () => {
  const billingRoutes = routeList.filter((r) => r.billing?.length);

  it('the route table has billing routes', () => {
    expect(billingRoutes.map((r) => r.id)).toEqual(expect.arrayContaining(['createCheckoutSession', 'receiveStripeEvent']));
  });

  it.each(routeList.map((r) => [r.id, r] as const))(
    '%s gets exactly the Stripe settings and secret reads it needs',
    (_id, route) => {
      const env = environmentOf(dev.apiAll, functionId(route.id));
      const needs = new Set(route.billing ?? []);
      expect('STRIPE_SECRET_KEY_PARAMETER' in env).toBe(needs.has('stripe-api-key'));
      expect('STRIPE_WEBHOOK_SECRET_PARAMETER' in env).toBe(needs.has('stripe-webhook-secret'));
      expect('BILLING_CURRENCY' in env).toBe(needs.has('currency'));
      // Secrets never travel as values, only as parameter names.
      expect(Object.keys(env).filter((k) => /^STRIPE_(SECRET_KEY|WEBHOOK_SECRET)$/.test(k))).toEqual([]);
      const ssmStatements = statementsOfRole(dev.apiAll, roleId(route.id)).filter((s) =>
        JSON.stringify(s.Action).includes('ssm:'),
      );
      // The unsubscribe-link secret is the notifications' own parameter (checked in tests/infra/notifications-stack.test.ts).
      const unsubscribe = ssmStatements.filter((s) => JSON.stringify(s.Resource).includes('unsubscribe-secret'));
      expect(unsubscribe.length > 0).toBe(route.notifications?.includes('unsubscribe-secret') ?? false);
      const ssm = ssmStatements.filter((s) => !unsubscribe.includes(s));
      if (!needs.has('stripe-api-key') && !needs.has('stripe-webhook-secret')) {
        expect(ssm).toEqual([]);
        return;
      }
      expect(ssm).toHaveLength(1);
      expect(ssm[0]?.Action).toBe('ssm:GetParameter');
      const resources = JSON.stringify(ssm[0]?.Resource);
      expect(resources.includes('stripe/secret-key')).toBe(needs.has('stripe-api-key'));
      expect(resources.includes('stripe/webhook-secret')).toBe(needs.has('stripe-webhook-secret'));
      expect(resources).not.toContain('*');
    },
  );
});

describe('stack size', () => {
  /** CloudFormation refuses a template of more than 500 resources; this leaves room to see it coming. */
  const LIMIT = 400;

  it(`the API stack and each nested stack of functions hold fewer than ${LIMIT} resources`, () => {
    expect(Object.keys(resources(dev.api)).length).toBeLessThan(LIMIT);
    expect(dev.apiNested.length).toBeGreaterThan(1);
    for (const nested of dev.apiNested) expect(Object.keys(resources(nested.template)).length, nested.group).toBeLessThan(LIMIT);
  });

  it('route groups come from the path alone', () => {
    expect(routeGroup('/v1/tenants/{tenantId}/appointments/{appointmentId}')).toBe('appointments');
    expect(routeGroup('/v1/tenants/{tenantId}/clients')).toBe('clients');
    expect(routeGroup('/v1/tenants/{tenantId}/gift-cards/{cardId}/redeem')).toBe('gift-cards');
    expect(routeGroup('/v1/public/{slug}/bookings')).toBe('public');
    expect(routeGroup('/v1/public/unsubscribe')).toBe('public');
    expect(routeGroup('/v1/tenants/{tenantId}')).toBe('platform');
    expect(routeGroup('/v1/tenants')).toBe('platform');
    expect(routeGroup('/v1/webhooks/stripe')).toBe('platform');
    expect(() => routeGroup('/v1/tenants/{tenantId}/{other}')).toThrow(/No route group/);
  });

  it.each(routeList.map((r) => [r.id, routeGroup(r.path)] as const))(
    '%s: its function, role, policy, log group, invoke permission and latency alarm are in the nested stack of %s',
    (routeId, group) => {
      const nested = dev.apiNested.find((n) => n.group === group);
      expect(nested, group).toBeDefined();
      const fn = dev.stacks.api.routes.functionFor(routeId);
      expect(Stack.of(fn.function)).toBe(nested?.stack);
      const own = resources(nested?.template as Template);
      const functionLogicalId = logicalIdOf(fn.function.node.defaultChild);
      expect(own[functionLogicalId]?.Type).toBe('AWS::Lambda::Function');
      expect(own[logicalIdOf(fn.role.node.defaultChild)]?.Type).toBe('AWS::IAM::Role');
      expect(own[logicalIdOf(fn.logGroup.node.defaultChild)]?.Type).toBe('AWS::Logs::LogGroup');
      const policies = Object.values(own).filter(
        (r) =>
          r.Type === 'AWS::IAM::Policy' &&
          JSON.stringify(r.Properties?.Roles).includes(`"${logicalIdOf(fn.role.node.defaultChild)}"`),
      );
      expect(policies.length).toBeLessThanOrEqual(1);
      expect(resources(dev.api)[functionLogicalId]).toBeUndefined();
      const alarms = Object.values(own).filter(
        (r) =>
          r.Type === 'AWS::CloudWatch::Alarm' &&
          JSON.stringify(r.Properties?.Dimensions).includes(`{"Name":"route","Value":"${routeId}"}`),
      );
      expect(alarms, 'its latency alarm').toHaveLength(1);
      // The one permission: API Gateway may invoke it through its method, on this stage, and nothing else.
      const route = routeList.find((r) => r.id === routeId) as (typeof routeList)[number];
      const permissions = Object.values(own).filter(
        (r) =>
          r.Type === 'AWS::Lambda::Permission' &&
          JSON.stringify(r.Properties?.FunctionName) === JSON.stringify({ 'Fn::GetAtt': [functionLogicalId, 'Arn'] }),
      );
      expect(permissions).toHaveLength(1);
      expect(permissions[0]?.Properties).toMatchObject({
        Action: 'lambda:InvokeFunction',
        Principal: 'apigateway.amazonaws.com',
      });
      const sourceArn = JSON.stringify(permissions[0]?.Properties?.SourceArn);
      expect(sourceArn).toContain(`/${dev.config.stage}/${route.method}${route.path.replace(/\{[^}]*\}/g, '*')}"`);
      expect(sourceArn).toContain(':execute-api:');
    },
  );

  describe('adding routes', () => {
    const added: RouteEntry[] = [
      {
        ...(routeList[0] as RouteEntry),
        id: 'addedToClients',
        method: 'POST',
        path: '/v1/tenants/{tenantId}/clients/{clientId}/notes',
      },
      { ...(routeList[0] as RouteEntry), id: 'addedGroup', method: 'GET', path: '/v1/tenants/{tenantId}/gift-cards' },
      { ...(routeList[0] as RouteEntry), id: 'addedToPlatform', method: 'GET', path: '/v1/added' },
    ];
    let extended: SynthesizedApp;
    beforeAll(() => {
      // New routes first: where a function lands must not depend on the order of the table either.
      extended = synthesize({ stage: 'dev' }, { routes: [...added, ...routeList] });
    }, 60_000);

    const placement = (app: SynthesizedApp, routeId: string) => {
      const fn = app.stacks.api.routes.functionFor(routeId).function;
      const stack = Stack.of(fn) as NestedStack;
      return { stack: logicalIdOf(stack.nestedStackResource), function: logicalIdOf(fn.node.defaultChild) };
    };

    it('moves no existing function to another stack, nor renames it', () => {
      for (const route of routeList) expect(placement(extended, route.id), route.id).toEqual(placement(dev, route.id));
      expect(placement(extended, 'addedToClients').stack).toBe(placement(dev, 'listClients').stack);
      expect(extended.apiNested.map((n) => n.group)).toContain('gift-cards');
    });

    it('redeploys the API (a new Deployment) when methods change, and only then', () => {
      const deploymentOf = (app: SynthesizedApp) => resourcesOfType(app.api, 'AWS::ApiGateway::Deployment').map(([id]) => id);
      expect(deploymentOf(dev)).toHaveLength(1);
      expect(deploymentOf(extended)).not.toEqual(deploymentOf(dev));
      expect(deploymentOf(synthesize({ stage: 'dev' }))).toEqual(deploymentOf(dev));
    }, 60_000);
  });
});
