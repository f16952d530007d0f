/**
 * The file reconciler (functions/files/reconcile-objects.ts) and the EventBridge rule that feeds it the
 * app bucket's "Object Created" and "Object Deleted" events under `tenants/` (the bucket sends them:
 * `eventBridgeEnabled` in the Data stack). It works across salons, so it holds the table and bucket on
 * its own execution role rather than a tenant role; it only ever moves a file item in step with its object.
 */
import { Duration } from 'aws-cdk-lib';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { acknowledgeResolved } from '../nag';
import { Construct } from 'constructs';
import { TENANT_OBJECTS_ROOT } from '../../functions/shared/domain/files';
import type { StageConfig } from '../stage-config';
import { AppFunction, type AppResources } from './app-function';

export interface FileEventsProps {
  readonly resources: AppResources;
  readonly config: StageConfig;
  readonly deadLetterQueue: (name: string) => Queue;
}

export class FileEvents extends Construct {
  readonly reconciler: AppFunction;
  readonly rule: Rule;
  readonly sweep: AppFunction;

  constructor(scope: Construct, id: string, props: FileEventsProps) {
    super(scope, id);
    const { resources, config } = props;
    this.reconciler = new AppFunction(this, 'Reconciler', {
      entry: 'functions/files/reconcile-objects.ts',
      description: "Keeps salons' file items and storage counters in step with the objects S3 reports",
      access: ['table:write', 'bucket:read', 'bucket:write'],
      resources,
      config,
    });
    this.rule = new Rule(this, 'ObjectEvents', {
      description: "The app bucket's object events under tenants/, for the file reconciler",
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created', 'Object Deleted'],
        detail: {
          bucket: { name: [resources.bucket.bucketName] },
          object: { key: [{ prefix: TENANT_OBJECTS_ROOT }] },
        },
      },
      targets: [
        new LambdaFunction(this.reconciler.function, {
          retryAttempts: 8,
          maxEventAge: Duration.hours(24),
          deadLetterQueue: props.deadLetterQueue('FileEvents'),
        }),
      ],
    });

    // Reservations whose upload URL expired with nothing uploaded: no S3 event ever comes for them.
    this.sweep = new AppFunction(this, 'ReservationSweep', {
      entry: 'functions/files/sweep-reservations.ts',
      description: 'Releases the storage of upload reservations whose URL expired with nothing uploaded',
      access: ['table:write', 'bucket:read'],
      resources,
      config,
    });
    const schedulerRole = new Role(this, 'SweepSchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: 'Lets EventBridge Scheduler invoke the reservation sweep',
    });
    new Schedule(this, 'ReservationSweepSchedule', {
      schedule: ScheduleExpression.rate(Duration.minutes(15)),
      target: new LambdaInvoke(this.sweep.function, {
        retryAttempts: 2,
        role: schedulerRole,
        deadLetterQueue: props.deadLetterQueue('ReservationSweep'),
      }),
      description: 'Every 15 minutes: expired upload reservations give their bytes back',
    });
    acknowledgeResolved(schedulerRole, (ref) => [
      {
        id: `AwsSolutions-IAM5[Resource::${ref(this.sweep.function.functionArn)}:*]`,
        reason: "CDK's invoke grant adds the function's versions and aliases (<arn>:*): the one sweep function only.",
      },
    ]);
  }
}
