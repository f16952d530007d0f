/**
 * Stateful resources: the single table, the app bucket (with its access-log bucket) and the KMS key for
 * per-tenant data keys. In prod all of them outlive the stack.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, type CfnBucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { TABLE } from '../../functions/shared/db/table';
import { EXPORT_OBJECT_TAG_KEY } from '../../functions/shared/domain/exports';
import type { DataResources } from '../constructs/app-function';
import { acknowledge } from '../nag';
import type { StageConfig } from '../stage-config';

export interface DataStackProps extends StackProps {
  readonly config: StageConfig;
}

export class DataStack extends Stack implements DataResources {
  readonly table: Table;
  readonly bucket: Bucket;
  readonly accessLogsBucket: Bucket;
  readonly dataKey: Key;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    // Access-log delivery through a bucket policy, not the legacy LogDeliveryWrite ACL, so both buckets
    // can disable ACLs (BucketOwnerEnforced). Pinned here so it does not depend on cdk.json flags.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    const { config } = props;
    const removalPolicy = config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.table = new Table(this, 'Table', {
      partitionKey: { name: TABLE.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: TABLE.ttlAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // The AWS-managed key aws/dynamodb: encryption at rest without handing every table
      // reader kms:Decrypt on the tenant data-key key.
      encryption: TableEncryption.AWS_MANAGED,
      deletionProtection: config.retainData,
      // Feeds message delivery and the other stream consumers (functions/streams/consumers.ts); both
      // images, so a consumer sees what changed (a start moved, a status left).
      stream: StreamViewType.NEW_AND_OLD_IMAGES,
      removalPolicy,
    });
    for (const index of Object.values(TABLE.indexes)) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }

    // Server access logs need a target bucket with S3-managed encryption (SSE-KMS is not supported
    // for log delivery) and bucket-owner object ownership.
    this.accessLogsBucket = new Bucket(this, 'AccessLogsBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      lifecycleRules: [{ expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy,
    });
    acknowledge(
      this.accessLogsBucket,
      'AwsSolutions-S1',
      'This is the server-access-log destination of the app bucket; logging it to itself would loop and ' +
        'logging it elsewhere would need yet another bucket.',
    );

    // SSE-KMS with the AWS-managed key aws/s3 and S3 Bucket Keys (one KMS call per bucket key period,
    // not per object), not the data key below: with that key every function allowed to read objects
    // would also need kms:Decrypt on the key that wraps tenant data keys. Object access stays governed
    // by IAM (the tenant roles reach only tenants/<their id>/*) and this bucket's policy.
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.KMS_MANAGED,
      bucketKeyEnabled: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'app-bucket/',
      lifecycleRules: [
        { noncurrentVersionExpiration: Duration.days(90), abortIncompleteMultipartUploadAfter: Duration.days(7) },
        // Salon exports (docs/exports.md): downloadable for 24 h once ready; their objects, tagged by the
        // export job (no prefix can name tenants/*/exports/), are gone a day after that, old versions too.
        {
          id: 'SalonExports',
          tagFilters: { [EXPORT_OBJECT_TAG_KEY]: 'true' },
          expiration: Duration.days(2),
          noncurrentVersionExpiration: Duration.days(1),
        },
      ],
      // A non-empty dev bucket blocks stack deletion: empty it first. autoDeleteObjects is not used
      // because it deploys a custom-resource function with broad delete rights.
      removalPolicy,
    });

    // EventBridge notifications feed the file reconciler (lib/constructs/file-events.ts). Set on the L1:
    // `eventBridgeEnabled` would deploy CDK's notifications custom-resource function for it.
    (this.bucket.node.defaultChild as CfnBucket).notificationConfiguration = {
      eventBridgeConfiguration: { eventBridgeEnabled: true },
    };

    // Wraps per-tenant data keys (envelope encryption). No alias: aliases are account-wide names.
    this.dataKey = new Key(this, 'DataKey', {
      description: `Rendezvous ${config.stage}: wraps per-tenant data keys`,
      enableKeyRotation: true,
      removalPolicy,
      ...(config.retainData ? {} : { pendingWindow: Duration.days(7) }),
    });

    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'BucketName', { value: this.bucket.bucketName });
  }
}
