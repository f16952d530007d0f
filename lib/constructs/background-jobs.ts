/**
 * Work that no HTTP request waits for: API-call metering (subscribed to the API's access logs and to
 * the meter lines of the functions that measure per-salon work, `meterLogsOf`), the
 * purge of tenants whose retention period is over (a daily EventBridge Scheduler run that fans out
 * into one purge-worker invocation per salon, see below), appointment reminders (reminders.ts), the
 * reconciliation of salons' files from S3 events (file-events.ts) and data key rotation with its
 * re-encryption (key-rotation.ts).
 */
import { Duration, Stack, Token } from 'aws-cdk-lib';
import { FilterPattern, type ILogGroup, SubscriptionFilter } from 'aws-cdk-lib/aws-logs';
import { LambdaDestination } from 'aws-cdk-lib/aws-logs-destinations';
import { Schedule, ScheduleExpression, ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { TENANT_OBJECTS_ROOT } from '../../functions/shared/domain/files';
import { PURGE_TARGET_MAX_EVENT_AGE_SECONDS } from '../../functions/shared/domain/purge';
import { deadLetterQueue } from './dead-letter-queue';
import { acknowledgeResolved } from '../nag';
import type { StageConfig } from '../stage-config';
import { AppFunction, type AppResources } from './app-function';
import { billingEnvironment, grantBillingSecrets } from './billing-config';
import { FileEvents } from './file-events';
import { KeyRotation } from './key-rotation';
import { Reminders } from './reminders';

/** What the purge worker may do in Scheduler and S3, besides the table: asserted in tests/infra. */
export const PURGE_WORKER_SCHEDULER_ACTIONS = ['scheduler:DeleteSchedule'];
export const PURGE_WORKER_LIST_ACTIONS = ['s3:ListBucket', 's3:ListBucketVersions'];
export const PURGE_WORKER_DELETE_ACTIONS = ['s3:DeleteObject', 's3:DeleteObjectVersion'];
/** One salon per invocation: Lambda's longest run; a salon not done by then resumes on a retry or the next day. */
const PURGE_WORKER_TIMEOUT_SECONDS = 900;

export interface BackgroundJobsProps {
  readonly accessLogs: ILogGroup;
  readonly resources: AppResources;
  readonly config: StageConfig;
}

export class BackgroundJobs extends Construct {
  readonly metering: AppFunction;
  /** The daily run: lists the due salons and queues one purge per salon. */
  readonly purge: AppFunction;
  /** Purges one salon per invocation. */
  readonly purgeWorker: AppFunction;
  readonly purgeGroup: ScheduleGroup;
  readonly purgeSchedulerRole: Role;
  readonly reminders: Reminders;
  readonly fileEvents: FileEvents;
  readonly keyRotation: KeyRotation;
  /** Where each job's invocations land once their retries are spent (alarmed on in monitoring.ts). */
  readonly deadLetterQueues: Record<string, Queue> = {};

  constructor(scope: Construct, id: string, props: BackgroundJobsProps) {
    super(scope, id);
    const { resources, config } = props;

    this.metering = new AppFunction(this, 'ApiCallMetering', {
      entry: 'functions/metering/count-api-calls.ts',
      description: 'Counts API calls per tenant and month from the API access logs',
      access: ['table:write'],
      resources,
      config,
    });
    // CloudWatch Logs invokes asynchronously: a batch that fails its retries is kept, not lost.
    this.metering.function.configureAsyncInvoke({
      retryAttempts: 2,
      onFailure: new SqsDestination(this.deadLetterQueue('Metering')),
    });
    new SubscriptionFilter(this, 'AccessLogSubscription', {
      logGroup: props.accessLogs,
      destination: new LambdaDestination(this.metering.function),
      // Only tenant routes are metered; the function filters again, this just spares invocations.
      filterPattern: FilterPattern.literal('"/v1/tenants/"'),
    });

    this.fileEvents = new FileEvents(this, 'FileEvents', {
      resources,
      config,
      deadLetterQueue: (name) => this.deadLetterQueue(name),
    });

    this.keyRotation = new KeyRotation(this, 'KeyRotation', {
      resources,
      config,
      deadLetterQueue: (name) => this.deadLetterQueue(name),
    });

    this.reminders = new Reminders(this, 'Reminders', {
      resources,
      config,
      deadLetterQueue: (name) => this.deadLetterQueue(name),
    });

    this.purgeGroup = new ScheduleGroup(this, 'PurgeGroup', { scheduleGroupName: `${config.stackPrefix}-purge` });
    this.purgeWorker = new AppFunction(this, 'PurgeTenant', {
      entry: 'functions/schedules/purge-tenant.ts',
      description: 'Purges one deleted salon past its retention period (keys, schedules, objects, subscription, items)',
      access: ['table:write'],
      resources,
      config,
      timeoutSeconds: PURGE_WORKER_TIMEOUT_SECONDS,
      environment: {
        BUCKET_NAME: resources.bucket.bucketName,
        // The app bucket is versioned (data-stack.ts): a salon's bytes go only with every version.
        PURGE_BUCKET_VERSIONED: 'true',
        REMINDER_SCHEDULE_GROUP: this.reminders.group.scheduleGroupName,
        ...billingEnvironment(['stripe-api-key'], config),
      },
    });
    grantBillingSecrets(this.purgeWorker.function, ['stripe-api-key'], config);
    const stack = Stack.of(this);
    const objects = `${TENANT_OBJECTS_ROOT}*`;
    this.purgeWorker.function.addToRolePolicy(
      new PolicyStatement({
        actions: PURGE_WORKER_LIST_ACTIONS,
        resources: [resources.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [objects] } },
      }),
    );
    this.purgeWorker.function.addToRolePolicy(
      new PolicyStatement({ actions: PURGE_WORKER_DELETE_ACTIONS, resources: [resources.bucket.arnForObjects(objects)] }),
    );
    const reminderSchedules = stack.formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${this.reminders.group.scheduleGroupName}/*`,
    });
    this.purgeWorker.function.addToRolePolicy(
      new PolicyStatement({ actions: PURGE_WORKER_SCHEDULER_ACTIONS, resources: [reminderSchedules] }),
    );
    // Invoked asynchronously (by Scheduler): Lambda's own retries, then the invocation is kept, not lost.
    this.purgeWorker.function.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.seconds(PURGE_TARGET_MAX_EVENT_AGE_SECONDS),
      onFailure: new SqsDestination(this.deadLetterQueue('PurgeTenant')),
    });

    // What Scheduler assumes to invoke the worker (only it) and dead-letter what it could not deliver.
    const purgeTargetDeadLetters = this.deadLetterQueue('PurgeTarget');
    this.purgeSchedulerRole = new Role(this, 'PurgeSchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: 'Lets EventBridge Scheduler invoke the purge worker (only it) and dead-letter its failures',
    });
    this.purgeSchedulerRole.addToPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.purgeWorker.function.functionArn] }),
    );
    purgeTargetDeadLetters.grantSendMessages(this.purgeSchedulerRole);

    this.purge = new AppFunction(this, 'PurgeDeletedTenants', {
      entry: 'functions/schedules/purge-deleted-tenants.ts',
      description: 'Queues one purge per tenant deleted more than the retention period ago',
      // Reads the purge queue (GSI2) only.
      access: ['table:read'],
      resources,
      config,
      // Thousands of due salons at ten schedules in flight.
      timeoutSeconds: 300,
      environment: {
        PURGE_SCHEDULE_GROUP: this.purgeGroup.scheduleGroupName,
        PURGE_FUNCTION_ARN: this.purgeWorker.function.functionArn,
        PURGE_SCHEDULER_ROLE_ARN: this.purgeSchedulerRole.roleArn,
        PURGE_DEAD_LETTER_ARN: purgeTargetDeadLetters.queueArn,
      },
    });
    const purgeSchedules = stack.formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${this.purgeGroup.scheduleGroupName}/*`,
    });
    this.purge.function.addToRolePolicy(
      new PolicyStatement({ actions: ['scheduler:CreateSchedule'], resources: [purgeSchedules] }),
    );
    this.purge.function.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['iam:PassRole'],
        resources: [this.purgeSchedulerRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: 'Lets EventBridge Scheduler invoke the daily purge function',
    });
    new Schedule(this, 'DailyPurge', {
      schedule: ScheduleExpression.rate(Duration.days(1)),
      target: new LambdaInvoke(this.purge.function, {
        retryAttempts: 2,
        role: schedulerRole,
        deadLetterQueue: this.deadLetterQueue('Purge'),
      }),
      description: 'Daily fan-out of the purge of deleted tenants past their retention period',
    });
    acknowledgeResolved(schedulerRole, (ref) => [
      {
        id: `AwsSolutions-IAM5[Resource::${ref(this.purge.function.functionArn)}:*]`,
        reason: "CDK's invoke grant adds the function's versions and aliases (<arn>:*): the one purge function only.",
      },
    ]);
    // With an environment (as `cdk synth` sets it) region and account are literal in the ARNs.
    const regionInArn = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
    const accountInArn = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
    const schedulesOf = (group: string) =>
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:${regionInArn}:${accountInArn}:schedule/${group}/*]`;
    acknowledgeResolved(this.purge.role, (ref) => [
      {
        id: schedulesOf(ref(this.purgeGroup.scheduleGroupName)),
        reason: "One schedule per due salon, named at run time: create only, in this stage's purge group only.",
      },
    ]);
    acknowledgeResolved(this.purgeWorker.role, (ref) => [
      {
        id: schedulesOf(ref(this.reminders.group.scheduleGroupName)),
        reason: "A purged salon's leftover reminder schedules, named by appointment: delete only, in the reminder group only.",
      },
      {
        id: `AwsSolutions-IAM5[Resource::${ref(resources.bucket.bucketArn)}/${objects}]`,
        reason: "Deleting purged salons' objects and their versions: every salon's prefix, as the worker purges any of them.",
      },
    ]);

    this.meterLogsOf(this.reminders.send);
    this.meterLogsOf(this.reminders.sync);
  }

  /**
   * Sends a function's meter lines (functions/shared/metering/capacity.ts: one JSON line per unit of
   * work, `"meter":"work"`) to the metering function, which adds them to the salon's month.
   */
  meterLogsOf(fn: AppFunction): SubscriptionFilter {
    return new SubscriptionFilter(fn, 'MeterLines', {
      logGroup: fn.logGroup,
      destination: new LambdaDestination(this.metering.function),
      filterPattern: FilterPattern.stringValue('$.meter', '=', 'work'),
    });
  }

  private deadLetterQueue(name: string): Queue {
    const queue = deadLetterQueue(this, `${name}DeadLetters`, 'of an asynchronous invocation');
    this.deadLetterQueues[name] = queue;
    return queue;
  }
}
