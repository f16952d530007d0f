/**
 * The purge in CDK: a daily run that may only read the queue and create schedules in its own group, a
 * worker with the least it needs (its partitions, the salons' object prefix, reminder deletes, the
 * Stripe key), the role Scheduler invokes it with, and dead letters at every hop.
 */
import type { CfnResource } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { PURGE_TARGET_MAX_EVENT_AGE_SECONDS } from '../../functions/shared/domain/purge';
import {
  type BackgroundJobs,
  PURGE_WORKER_DELETE_ACTIONS,
  PURGE_WORKER_LIST_ACTIONS,
  PURGE_WORKER_SCHEDULER_ACTIONS,
} from '../../lib/constructs/background-jobs';
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

const jobs = () => dev.stacks.api.node.findChild('Jobs') as BackgroundJobs;
const id = (c: { node: { defaultChild?: unknown } }) => dev.stacks.api.getLogicalId(c.node.defaultChild as CfnResource);
const json = (v: unknown) => JSON.stringify(v);

describe('tenant purge infrastructure', () => {
  it('has its own schedule group, and the daily run may only create schedules there and pass the purge role', () => {
    const groups = resourcesOfType(dev.api, 'AWS::Scheduler::ScheduleGroup').map(([, g]) => g.Properties?.Name);
    expect(groups).toContain('Rendezvous-dev-purge');
    const statements = statementsOfRole(dev.api, id(jobs().purge.role));
    const scheduler = statements.filter((s) => json(s.Action).includes('scheduler:'));
    expect(scheduler.map((s) => s.Action)).toEqual(['scheduler:CreateSchedule']);
    expect(json(scheduler[0]?.Resource)).toContain(':schedule/Rendezvous-dev-purge/*"');
    const pass = statements.find((s) => s.Action === 'iam:PassRole');
    expect(pass?.Resource).toEqual({ 'Fn::GetAtt': [id(jobs().purgeSchedulerRole), 'Arn'] });
    expect(pass?.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } });
    // Reads the queue; deletes nothing itself.
    const actions = actionsOf(statements);
    expect(actions.some((a) => /dynamodb:(BatchWrite|Delete|Put|Update)/.test(a))).toBe(false);
    expect(actions.some((a) => a.startsWith('s3:'))).toBe(false);
    const env = environmentOf(dev.api, id(jobs().purge.function));
    expect(env).toMatchObject({
      PURGE_SCHEDULE_GROUP: 'Rendezvous-dev-purge',
      PURGE_FUNCTION_ARN: { 'Fn::GetAtt': [id(jobs().purgeWorker.function), 'Arn'] },
      PURGE_SCHEDULER_ROLE_ARN: { 'Fn::GetAtt': [id(jobs().purgeSchedulerRole), 'Arn'] },
    });
    expect(json(env.PURGE_DEAD_LETTER_ARN)).toContain('PurgeTargetDeadLetters');
  });

  it('lets Scheduler, in this account, invoke the worker only, and dead-letter to its queue', () => {
    const statements = expectSchedulerTargetRole(dev.api, id(jobs().purgeSchedulerRole), id(jobs().purgeWorker.function));
    expect(json(statements.find((s) => json(s.Action).includes('sqs:SendMessage'))?.Resource)).toContain(
      'PurgeTargetDeadLetters',
    );
  });

  it('gives the worker the salons’ prefix of the bucket, reminder deletes and the Stripe key, nothing wider', () => {
    const statements = statementsOfRole(dev.api, id(jobs().purgeWorker.role));
    const bucket = id(dev.stacks.data.bucket);
    const list = statements.find((s) => json(s.Action) === json(PURGE_WORKER_LIST_ACTIONS));
    expect(list?.Resource).toEqual({ 'Fn::ImportValue': expect.stringContaining(bucket) });
    expect(list?.Condition).toEqual({ StringLike: { 's3:prefix': ['tenants/*'] } });
    const remove = statements.find((s) => json(s.Action) === json(PURGE_WORKER_DELETE_ACTIONS));
    expect(json(remove?.Resource)).toContain('/tenants/*');
    // No other S3 action: no reads of the objects, no writes.
    const s3 = actionsOf(statements).filter((a) => a.startsWith('s3:'));
    expect(s3.sort()).toEqual([...PURGE_WORKER_LIST_ACTIONS, ...PURGE_WORKER_DELETE_ACTIONS].sort());
    const scheduler = statements.filter((s) => json(s.Action).includes('scheduler:'));
    expect(scheduler.map((s) => s.Action)).toEqual(PURGE_WORKER_SCHEDULER_ACTIONS);
    expect(json(scheduler[0]?.Resource)).toContain(':schedule/Rendezvous-dev-reminders/*"');
    const ssm = statements.find((s) => s.Action === 'ssm:GetParameter');
    expect(json(ssm?.Resource)).toContain('parameter/');
    expect(actionsOf(statements).some((a) => a.startsWith('kms:') || a.startsWith('lambda:'))).toBe(false);

    const env = environmentOf(dev.api, id(jobs().purgeWorker.function));
    expect(env).toMatchObject({ PURGE_BUCKET_VERSIONED: 'true', REMINDER_SCHEDULE_GROUP: 'Rendezvous-dev-reminders' });
    expect(env.STRIPE_SECRET_KEY_PARAMETER).toEqual(expect.any(String));
    // The flag says what the bucket is.
    dev.data.hasResourceProperties('AWS::S3::Bucket', { VersioningConfiguration: { Status: 'Enabled' } });
  });

  it('keeps every failed purge: the worker retries twice within its event age, then its invocation lands in a DLQ', () => {
    const worker = id(jobs().purgeWorker.function);
    const config = resourcesOfType(dev.api, 'AWS::Lambda::EventInvokeConfig')
      .map(([, r]) => r.Properties ?? {})
      .find((p) => json(p.FunctionName).includes(worker));
    expect(config).toMatchObject({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: PURGE_TARGET_MAX_EVENT_AGE_SECONDS });
    expect(json(config?.DestinationConfig)).toContain('PurgeTenantDeadLetters');
    expect(Object.keys(jobs().deadLetterQueues)).toEqual(expect.arrayContaining(['Purge', 'PurgeTarget', 'PurgeTenant']));
    const fn = resourcesOfType(dev.api, 'AWS::Lambda::Function').find(([k]) => k === worker)?.[1];
    expect(fn?.Properties?.Timeout).toBe(900);
  });
});
