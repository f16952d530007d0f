/**
 * Work that no HTTP request waits for: API-call metering (subscribed to the API's access logs) and
 * the daily purge of tenants whose retention period is over (EventBridge Scheduler), appointment
 * reminders (reminders.ts), the reconciliation of salons' files from S3 events (file-events.ts) and
 * data key rotation with its re-encryption (key-rotation.ts).
 */
import { Duration } from 'aws-cdk-lib';
import { FilterPattern, type ILogGroup, SubscriptionFilter } from 'aws-cdk-lib/aws-logs';
import { LambdaDestination } from 'aws-cdk-lib/aws-logs-destinations';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterQueue } from './dead-letter-queue';
import { acknowledgeResolved } from '../nag';
import type { StageConfig } from '../stage-config';
import { AppFunction, type AppResources } from './app-function';
import { FileEvents } from './file-events';
import { KeyRotation } from './key-rotation';
import { Reminders } from './reminders';

export interface BackgroundJobsProps {
  readonly accessLogs: ILogGroup;
  readonly resources: AppResources;
  readonly config: StageConfig;
}

export class BackgroundJobs extends Construct {
  readonly metering: AppFunction;
  readonly purge: AppFunction;
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

    this.purge = new AppFunction(this, 'PurgeDeletedTenants', {
      entry: 'functions/schedules/purge-deleted-tenants.ts',
      description: 'Purges tenants deleted more than the retention period ago',
      access: ['table:write'],
      resources,
      config,
    });
    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: 'Lets EventBridge Scheduler invoke the purge function',
    });
    new Schedule(this, 'DailyPurge', {
      schedule: ScheduleExpression.rate(Duration.days(1)),
      target: new LambdaInvoke(this.purge.function, {
        retryAttempts: 2,
        role: schedulerRole,
        deadLetterQueue: this.deadLetterQueue('Purge'),
      }),
      description: 'Daily purge of deleted tenants past their retention period',
    });
    acknowledgeResolved(schedulerRole, (ref) => [
      {
        id: `AwsSolutions-IAM5[Resource::${ref(this.purge.function.functionArn)}:*]`,
        reason: "CDK's invoke grant adds the function's versions and aliases (<arn>:*): the one purge function only.",
      },
    ]);

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
  }

  private deadLetterQueue(name: string): Queue {
    const queue = deadLetterQueue(this, `${name}DeadLetters`, 'of an asynchronous invocation');
    this.deadLetterQueues[name] = queue;
    return queue;
  }
}
