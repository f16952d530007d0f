/**
 * What ops watch: one SNS topic every alarm notifies, the alarms, a dashboard, and the per-salon views.
 *
 * Metrics come from three places: API Gateway and AWS/Lambda, AWS/DynamoDB and AWS/SQS (free), and our
 * EMF lines (namespace Rendezvous, functions/shared/metric-names.ts; dimensions service and route only).
 * A salon's id is never a metric dimension (each value would be a billed metric): the per-salon views
 * rank salons from the access logs instead, with Contributor Insights rules (live top-N) and saved Logs
 * Insights queries (ad hoc). Thresholds are constants here, chosen for the plans' volumes (README).
 */
import { Duration, Stack } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  type Alarm,
  AlarmStatusWidget,
  CfnInsightRule,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { notifyingAlarm } from './alarm';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, type ILogGroup, MetricFilter, QueryDefinition, QueryString } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BUSINESS_METRICS, METRICS_NAMESPACE, REQUEST_METRICS } from '../../functions/shared/metric-names';

/** p99 a route may take over 15 minutes before it alarms (API Gateway gives up at 29 s). */
export const ROUTE_P99_LATENCY_MS = 3_000;
/** 5xx share of all API answers, in percent, over 5 minutes (three periods in a row). */
export const API_5XX_PERCENT = 1;
/** 429 answers (gateway throttling and the salon limiter) in 5 minutes. */
export const THROTTLES_PER_5_MIN = 100;
/** DynamoDB throttled requests in 5 minutes. */
export const DYNAMODB_THROTTLES_PER_5_MIN = 10;

/** The access-log metric of 429 answers (a metric filter: API Gateway publishes no 429 count). */
export const THROTTLED_METRIC = 'Throttled429';

const SERVICE = 'rendezvous';
const FIVE_MINUTES = Duration.minutes(5);

export interface MonitoringProps {
  readonly prefix: string;
  readonly api: RestApi;
  readonly accessLogs: ILogGroup;
  /** Every route's id: each gets a p99 latency alarm. */
  readonly routeIds: ReadonlyArray<string>;
  /**
   * Where a route's latency alarm goes (the nested stack of the route's function, so the API stack does
   * not grow with the route table); default: here.
   */
  readonly routeAlarmScope?: (routeId: string) => Construct;
  readonly authorizer: IFunction;
  readonly table: ITable;
  /** Dead-letter queues of asynchronous work; each gets a depth alarm. */
  readonly deadLetterQueues: Readonly<Record<string, IQueue>>;
  /** The route of the billing webhook (its 5xx mean Stripe is retrying). */
  readonly webhookRouteId?: string;
  /** The function Scheduler invokes for each reminder (its errors are reminders late or lost). */
  readonly reminderFunction?: IFunction;
}

const routeMetric = (name: string, route: string, statistic: string) =>
  new Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { service: SERVICE, route },
    statistic,
    period: FIVE_MINUTES,
  });

const businessMetric = (name: string) =>
  new Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { service: SERVICE },
    statistic: 'Sum',
    period: FIVE_MINUTES,
  });

export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { api, accessLogs, table } = props;
    const stage = api.deploymentStage;

    // CloudWatch may only publish to an encrypted topic through a customer managed key it may use.
    const key = new Key(this, 'AlarmTopicKey', {
      enableKeyRotation: true,
      description: 'Encrypts the alarm topic; CloudWatch alarms may use it to publish',
    });
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'AlarmTopic', { masterKey: key, enforceSSL: true, displayName: `${props.prefix} alarms` });
    const action = new SnsAction(this.topic);
    const alarm = (
      alarmId: string,
      description: string,
      metric: IMetric,
      threshold: number,
      evaluationPeriods = 1,
      scope: Construct = this,
    ) => {
      const a = notifyingAlarm(scope, alarmId, action, { metric, threshold, evaluationPeriods, description });
      this.alarms.push(a);
      return a;
    };

    const apiRequests = stage.metricCount({ period: FIVE_MINUTES });
    const api5xx = stage.metricServerError({ period: FIVE_MINUTES });
    alarm(
      'Api5xxRate',
      `More than ${API_5XX_PERCENT}% of API answers were 5xx for 15 minutes.`,
      new MathExpression({
        expression: '100 * errors / MAX([requests, 1])',
        usingMetrics: { errors: api5xx, requests: apiRequests },
        label: 'API 5xx %',
        period: FIVE_MINUTES,
      }),
      API_5XX_PERCENT,
      3,
    );

    for (const route of props.routeIds) {
      alarm(
        `Latency${route}`,
        `${route}: p99 latency over ${ROUTE_P99_LATENCY_MS} ms for 15 minutes.`,
        routeMetric(REQUEST_METRICS.latency, route, 'p99'),
        ROUTE_P99_LATENCY_MS,
        3,
        props.routeAlarmScope?.(route),
      );
    }

    const throttled = new MetricFilter(this, 'Throttled429Filter', {
      logGroup: accessLogs,
      metricNamespace: METRICS_NAMESPACE,
      metricName: THROTTLED_METRIC,
      filterPattern: FilterPattern.stringValue('$.status', '=', '429'),
      metricValue: '1',
      defaultValue: 0,
    });
    alarm(
      'Throttles',
      `${THROTTLES_PER_5_MIN} or more 429 answers in 5 minutes (gateway throttling or salon rate limits; see the TopSalonsByThrottles rule).`,
      throttled.metric({ statistic: 'Sum', period: FIVE_MINUTES }),
      THROTTLES_PER_5_MIN,
    );

    alarm(
      'AuthorizerErrors',
      'The authorizer failed (every non-public request then answers 500).',
      props.authorizer.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
      1,
    );
    alarm(
      'AuthorizerThrottles',
      'The authorizer was throttled by Lambda (concurrency).',
      props.authorizer.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }),
      1,
    );

    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      alarm(
        `DeadLetters${name}`,
        `${name}: messages wait in its dead-letter queue (work that failed all retries).`,
        queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
        1,
      );
    }

    if (props.webhookRouteId) {
      alarm(
        'WebhookFailures',
        'The Stripe webhook answered 5xx: Stripe retries, and billing state lags until it succeeds.',
        routeMetric(REQUEST_METRICS.serverErrors, props.webhookRouteId, 'Sum'),
        1,
      );
    }

    if (props.reminderFunction) {
      alarm(
        'ReminderFailures',
        'The reminder function failed: the reminder is late (Lambda retries it twice) or, after that, waits in the ReminderSend dead-letter queue.',
        props.reminderFunction.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
        1,
      );
    }

    const dynamoThrottles = new MathExpression({
      expression: 'reads + writes',
      usingMetrics: {
        reads: table.metric('ReadThrottleEvents', { period: FIVE_MINUTES, statistic: 'Sum' }),
        writes: table.metric('WriteThrottleEvents', { period: FIVE_MINUTES, statistic: 'Sum' }),
      },
      label: 'DynamoDB throttle events',
      period: FIVE_MINUTES,
    });
    alarm(
      'DynamoDbThrottles',
      `${DYNAMODB_THROTTLES_PER_5_MIN} or more throttled DynamoDB requests in 5 minutes (a hot key, or on-demand limits).`,
      dynamoThrottles,
      DYNAMODB_THROTTLES_PER_5_MIN,
    );

    this.dashboard = new Dashboard(this, 'Dashboard', { defaultInterval: Duration.hours(3) });
    const search = (metric: string, statistic: string, label: string) =>
      new MathExpression({
        expression: `SEARCH('{${METRICS_NAMESPACE},service,route} MetricName="${metric}"', '${statistic}', 300)`,
        label,
        period: FIVE_MINUTES,
      });
    this.dashboard.addWidgets(
      new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 }),
      new GraphWidget({
        title: 'API requests and errors',
        left: [apiRequests],
        right: [api5xx, stage.metricClientError({ period: FIVE_MINUTES })],
        width: 12,
      }),
      new GraphWidget({
        title: 'API latency p99',
        left: [stage.metricLatency({ period: FIVE_MINUTES, statistic: 'p99' })],
        width: 12,
      }),
      new GraphWidget({ title: 'Requests per route', left: [search(REQUEST_METRICS.requests, 'Sum', '')], width: 12 }),
      new GraphWidget({ title: 'p99 latency per route (ms)', left: [search(REQUEST_METRICS.latency, 'p99', '')], width: 12 }),
      new GraphWidget({ title: '5xx per route', left: [search(REQUEST_METRICS.serverErrors, 'Sum', '')], width: 12 }),
      new GraphWidget({
        title: 'Refusals',
        left: [
          throttled.metric({ statistic: 'Sum', period: FIVE_MINUTES }),
          businessMetric(BUSINESS_METRICS.rateLimitRefusal),
          businessMetric(BUSINESS_METRICS.planLimitRefusal),
        ],
        width: 12,
      }),
      new GraphWidget({
        title: 'Bookings',
        left: [
          businessMetric(BUSINESS_METRICS.appointmentBooked),
          businessMetric(BUSINESS_METRICS.onlineBooking),
          businessMetric(BUSINESS_METRICS.appointmentCancelled),
          businessMetric(BUSINESS_METRICS.appointmentNoShow),
        ],
        width: 12,
      }),
      new GraphWidget({
        title: 'Authorizer, webhook, DynamoDB',
        left: [
          props.authorizer.metricErrors({ period: FIVE_MINUTES }),
          businessMetric(BUSINESS_METRICS.webhookEventApplied),
          dynamoThrottles,
        ],
        right: [props.authorizer.metricDuration({ period: FIVE_MINUTES, statistic: 'p99' })],
        width: 12,
      }),
      // Emitted by the delivery function (Notifications stack); parked messages also alarm there.
      new GraphWidget({
        title: 'Messages',
        left: [
          businessMetric(BUSINESS_METRICS.messageSent),
          businessMetric(BUSINESS_METRICS.reminderSent),
          businessMetric(BUSINESS_METRICS.messageSuppressed),
          businessMetric(BUSINESS_METRICS.messageParked),
          businessMetric(BUSINESS_METRICS.messageFellBack),
        ],
        width: 12,
      }),
    );

    this.addSalonViews(props);
  }

  /** Top salons by requests, 5xx and 429, from the access logs' `tenantId` (the authorizer's context). */
  private addSalonViews(props: MonitoringProps): void {
    const { accessLogs, prefix } = props;
    const stack = Stack.of(this);
    const rules: Record<string, ReadonlyArray<Record<string, unknown>>> = {
      TopSalonsByRequests: [],
      TopSalonsByErrors: [{ Match: '$.status', StartsWith: ['5'] }],
      TopSalonsByThrottles: [{ Match: '$.status', In: ['429'] }],
    };
    for (const [name, filters] of Object.entries(rules)) {
      new CfnInsightRule(this, name, {
        ruleName: `${prefix}-${name}`,
        ruleState: 'ENABLED',
        ruleBody: stack.toJsonString({
          Schema: { Name: 'CloudWatchLogRule', Version: 1 },
          LogGroupNames: [accessLogs.logGroupName],
          LogFormat: 'JSON',
          Contribution: { Keys: ['$.tenantId'], Filters: [{ Match: '$.tenantId', NotIn: ['-', ''] }, ...filters] },
          AggregateOn: 'Count',
        }),
      });
    }

    const salon = 'ispresent(tenantId) and tenantId != "-"';
    const queries: Record<string, QueryString> = {
      'requests-by-salon': new QueryString({
        filterStatements: [salon],
        statsStatements: ['count(*) as requests by tenantId'],
        sort: 'requests desc',
        limit: 50,
      }),
      'errors-by-salon-and-route': new QueryString({
        filterStatements: [salon, 'status like /^5/'],
        statsStatements: ['count(*) as errors by tenantId, resourcePath'],
        sort: 'errors desc',
        limit: 50,
      }),
      'throttles-by-salon': new QueryString({
        filterStatements: [salon, 'status = "429"'],
        statsStatements: ['count(*) as throttled by tenantId'],
        sort: 'throttled desc',
        limit: 50,
      }),
      // Replace the id: the latest requests of one salon, to follow a support ticket.
      'one-salon-requests': new QueryString({
        fields: ['requestTime', 'method', 'path', 'status', 'latency', 'requestId'],
        filterStatements: ['tenantId = "REPLACE_WITH_TENANT_ID"'],
        sort: '@timestamp desc',
        limit: 200,
      }),
    };
    for (const [name, queryString] of Object.entries(queries)) {
      new QueryDefinition(this, `Query-${name}`, {
        queryDefinitionName: `${prefix}/${name}`,
        queryString,
        logGroups: [accessLogs],
      });
    }
  }
}
