/**
 * Work that no HTTP request waits for: API-call metering (subscribed to the API's access logs) and
 * the daily purge of tenants whose retention period is over (EventBridge Scheduler).
 */
import { Duration } from 'aws-cdk-lib';
import { FilterPattern, type ILogGroup, SubscriptionFilter } from 'aws-cdk-lib/aws-logs';
import { LambdaDestination } from 'aws-cdk-lib/aws-logs-destinations';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeResolved } from '../nag';
import type { StageConfig } from '../stage-config';
import { AppFunction, type AppResources } from './app-function';

export interface BackgroundJobsProps {
  readonly accessLogs: ILogGroup;
  readonly resources: AppResources;
  readonly config: StageConfig;
}

export class BackgroundJobs extends Construct {
  readonly metering: AppFunction;
  readonly purge: AppFunction;

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
      target: new LambdaInvoke(this.purge.function, { retryAttempts: 2, role: schedulerRole }),
      description: 'Daily purge of deleted tenants past their retention period',
    });
    acknowledgeResolved(schedulerRole, (ref) => [
      {
        id: `AwsSolutions-IAM5[Resource::${ref(this.purge.function.functionArn)}:*]`,
        reason: "CDK's invoke grant adds the function's versions and aliases (<arn>:*): the one purge function only.",
      },
    ]);
  }
}
