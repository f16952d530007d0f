/**
 * Alarms, dashboard and per-salon views (lib/constructs/monitoring.ts), read from the synthesized API
 * stack. cdk-nag over the same app is checked in cdk-nag.test.ts.
 */
import type { CfnResource } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { routeList } from '../../functions/routes';
import { BUSINESS_METRICS, REQUEST_METRICS } from '../../functions/shared/metric-names';
import { THROTTLED_METRIC } from '../../lib/constructs/monitoring';
import { ACCESS_LOG_FIELDS } from '../../lib/stacks/api-stack';
import { type Resources, resourcesOfType, type SynthesizedApp, synthesize } from './support';

let dev: SynthesizedApp;
beforeAll(() => {
  dev = synthesize({ stage: 'dev' });
}, 60_000);

type Resource = Resources[string];
const logicalId = (cfn: unknown) => dev.stacks.api.getLogicalId(cfn as CfnResource);
const topicId = () => logicalId(dev.stacks.api.monitoring.topic.node.defaultChild);
const accessLogsId = () => logicalId(dev.stacks.api.accessLogs.node.defaultChild);
// The routes' latency alarms live in the nested stacks of their functions: read the merged view.
const alarms = () => resourcesOfType(dev.apiAll, 'AWS::CloudWatch::Alarm').map(([, r]) => r);
const props = (r: Resource) => r.Properties ?? {};

interface MetricStat {
  Metric: { Namespace: string; MetricName: string; Dimensions?: Array<{ Name: string; Value: unknown }> };
  Stat: string;
}
interface AlarmMetric {
  Id: string;
  Expression?: string;
  MetricStat?: MetricStat;
}

/** The metric names an alarm reads, whether a single metric or a math expression. */
const metricNamesOf = (alarm: Resource): string[] => {
  const p = props(alarm);
  if (typeof p.MetricName === 'string') return [p.MetricName];
  return ((p.Metrics as AlarmMetric[] | undefined) ?? []).flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric.MetricName] : []));
};
const dimensionOf = (alarm: Resource, name: string): unknown =>
  ((props(alarm).Dimensions as Array<{ Name: string; Value: unknown }> | undefined) ?? []).find((d) => d.Name === name)?.Value;
const alarmOn = (metricName: string) => alarms().filter((a) => metricNamesOf(a).includes(metricName));

describe('alarm topic', () => {
  it('is encrypted with a customer managed key CloudWatch may use, refuses plain HTTP, and is an output', () => {
    const [[, topic]] = resourcesOfType(dev.api, 'AWS::SNS::Topic') as [[string, Resource]];
    expect(props(topic).KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [expect.stringContaining('AlarmTopicKey'), 'Arn'] });
    const keys = resourcesOfType(dev.api, 'AWS::KMS::Key').filter(([id]) => id.includes('AlarmTopicKey'));
    expect(JSON.stringify(keys[0]?.[1].Properties?.KeyPolicy)).toContain('cloudwatch.amazonaws.com');
    const policies = resourcesOfType(dev.api, 'AWS::SNS::TopicPolicy');
    expect(JSON.stringify(policies)).toContain('"aws:SecureTransport":"false"');
    const outputs = (dev.api.toJSON() as { Outputs: Record<string, { Value: unknown }> }).Outputs;
    expect(outputs.AlarmTopicArn?.Value).toEqual({ Ref: topicId() });
  });

  it('every alarm notifies the topic when it fires and when it clears', () => {
    expect(alarms().length).toBeGreaterThan(routeList.length);
    for (const alarm of alarms()) {
      expect(props(alarm).AlarmActions).toEqual([{ Ref: topicId() }]);
      expect(props(alarm).OKActions).toEqual([{ Ref: topicId() }]);
      expect(props(alarm).TreatMissingData).toBe('notBreaching');
    }
  });
});

describe('alarms', () => {
  it('API 5xx rate: 5XXError over Count of the stage, in percent, three periods', () => {
    const [alarm] = alarms().filter((a) => metricNamesOf(a).includes('5XXError'));
    expect(alarm).toBeDefined();
    const metrics = props(alarm as Resource).Metrics as AlarmMetric[];
    expect(metrics.find((m) => m.Expression)?.Expression).toBe('100 * errors / MAX([requests, 1])');
    expect(metricNamesOf(alarm as Resource).sort()).toEqual(['5XXError', 'Count']);
    expect(metrics.find((m) => m.MetricStat)?.MetricStat?.Metric.Namespace).toBe('AWS/ApiGateway');
    expect(props(alarm as Resource).EvaluationPeriods).toBe(3);
  });

  it('p99 latency: one alarm per route of the route table, on our Latency metric by service and route', () => {
    const latency = alarmOn(REQUEST_METRICS.latency);
    expect(latency.map((a) => dimensionOf(a, 'route')).sort()).toEqual(routeList.map((r) => r.id).sort());
    for (const a of latency) {
      expect(props(a).ExtendedStatistic).toBe('p99');
      expect(props(a).Namespace).toBe('Rendezvous');
      expect(dimensionOf(a, 'service')).toBe('rendezvous');
    }
  });

  it('throttles: 429 answers counted from the access logs by a metric filter', () => {
    const filters = resourcesOfType(dev.api, 'AWS::Logs::MetricFilter').map(([, r]) => props(r));
    const filter = filters.find((f) => JSON.stringify(f.MetricTransformations).includes(THROTTLED_METRIC));
    expect(filter?.FilterPattern).toBe('{ $.status = "429" }');
    expect(filter?.LogGroupName).toEqual({ Ref: accessLogsId() });
    expect(alarmOn(THROTTLED_METRIC)).toHaveLength(1);
  });

  it("authorizer errors and throttles: the authorizer function's own Lambda metrics", () => {
    const authorizer = logicalId(dev.stacks.api.routes.authorizerFunction.function.node.defaultChild);
    for (const name of ['Errors', 'Throttles']) {
      const [alarm] = alarmOn(name);
      expect(props(alarm as Resource).Namespace).toBe('AWS/Lambda');
      expect(dimensionOf(alarm as Resource, 'FunctionName')).toEqual({ Ref: authorizer });
    }
  });

  it('dead letters: each background job has a DLQ, wired to its retries, with a depth alarm', () => {
    const queues = resourcesOfType(dev.api, 'AWS::SQS::Queue').map(([id]) => id);
    // Metering, the purge's daily run, target and worker, file events and the reservation sweep, the
    // reminders' function, target and sync, key maintenance, re-encryption, and the salon export job.
    expect(queues).toHaveLength(12);
    const depth = alarmOn('ApproximateNumberOfMessagesVisible');
    expect(depth.map((a) => (dimensionOf(a, 'QueueName') as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]).sort()).toEqual(
      [...queues].sort(),
    );
    const invokeConfig = resourcesOfType(dev.api, 'AWS::Lambda::EventInvokeConfig').map(([, r]) => props(r));
    expect(JSON.stringify(invokeConfig)).toMatch(/OnFailure.*Metering/);
    // Every schedule's target has its dead-letter queue; the purge's among them.
    const targets = resourcesOfType(dev.api, 'AWS::Scheduler::Schedule').map(([, s]) => JSON.stringify(props(s).Target));
    for (const target of targets) expect(target).toMatch(/DeadLetterConfig/);
    expect(targets.some((t) => /DeadLetterConfig.*PurgeDeadLetters/.test(t))).toBe(true);
    const [[, fileRule]] = resourcesOfType(dev.api, 'AWS::Events::Rule') as [[string, Resource]];
    expect(JSON.stringify(props(fileRule).Targets)).toMatch(/DeadLetterConfig.*FileEventsDeadLetters/);
  });

  it('webhook failures: 5xx of the Stripe webhook route', () => {
    const webhook = alarmOn(REQUEST_METRICS.serverErrors).filter((a) => dimensionOf(a, 'route') === 'receiveStripeEvent');
    expect(webhook).toHaveLength(1);
    expect(props(webhook[0] as Resource).Threshold).toBe(1);
  });

  it("reminder failures: the reminder function's Lambda errors", () => {
    const send = logicalId(dev.stacks.api.jobs.reminders.send.function.node.defaultChild);
    const failures = alarmOn('Errors').filter((a) => JSON.stringify(dimensionOf(a, 'FunctionName')).includes(send));
    expect(failures).toHaveLength(1);
    expect(props(failures[0] as Resource)).toMatchObject({ Namespace: 'AWS/Lambda', Statistic: 'Sum', Threshold: 1 });
  });

  it('DynamoDB throttles: read and write throttle events of the table', () => {
    const [alarm] = alarmOn('WriteThrottleEvents');
    expect(metricNamesOf(alarm as Resource).sort()).toEqual(['ReadThrottleEvents', 'WriteThrottleEvents']);
  });
});

describe('dashboard', () => {
  it('shows the alarms, per-route metrics (SEARCH, no list to keep up) and the business metrics', () => {
    const [[, dashboard]] = resourcesOfType(dev.api, 'AWS::CloudWatch::Dashboard') as [[string, Resource]];
    const body = JSON.stringify(props(dashboard).DashboardBody);
    expect(body).toContain('alarm');
    expect(body).toContain('SEARCH(');
    for (const name of Object.values(BUSINESS_METRICS).filter((n) => n !== BUSINESS_METRICS.webhookEventApplied)) {
      expect(body).toContain(name);
    }
    expect(body).not.toContain('tenantId');
  });

  it('graphs reminders sent beside the other messages, by service only', () => {
    const [[, dashboard]] = resourcesOfType(dev.api, 'AWS::CloudWatch::Dashboard') as [[string, Resource]];
    // The body is an Fn::Join of JSON text and tokens (alarm ARNs, inside strings): a placeholder for each token.
    const [, parts] = (props(dashboard).DashboardBody as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
    const body = JSON.parse(parts.map((p) => (typeof p === 'string' ? p : 'TOKEN')).join('')) as {
      widgets: Array<{ properties: { title?: string; metrics?: unknown[][] } }>;
    };
    const messages = body.widgets.find((w) => w.properties.title === 'Messages')?.properties.metrics ?? [];
    const graphed = messages.map((m) => m.filter((part) => typeof part === 'string'));
    expect(graphed).toContainEqual(['Rendezvous', BUSINESS_METRICS.reminderSent, 'service', 'rendezvous']);
    expect(graphed).toContainEqual(['Rendezvous', BUSINESS_METRICS.messageSent, 'service', 'rendezvous']);
  });
});

describe('per-salon views', () => {
  it('the access log carries the salon id the authorizer saw', () => {
    expect(ACCESS_LOG_FIELDS.tenantId).toBe('$context.authorizer.tenantId');
  });

  it('Contributor Insights: top salons by requests, 5xx and 429, keyed on $.tenantId of the access logs', () => {
    const rules = resourcesOfType(dev.api, 'AWS::CloudWatch::InsightRule').map(([, r]) => props(r));
    const bodies = Object.fromEntries(
      rules.map((r) => {
        const name = String(r.RuleName).split('-').at(-1);
        // The body is a JSON string with the log group's name as a token: read its literal parts.
        return [name, JSON.stringify(r.RuleBody)];
      }),
    );
    expect(Object.keys(bodies).sort()).toEqual(['TopSalonsByErrors', 'TopSalonsByRequests', 'TopSalonsByThrottles']);
    for (const body of Object.values(bodies)) {
      expect(body).toContain('\\"Keys\\":[\\"$.tenantId\\"]');
      expect(body).toContain(accessLogsId());
      expect(rules.every((r) => r.RuleState === 'ENABLED')).toBe(true);
    }
    expect(bodies.TopSalonsByErrors).toContain('\\"StartsWith\\":[\\"5\\"]');
    expect(bodies.TopSalonsByThrottles).toContain('\\"In\\":[\\"429\\"]');
  });

  it('saved Logs Insights queries over the access logs, by salon', () => {
    const queries = resourcesOfType(dev.api, 'AWS::Logs::QueryDefinition').map(([, r]) => props(r));
    expect(queries.map((q) => String(q.Name).split('/').at(-1)).sort()).toEqual(
      ['errors-by-salon-and-route', 'one-salon-requests', 'requests-by-salon', 'throttles-by-salon'].sort(),
    );
    for (const q of queries) expect(q.LogGroupNames).toEqual([{ Ref: accessLogsId() }]);
    const byName = (n: string) => String(queries.find((q) => String(q.Name).endsWith(n))?.QueryString);
    expect(byName('requests-by-salon')).toContain('stats count(*) as requests by tenantId');
    expect(byName('throttles-by-salon')).toContain('status = "429"');
  });
});
