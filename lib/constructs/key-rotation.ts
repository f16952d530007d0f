/**
 * Data key rotation (docs/encryption.md): the hourly key schedule (functions/schedules/maintain-keys.ts:
 * rotates salons whose current key is older than the rotation age, resumes unfinished re-encryptions)
 * and the stream consumer that starts a re-encryption as soon as a key version is added
 * (functions/streams/reencrypt-keys.ts). Both work with their execution role: the table, and the data
 * key for Decrypt and GenerateDataKey under each salon's encryption context.
 */
import { Duration } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { filterPattern, STREAM_CONSUMERS } from '../../functions/streams/consumers';
import { acknowledgeResolved } from '../nag';
import type { StageConfig } from '../stage-config';
import { AppFunction, type AppResources } from './app-function';

export interface KeyRotationProps {
  readonly resources: AppResources;
  readonly config: StageConfig;
  readonly deadLetterQueue: (name: string) => Queue;
}

/** Each run works until shortly before this, then leaves the rest to the next (checkpoints). */
const JOB_TIMEOUT_SECONDS = 900;

export class KeyRotation extends Construct {
  readonly maintain: AppFunction;
  readonly reencrypt: AppFunction;

  constructor(scope: Construct, id: string, props: KeyRotationProps) {
    super(scope, id);
    const { resources, config } = props;
    const { table } = resources;
    if (!table.tableStreamArn) throw new Error('Key rotation needs the table stream (data-stack.ts)');

    this.maintain = new AppFunction(this, 'MaintainKeys', {
      entry: 'functions/schedules/maintain-keys.ts',
      description: 'Rotates data keys older than the rotation age and resumes unfinished re-encryptions',
      access: ['table:write', 'kms:data-key'],
      resources,
      config,
      timeoutSeconds: JOB_TIMEOUT_SECONDS,
    });
    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: 'Lets EventBridge Scheduler invoke the key maintenance function',
    });
    new Schedule(this, 'Hourly', {
      schedule: ScheduleExpression.rate(Duration.hours(1)),
      target: new LambdaInvoke(this.maintain.function, {
        retryAttempts: 2,
        role: schedulerRole,
        deadLetterQueue: props.deadLetterQueue('KeyMaintenance'),
      }),
      description: 'Hourly data key rotation (keys past the rotation age) and re-encryption resumption',
    });
    acknowledgeResolved(schedulerRole, (ref) => [
      {
        id: `AwsSolutions-IAM5[Resource::${ref(this.maintain.function.functionArn)}:*]`,
        reason: "CDK's invoke grant adds the function's versions and aliases (<arn>:*): the one key maintenance function only.",
      },
    ]);

    const def = STREAM_CONSUMERS.reencryptKeys;
    this.reencrypt = new AppFunction(this, 'ReencryptKeys', {
      entry: def.entry,
      description: def.description,
      access: ['table:write', 'kms:data-key'],
      resources,
      config,
      timeoutSeconds: JOB_TIMEOUT_SECONDS,
    });
    // A record that fails is retried (it resumes from the job's checkpoint), then parked; the schedule resumes the job anyway.
    this.reencrypt.function.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 3,
        maxRecordAge: Duration.days(1),
        onFailure: new SqsDlq(props.deadLetterQueue('Reencryption')),
        filters: def.filters.map((f) => FilterCriteria.filter(filterPattern(f))),
      }),
    );
    acknowledgeResolved(this.reencrypt.role, () => [
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'dynamodb:ListStreams (added by the stream event source) supports no resource-level permissions.',
      },
    ]);
  }
}
