/**
 * Appointment reminders on EventBridge Scheduler: the stage's schedule group, the reminder function
 * (the schedules' target, functions/reminders/send-reminder.ts), the role Scheduler assumes to invoke it
 * (that function only, and its dead-letter queue), and the sync function fed by the table stream
 * (appointment items only) that creates, moves and deletes the schedules (functions/streams/sync-reminders.ts).
 */
import { Duration, Stack, Token } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { filterPattern, STREAM_CONSUMERS } from '../../functions/streams/consumers';
import { acknowledgeResolved } from '../nag';
import type { StageConfig } from '../stage-config';
import { AppFunction, type AppResources } from './app-function';

export interface RemindersProps {
  readonly resources: AppResources;
  readonly config: StageConfig;
  /** Makes an alarmed dead-letter queue (background-jobs.ts). */
  readonly deadLetterQueue: (name: string) => Queue;
}

/** Scheduler actions the sync function needs, on the group's schedules only. */
export const SYNC_SCHEDULER_ACTIONS = ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule'];

export class Reminders extends Construct {
  readonly group: ScheduleGroup;
  readonly send: AppFunction;
  readonly sync: AppFunction;
  readonly schedulerRole: Role;

  constructor(scope: Construct, id: string, props: RemindersProps) {
    super(scope, id);
    const { resources, config } = props;
    const stack = Stack.of(this);
    const { table } = resources;
    if (!table.tableStreamArn) throw new Error('Reminders need the table stream (NEW_AND_OLD_IMAGES, data-stack.ts)');

    this.group = new ScheduleGroup(this, 'Group', { scheduleGroupName: `${config.stackPrefix}-reminders` });

    this.send = new AppFunction(this, 'SendReminder', {
      entry: 'functions/reminders/send-reminder.ts',
      description: 'Sends one appointment reminder if the send-time check still holds',
      // kms:data-key: the client's email and phone are stored encrypted under the salon's data key.
      access: ['table:write', 'kms:data-key'],
      resources,
      config,
    });
    // Scheduler invokes asynchronously, so its dead-letter queue only keeps what it could not hand to
    // Lambda: a reminder that throws gets Lambda's two retries, then is kept here (alarmed), not dropped.
    this.send.function.configureAsyncInvoke({
      retryAttempts: 2,
      onFailure: new SqsDestination(props.deadLetterQueue('ReminderSend')),
    });
    const targetDeadLetters = props.deadLetterQueue('ReminderTarget');

    this.schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: 'Lets EventBridge Scheduler invoke the reminder function (only it) and dead-letter its failures',
    });
    this.schedulerRole.addToPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.send.function.functionArn] }),
    );
    targetDeadLetters.grantSendMessages(this.schedulerRole);

    this.sync = new AppFunction(this, 'SyncReminders', {
      entry: STREAM_CONSUMERS.syncReminders.entry,
      description: STREAM_CONSUMERS.syncReminders.description,
      access: ['table:read'],
      resources,
      config,
      // A salon's changed reminder settings re-plan all its upcoming appointments in one record (replan.ts).
      timeoutSeconds: 300,
      environment: {
        REMINDER_SCHEDULE_GROUP: this.group.scheduleGroupName,
        REMINDER_FUNCTION_ARN: this.send.function.functionArn,
        REMINDER_SCHEDULER_ROLE_ARN: this.schedulerRole.roleArn,
        REMINDER_DEAD_LETTER_ARN: targetDeadLetters.queueArn,
      },
    });
    const schedulesArn = stack.formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${this.group.scheduleGroupName}/*`,
    });
    this.sync.function.addToRolePolicy(new PolicyStatement({ actions: SYNC_SCHEDULER_ACTIONS, resources: [schedulesArn] }));
    this.sync.function.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['iam:PassRole'],
        resources: [this.schedulerRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );

    // In order per appointment; a failing record is retried (bisected), then parked, never dropped silently.
    this.sync.function.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 50,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 10,
        maxRecordAge: Duration.days(1),
        onFailure: new SqsDlq(props.deadLetterQueue('ReminderSync')),
        filters: STREAM_CONSUMERS.syncReminders.filters.map((f) => FilterCriteria.filter(filterPattern(f))),
      }),
    );

    // With an environment (CDK_DEFAULT_ACCOUNT/REGION, as `cdk synth` sets them) both are literal in the ARN.
    const { region, account } = Stack.of(this);
    const regionInArn = Token.isUnresolved(region) ? '<AWS::Region>' : region;
    const accountInArn = Token.isUnresolved(account) ? '<AWS::AccountId>' : account;
    acknowledgeResolved(this.sync.role, (ref) => [
      {
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:${regionInArn}:${accountInArn}:schedule/${ref(this.group.scheduleGroupName)}/*]`,
        reason: "One schedule per reminder, named at run time: create, update and delete on this stage's reminder group only.",
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'dynamodb:ListStreams (added by the stream event source) supports no resource-level permissions.',
      },
    ]);
  }
}
