/**
 * Message delivery on AWS (docs/notifications.md): the table stream feeds the stream consumers of
 * functions/streams/consumers.ts, each through an event source mapping with its filter, partial batch
 * responses, bisect-on-error and an SQS failure destination (alarmed on in monitoring.ts). The delivery
 * function may send email only from the configured SES identity through this stage's configuration set,
 * and SMS only from the configured origination identity. The configuration set publishes bounces and
 * complaints to a topic whose subscriber turns the client's email preference off.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { FilterCriteria, type IFunction, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { ConfigurationSet, EmailSendingEvent, EventDestination, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { filterPattern, MESSAGE_CONSUMERS, type MessageConsumerName, STREAM_CONSUMERS } from '../../functions/streams/consumers';
import { deadLetterQueue } from './dead-letter-queue';
import { acknowledge } from '../nag';
import type { StageConfig } from '../stage-config';
import { AppFunction, type AppResources } from './app-function';

/** Longer than a send with its retries and a wait on a lease (LEASE_MS 45 s is longer than this). */
export const DELIVERY_TIMEOUT_SECONDS = 30;
/** Lambda's retries of a failed stream batch (bisected) before the records go to the failure queue. */
export const STREAM_RETRY_ATTEMPTS = 8;

export interface NotificationsProps {
  readonly resources: AppResources;
  readonly config: StageConfig;
  /** The API's URL: unsubscribe links point at its public route. */
  readonly apiUrl: string;
}

/** UNSUBSCRIBE_SECRET_PARAMETER and ssm:GetParameter on exactly that parameter. */
export function grantUnsubscribeSecret(fn: IFunction, config: StageConfig): void {
  const name = config.notifications.unsubscribeSecretParameter;
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['ssm:GetParameter'],
      resources: [Stack.of(fn).formatArn({ service: 'ssm', resource: 'parameter', resourceName: name.replace(/^\//, '') })],
    }),
  );
}

export const unsubscribeEnvironment = (config: StageConfig) => ({
  UNSUBSCRIBE_SECRET_PARAMETER: config.notifications.unsubscribeSecretParameter,
});

export class Notifications extends Construct {
  readonly consumers: Record<MessageConsumerName, AppFunction>;
  readonly configurationSet: ConfigurationSet;
  readonly feedback: AppFunction;
  /** Where failed work lands after its retries (alarmed on in monitoring.ts). */
  readonly deadLetterQueues: Record<string, Queue> = {};

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    const { resources, config } = props;
    const stack = Stack.of(this);
    const { notifications } = config;

    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      // SES stops sending to addresses that bounced or complained, account-wide.
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      reputationMetrics: true,
    });

    const deliver = new AppFunction(this, 'DeliverMessages', {
      entry: STREAM_CONSUMERS.deliverMessages.entry,
      description: STREAM_CONSUMERS.deliverMessages.description,
      // kms:data-key: an SMS falling back to email reads the client's address, stored encrypted.
      access: ['table:write', 'kms:data-key'],
      resources,
      config,
      timeoutSeconds: DELIVERY_TIMEOUT_SECONDS,
      environment: {
        EMAIL_FROM_ADDRESS: notifications.emailFromAddress,
        EMAIL_IDENTITY_ARN: this.identityArn(notifications.emailIdentity),
        EMAIL_CONFIGURATION_SET: this.configurationSet.configurationSetName,
        PUBLIC_API_URL: props.apiUrl,
        ...unsubscribeEnvironment(config),
        ...(notifications.smsOriginationIdentityArn ? { SMS_ORIGINATION_IDENTITY: notifications.smsOriginationIdentityArn } : {}),
      },
    });
    // SES v2 authorizes SendEmail on the identity and on the configuration set named in the call.
    deliver.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          this.identityArn(notifications.emailIdentity),
          stack.formatArn({
            service: 'ses',
            resource: 'configuration-set',
            resourceName: this.configurationSet.configurationSetName,
          }),
        ],
      }),
    );
    if (notifications.smsOriginationIdentityArn) {
      deliver.function.addToRolePolicy(
        new PolicyStatement({ actions: ['sms-voice:SendTextMessage'], resources: [notifications.smsOriginationIdentityArn] }),
      );
    }
    grantUnsubscribeSecret(deliver.function, config);

    const appointments = new AppFunction(this, 'AppointmentMessages', {
      entry: STREAM_CONSUMERS.appointmentMessages.entry,
      description: STREAM_CONSUMERS.appointmentMessages.description,
      // kms:data-key: the client's address is stored encrypted under the salon's data key.
      access: ['table:write', 'kms:data-key'],
      resources,
      config,
    });

    // Reads the salon and its owners, queues their emails (outbox puts).
    const usageAlerts = new AppFunction(this, 'UsageAlerts', {
      entry: STREAM_CONSUMERS.usageAlerts.entry,
      description: STREAM_CONSUMERS.usageAlerts.description,
      // kms:data-key: a queued message's recipient is stored encrypted under the salon's data key.
      access: ['table:write', 'kms:data-key'],
      resources,
      config,
    });

    this.consumers = { deliverMessages: deliver, appointmentMessages: appointments, usageAlerts };
    for (const name of MESSAGE_CONSUMERS) {
      this.subscribe(name, this.consumers[name], resources.table);
    }

    // Bounces and complaints: SES -> SNS (encrypted with a key SES may use) -> the feedback function.
    const key = new Key(this, 'FeedbackTopicKey', {
      enableKeyRotation: true,
      description: 'Encrypts the SES feedback topic; SES may use it to publish',
    });
    key.grant(new ServicePrincipal('ses.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    const topic = new Topic(this, 'FeedbackTopic', {
      masterKey: key,
      enforceSSL: true,
      displayName: `${config.stackPrefix} SES feedback`,
    });
    this.configurationSet.addEventDestination('Feedback', {
      destination: EventDestination.snsTopic(topic),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
    this.feedback = new AppFunction(this, 'EmailFeedback', {
      entry: 'functions/notifications/email-feedback.ts',
      description: 'Turns a client email preference off on a permanent bounce or a complaint',
      access: ['table:write'],
      resources,
      config,
    });
    topic.addSubscription(
      new LambdaSubscription(this.feedback.function, { deadLetterQueue: this.deadLetterQueue('EmailFeedback') }),
    );
  }

  /** The SES identity (a domain or an address) the deliverer may send from. */
  private identityArn(identity: string): string {
    return Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: identity });
  }

  private subscribe(name: MessageConsumerName, fn: AppFunction, table: ITable): void {
    const { filters } = STREAM_CONSUMERS[name];
    const queue = this.deadLetterQueue(name.charAt(0).toUpperCase() + name.slice(1));
    fn.function.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(1),
        // A failing record is isolated by halving the batch; the rest go through.
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: STREAM_RETRY_ATTEMPTS,
        maxRecordAge: Duration.hours(24),
        onFailure: new SqsDlq(queue),
        filters: filters.map((f) => FilterCriteria.filter(filterPattern(f))),
      }),
    );
    acknowledge(
      fn.role,
      'AwsSolutions-IAM5[Resource::*]',
      'dynamodb:ListStreams, which the event source mapping adds, supports no resource-level permission.',
    );
  }

  private deadLetterQueue(name: string): Queue {
    const queue = deadLetterQueue(this, `${name}DeadLetters`, 'failure destination');
    this.deadLetterQueues[name] = queue;
    return queue;
  }
}
