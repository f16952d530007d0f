/**
 * The HTTP edge: a REST API built from the route table, its Lambda authorizer, error envelope for
 * gateway-generated responses, access logs, throttling and a WAF web ACL.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat, EndpointType, LogGroupLogDestination, MethodLoggingLevel, RestApi } from 'aws-cdk-lib/aws-apigateway';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { authorizerEntry, routeList } from '../../functions/routes';
import { ApiFirewall } from '../constructs/api-firewall';
import { BackgroundJobs } from '../constructs/background-jobs';
import { Monitoring } from '../constructs/monitoring';
import { SalonExports } from '../constructs/salon-exports';
import { ApiRoutes, type RouteEntry } from '../constructs/api-routes';
import type { DataResources } from '../constructs/app-function';
import { addGatewayResponses } from '../constructs/gateway-responses';
import { acknowledge } from '../nag';
import type { StageConfig } from '../stage-config';

export interface ApiStackProps extends StackProps {
  readonly config: StageConfig;
  readonly data: DataResources;
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;
  /** The route table; tests may pass another one. */
  readonly routes?: ReadonlyArray<RouteEntry>;
}

/** One JSON object per request; every value is a plain context variable, so the line stays valid JSON. */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  extendedRequestId: '$context.extendedRequestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  method: '$context.httpMethod',
  path: '$context.path',
  resourcePath: '$context.resourcePath',
  protocol: '$context.protocol',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latency: '$context.responseLatency',
  integrationLatency: '$context.integration.latency',
  integrationStatus: '$context.integration.status',
  authorizerStatus: '$context.authorizer.status',
  authorizerLatency: '$context.authorizer.latency',
  principalId: '$context.authorizer.principalId',
  // The salon of tenant routes, as the authorizer saw it: what the per-salon views rank (monitoring.ts).
  tenantId: '$context.authorizer.tenantId',
  // Milliseconds: what API-call metering uses to place a call in the tenant's month.
  requestTimeEpoch: '$context.requestTimeEpoch',
  errorType: '$context.error.responseType',
  wafResponseCode: '$context.wafResponseCode',
} as const;

const WEBHOOK_ROUTE_ID = 'receiveStripeEvent';

export class ApiStack extends Stack {
  readonly api: RestApi;
  readonly routes: ApiRoutes;
  readonly accessLogs: LogGroup;
  /** Metering, purge, reminders, file events: `jobs.meterLogsOf` meters other stacks' functions too. */
  readonly jobs: BackgroundJobs;
  readonly monitoring: Monitoring;
  /** The salon export job (lib/constructs/salon-exports.ts). */
  readonly salonExports: SalonExports;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    // References to the data and identity stacks are strong (Fn::ImportValue): CloudFormation refuses
    // to remove or replace the table, bucket, key or user pool while this stack uses them.
    this.node.setContext('@aws-cdk/core:defaultCrossStackReferences', 'strong');
    const { config } = props;

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: config.logRetention,
      removalPolicy: config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    this.api = new RestApi(this, 'Api', {
      description: `Rendezvous HTTP API (${config.stage})`,
      endpointConfiguration: { types: [EndpointType.REGIONAL] },
      // Execution logging needs the account-level CloudWatch role of API Gateway.
      cloudWatchRole: true,
      deployOptions: {
        stageName: config.stage,
        accessLogDestination: new LogGroupLogDestination(this.accessLogs),
        accessLogFormat: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
        loggingLevel: MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        metricsEnabled: true,
        tracingEnabled: config.functions.tracing,
        throttlingRateLimit: config.api.throttlingRateLimit,
        throttlingBurstLimit: config.api.throttlingBurstLimit,
      },
      // Preflights are answered by API Gateway itself (mock integration), for the allowed origins only.
      defaultCorsPreflightOptions: {
        allowOrigins: [...config.corsOrigins],
        allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
        maxAge: Duration.minutes(10),
      },
    });
    addGatewayResponses(this.api, new URL(config.appUrl).origin);

    this.routes = new ApiRoutes(this, 'Routes', {
      api: this.api,
      stageName: config.stage,
      routes: props.routes ?? routeList,
      authorizerEntry,
      authorizerEnvironment: {
        TOKEN_ISSUER: `https://cognito-idp.${this.region}.${this.urlSuffix}/${props.userPool.userPoolId}`,
        USER_POOL_CLIENT_ID: props.userPoolClient.userPoolClientId,
      },
      resources: {
        table: props.data.table,
        bucket: props.data.bucket,
        dataKey: props.data.dataKey,
        userPool: props.userPool,
      },
      config,
    });

    // CORS preflights carry no token by the browser's rules: public by nature, answered by a mock integration.
    for (const method of this.api.methods.filter((m) => m.httpMethod === 'OPTIONS')) {
      acknowledge(method, 'AwsSolutions-APIG4', 'CORS preflight: browsers send it without credentials; it reaches no function.');
      acknowledge(method, 'AwsSolutions-COG4', 'CORS preflight: browsers send it without credentials; it reaches no function.');
    }

    const jobs = new BackgroundJobs(this, 'Jobs', {
      accessLogs: this.accessLogs,
      resources: {
        table: props.data.table,
        bucket: props.data.bucket,
        dataKey: props.data.dataKey,
        userPool: props.userPool,
      },
      config,
    });
    this.jobs = jobs;
    // Tenant routes measure each request's DynamoDB capacity (middleware/tenant-route.ts).
    for (const route of (props.routes ?? routeList).filter((r) => r.auth === 'tenant')) {
      jobs.meterLogsOf(this.routes.functionFor(route.id));
    }
    this.salonExports = new SalonExports(this, 'SalonExports', {
      resources: { table: props.data.table, bucket: props.data.bucket, dataKey: props.data.dataKey, userPool: props.userPool },
      config,
    });

    new ApiFirewall(this, 'Firewall', {
      stage: this.api.deploymentStage,
      rateLimitPer5Minutes: config.api.wafRateLimitPer5Minutes,
      metricPrefix: `${config.stackPrefix}-Api`,
    });

    acknowledge(
      this.api,
      'AwsSolutions-APIG2',
      'Requests are validated in the handlers with zod schemas, which answer in the API error envelope; ' +
        'API Gateway request validators would duplicate the schemas with weaker error messages.',
    );
    const cloudWatchRole = this.api.node.tryFindChild('CloudWatchRole');
    if (cloudWatchRole) {
      acknowledge(
        cloudWatchRole,
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        "API Gateway's account-level logging role uses the AWS-managed policy made for exactly this purpose; " +
          'it is assumed by API Gateway only.',
      );
    }

    const routes = props.routes ?? routeList;
    this.monitoring = new Monitoring(this, 'Monitoring', {
      prefix: config.stackPrefix,
      api: this.api,
      accessLogs: this.accessLogs,
      routeIds: routes.map((r) => r.id),
      routeAlarmScope: (routeId) => this.routes.functionStackFor(routeId),
      authorizer: this.routes.authorizerFunction.function,
      table: props.data.table,
      deadLetterQueues: { ...jobs.deadLetterQueues, ...this.salonExports.deadLetterQueues },
      reminderFunction: jobs.reminders.send.function,
      ...(routes.some((r) => r.id === WEBHOOK_ROUTE_ID) ? { webhookRouteId: WEBHOOK_ROUTE_ID } : {}),
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.monitoring.topic.topicArn,
      description: 'Subscribe to receive alarms (README: Alarms)',
    });
  }
}
