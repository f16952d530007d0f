/**
 * The salon export job (functions/streams/run-exports.ts), fed by the table stream (export items only).
 * It works across salons, like the file reconciler, so its access is on its own execution role and as
 * narrow as the job: Query and GetItem of salon partitions, UpdateItem there for its checkpoint and the
 * export slot (never an audit entry: denied), reads of the salons' file objects, writes under the
 * salons' exports/ folders (tagged for the bucket's lifecycle rule), and kms:Decrypt of data keys.
 */
import { Duration } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { TENANT_PREFIX } from '../../functions/shared/db/keys';
import { STREAM_CONSUMERS, filterPattern } from '../../functions/streams/consumers';
import { acknowledgeResolved } from '../nag';
import type { StageConfig } from '../stage-config';
import { AppFunction, type AppResources } from './app-function';
import { deadLetterQueue } from './dead-letter-queue';
import { AUDIT_PARTITIONS } from './tenant-data-roles';

/** A run lasts up to 15 minutes; a stopped or failed run's record is delivered again this many times. */
export const EXPORT_TIMEOUT_SECONDS = 900;
export const EXPORT_STREAM_RETRIES = 50;

/** The objects the job reads and writes (IAM wildcards: any salon, these folders only). */
export const EXPORT_OBJECT_PATHS = { read: 'tenants/*/files/*', write: 'tenants/*/exports/*' } as const;

export interface SalonExportsProps {
  readonly resources: AppResources;
  readonly config: StageConfig;
}

export class SalonExports extends Construct {
  readonly worker: AppFunction;
  /** Alarmed on in monitoring.ts with the other jobs' queues. */
  readonly deadLetterQueues: Record<string, Queue> = {};

  constructor(scope: Construct, id: string, props: SalonExportsProps) {
    super(scope, id);
    const { resources, config } = props;
    const { table, bucket, dataKey } = resources;
    if (!table.tableStreamArn) throw new Error('Salon exports need the table stream (data-stack.ts)');
    const definition = STREAM_CONSUMERS.runExports;

    this.worker = new AppFunction(this, 'RunExports', {
      entry: definition.entry,
      description: definition.description,
      access: [],
      resources,
      config,
      timeoutSeconds: EXPORT_TIMEOUT_SECONDS,
      environment: { TABLE_NAME: table.tableName, BUCKET_NAME: bucket.bucketName, KMS_KEY_ID: dataKey.keyArn },
    });
    const fn = this.worker.function;
    const salonPartitions = {
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${TENANT_PREFIX}*`] },
      Null: { 'dynamodb:LeadingKeys': 'false' },
    };
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:UpdateItem'],
        resources: [table.tableArn],
        conditions: salonPartitions,
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.DENY,
        actions: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:PutItem'],
        resources: [table.tableArn],
        conditions: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [AUDIT_PARTITIONS] } },
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects(EXPORT_OBJECT_PATHS.read)] }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:PutObject', 's3:PutObjectTagging'],
        resources: [bucket.arnForObjects(EXPORT_OBJECT_PATHS.write)],
      }),
    );
    dataKey.grantDecrypt(fn);

    const queue = deadLetterQueue(this, 'RunExportsDeadLetters', 'failure destination');
    this.deadLetterQueues.RunExports = queue;
    fn.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        // One export per invocation: a run takes the whole timeout, and a stopped one is retried alone.
        batchSize: 1,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: EXPORT_STREAM_RETRIES,
        maxRecordAge: Duration.hours(24),
        onFailure: new SqsDlq(queue),
        filters: definition.filters.map((f) => FilterCriteria.filter(filterPattern(f))),
      }),
    );

    acknowledgeResolved(this.worker.role, (ref) => [
      {
        id: `AwsSolutions-IAM5[Resource::${ref(bucket.bucketArn)}/${EXPORT_OBJECT_PATHS.read}]`,
        reason: "Any salon's file objects, read to be copied into that salon's export; no other object.",
      },
      {
        id: `AwsSolutions-IAM5[Resource::${ref(bucket.bucketArn)}/${EXPORT_OBJECT_PATHS.write}]`,
        reason: "Writes only under a salon's exports/ folder: the job writes the export of the salon whose item it reads.",
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'dynamodb:ListStreams, which the event source mapping adds, supports no resource-level permission.',
      },
    ]);
  }
}
