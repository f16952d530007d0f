/** An alarm at or above a threshold that tells the alarm topic when it fires and when it clears. */
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Construct } from 'constructs';

export interface NotifyingAlarmProps {
  metric: IMetric;
  threshold: number;
  evaluationPeriods?: number;
  description: string;
}

export function notifyingAlarm(scope: Construct, id: string, action: SnsAction, props: NotifyingAlarmProps): Alarm {
  const alarm = new Alarm(scope, id, {
    metric: props.metric,
    threshold: props.threshold,
    evaluationPeriods: props.evaluationPeriods ?? 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    // No data is no failure: quiet stages and idle queues must not alarm.
    treatMissingData: TreatMissingData.NOT_BREACHING,
    alarmDescription: props.description,
  });
  alarm.addAlarmAction(action);
  alarm.addOkAction(action);
  return alarm;
}
