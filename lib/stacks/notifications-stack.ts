/**
 * Message delivery and the other table-stream consumers (lib/constructs/notifications.ts), in a stack
 * of their own: the API stack is near CloudFormation's 500-resource limit. Its alarms notify the API
 * stack's alarm topic: failed stream records in a failure queue, and parked messages.
 */
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { type Alarm, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { notifyingAlarm } from '../constructs/alarm';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { BUSINESS_METRICS, METRICS_NAMESPACE } from '../../functions/shared/metric-names';
import type { DataResources } from '../constructs/app-function';
import { Notifications } from '../constructs/notifications';
import type { StageConfig } from '../stage-config';

export interface NotificationsStackProps extends StackProps {
  readonly config: StageConfig;
  readonly data: DataResources;
  readonly userPool: IUserPool;
  readonly apiUrl: string;
  readonly alarmTopic: ITopic;
}

const FIVE_MINUTES = Duration.minutes(5);

export class NotificationsStack extends Stack {
  readonly notifications: Notifications;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: NotificationsStackProps) {
    super(scope, id, props);
    this.node.setContext('@aws-cdk/core:defaultCrossStackReferences', 'strong');
    this.notifications = new Notifications(this, 'Notifications', {
      resources: { ...props.data, table: props.data.table, userPool: props.userPool },
      config: props.config,
      apiUrl: props.apiUrl,
    });

    const action = new SnsAction(props.alarmTopic);
    const alarm = (id: string, description: string, metric: Metric) => {
      this.alarms.push(notifyingAlarm(this, id, action, { metric, threshold: 1, description }));
    };
    for (const [name, queue] of Object.entries(this.notifications.deadLetterQueues)) {
      alarm(
        `DeadLetters${name}`,
        `${name}: records wait in its failure queue (stream records or events that failed all retries).`,
        queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
      );
    }
    alarm(
      'MessagesParked',
      'A message (email or SMS) was parked: it failed too often or for good, and waits for ops (docs/notifications.md).',
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: BUSINESS_METRICS.messageParked,
        dimensionsMap: { service: 'rendezvous' },
        statistic: 'Sum',
        period: FIVE_MINUTES,
      }),
    );
  }
}
