/** Reminder schedules in CDK: group, execution role, target DLQ, stream-fed sync function and its scoped IAM. */
import type { CfnResource } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BackgroundJobs } from '../../lib/constructs/background-jobs';
import { SYNC_SCHEDULER_ACTIONS } from '../../lib/constructs/reminders';
import {
  type SynthesizedApp,
  actionsOf,
  environmentOf,
  resourcesOfType,
  statementsOfRole,
  synthesize,
  expectSchedulerTargetRole,
} from './support';

let dev: SynthesizedApp;
beforeAll(() => {
  dev = synthesize({ stage: 'dev' });
}, 60_000);

const reminders = () => (dev.stacks.api.node.findChild('Jobs') as BackgroundJobs).reminders;
const id = (c: { node: { defaultChild?: unknown } }) => dev.stacks.api.getLogicalId(c.node.defaultChild as CfnResource);

describe('reminders infrastructure', () => {
  it('streams the table with old and new images', () => {
    dev.data.hasResourceProperties('AWS::DynamoDB::Table', { StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' } });
  });

  it('has one schedule group for the stage', () => {
    const groups = resourcesOfType(dev.api, 'AWS::Scheduler::ScheduleGroup');
    // Besides the purge fan-out's (tests/infra/tenant-purge.test.ts).
    expect(groups.map(([, g]) => String(g.Properties?.Name)).filter((n) => !n.endsWith('-purge'))).toEqual([
      'Rendezvous-dev-reminders',
    ]);
  });

  it('lets Scheduler, in this account, invoke the reminder function only, and dead-letter to its queue', () => {
    expectSchedulerTargetRole(dev.api, id(reminders().schedulerRole), id(reminders().send.function));
  });

  it('feeds the sync function appointment records and the salon item changes only, bisecting on error, parking failures in a queue', () => {
    const mappings = resourcesOfType(dev.api, 'AWS::Lambda::EventSourceMapping').filter(
      ([, m]) => JSON.stringify(m.Properties?.FunctionName) === JSON.stringify({ Ref: id(reminders().sync.function) }),
    );
    expect(mappings).toHaveLength(1);
    const mapping = { Properties: mappings[0]?.[1].Properties ?? {} };
    expect(mapping.Properties).toMatchObject({
      FunctionName: { Ref: id(reminders().sync.function) },
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      StartingPosition: 'TRIM_HORIZON',
      FilterCriteria: {
        Filters: [
          {
            Pattern: JSON.stringify({
              eventName: ['INSERT', 'MODIFY', 'REMOVE'],
              dynamodb: { Keys: { SK: { S: [{ prefix: 'APPT#' }] } } },
            }),
          },
          // Exactly the salon item (services and staff share its prefix): its settings re-plan reminders.
          { Pattern: JSON.stringify({ eventName: ['MODIFY'], dynamodb: { Keys: { SK: { S: ['SALON'] } } } }) },
        ],
      },
    });
    const fn = resourcesOfType(dev.api, 'AWS::Lambda::Function').find(
      ([logicalId]) => logicalId === id(reminders().sync.function),
    );
    expect(fn?.[1].Properties?.Timeout).toBe(300);
    expect(JSON.stringify(mapping.Properties.DestinationConfig)).toContain('ReminderSyncDeadLetters');
  });

  it('lets the sync function manage schedules of its group only and pass only the Scheduler role, to Scheduler', () => {
    const fn = id(reminders().sync.function);
    const env = environmentOf(dev.api, fn);
    expect(env).toMatchObject({
      REMINDER_FUNCTION_ARN: { 'Fn::GetAtt': [id(reminders().send.function), 'Arn'] },
      REMINDER_SCHEDULER_ROLE_ARN: { 'Fn::GetAtt': [id(reminders().schedulerRole), 'Arn'] },
    });
    const role = dev.stacks.api.getLogicalId(reminders().sync.role.node.defaultChild as CfnResource);
    const statements = statementsOfRole(dev.api, role);
    const scheduler = statements.find((s) => JSON.stringify(s.Action).includes('scheduler:'));
    expect([scheduler?.Action].flat().sort()).toEqual([...SYNC_SCHEDULER_ACTIONS].sort());
    expect(JSON.stringify(scheduler?.Resource)).toContain(':schedule/');
    expect(JSON.stringify(scheduler?.Resource)).not.toContain('"*"');
    const pass = statements.find((s) => s.Action === 'iam:PassRole');
    expect(pass?.Resource).toEqual({ 'Fn::GetAtt': [id(reminders().schedulerRole), 'Arn'] });
    expect(pass?.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } });
    // It reads the table (salon settings) and never writes it.
    expect(actionsOf(statements)).not.toContain('dynamodb:PutItem');
  });

  it('keeps a reminder whose function keeps failing: two Lambda retries, then its invocation lands in a DLQ', () => {
    const send = id(reminders().send.function);
    const config = resourcesOfType(dev.api, 'AWS::Lambda::EventInvokeConfig')
      .map(([, r]) => r.Properties ?? {})
      .find((p) => JSON.stringify(p.FunctionName).includes(send));
    expect(config).toMatchObject({ MaximumRetryAttempts: 2 });
    expect(JSON.stringify(config?.DestinationConfig)).toContain('ReminderSendDeadLetters');
  });

  it('alarms on the three reminder dead-letter queues', () => {
    const queues = resourcesOfType(dev.api, 'AWS::SQS::Queue').map(([qid]) => qid);
    for (const name of ['ReminderSendDeadLetters', 'ReminderTargetDeadLetters', 'ReminderSyncDeadLetters'])
      expect(queues.some((q) => q.includes(name))).toBe(true);
    const alarmed = JSON.stringify(resourcesOfType(dev.api, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties?.Dimensions));
    for (const q of queues) expect(alarmed).toContain(q);
  });
});
