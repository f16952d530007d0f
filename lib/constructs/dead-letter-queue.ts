/** A dead-letter queue or failure destination: encrypted, TLS only, kept 14 days; its depth is alarmed (monitoring). */
import { Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { acknowledge } from '../nag';

/** `feeds` says what fails into it, for the cdk-nag acknowledgement (a DLQ needs no DLQ of its own). */
export function deadLetterQueue(scope: Construct, id: string, feeds: string): Queue {
  const queue = new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  acknowledge(queue, 'AwsSolutions-SQS3', `This queue is itself a dead-letter queue (${feeds}), alarmed on its depth.`);
  return queue;
}
