import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE } from '../../functions/shared/db/table';
import { resourcesOfType, type SynthesizedApp, synthesize } from './support';

let dev: SynthesizedApp;
let prod: SynthesizedApp;

beforeAll(() => {
  dev = synthesize({ stage: 'dev' });
  prod = synthesize({ stage: 'prod', callbackUrls: 'https://app.example.com/callback' });
}, 60_000);

describe('table', () => {
  it('has the PK/SK string keys of functions/shared/db/table.ts', () => {
    dev.data.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: TABLE.partitionKey, AttributeType: 'S' },
        { AttributeName: TABLE.sortKey, AttributeType: 'S' },
      ]),
    });
  });

  it('has every GSI of TABLE.indexes with its string keys and projection ALL', () => {
    const indexes = Object.values(TABLE.indexes);
    expect(indexes.map((i) => i.name)).toEqual(['GSI1', 'GSI2', 'GSI3', 'GSI4']);
    dev.data.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
      AttributeDefinitions: Match.arrayWith(
        indexes.flatMap((index) => [
          { AttributeName: index.partitionKey, AttributeType: 'S' },
          { AttributeName: index.sortKey, AttributeType: 'S' },
        ]),
      ),
    });
  });

  it('has TTL on TABLE.ttlAttribute, PITR, on-demand billing and encryption', () => {
    dev.data.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true },
    });
  });

  it('has no physical name', () => {
    dev.data.hasResourceProperties('AWS::DynamoDB::Table', { TableName: Match.absent() });
  });

  it('is deletion-protected and retained in prod', () => {
    prod.data.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
    });
  });

  it('may be deleted in dev', () => {
    dev.data.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
    });
  });
});

describe('buckets', () => {
  it('block all public access, are encrypted and versioned, and have no physical name', () => {
    const buckets = resourcesOfType(dev.data, 'AWS::S3::Bucket');
    expect(buckets).toHaveLength(2);
    for (const [, bucket] of buckets) {
      expect(bucket.Properties).toMatchObject({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        VersioningConfiguration: { Status: 'Enabled' },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      });
      expect(bucket.Properties?.BucketName).toBeUndefined();
    }
    // The app bucket: SSE-KMS (aws/s3) with bucket keys; its access-log bucket: SSE-S3 (log delivery needs it).
    const encryption = buckets.map(([, b]) => b.Properties?.BucketEncryption);
    expect(encryption).toHaveLength(2);
    expect(encryption).toEqual(
      expect.arrayContaining([
        { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        {
          ServerSideEncryptionConfiguration: [
            { BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } },
          ],
        },
      ]),
    );
  });

  it('deny every request that is not over TLS', () => {
    const policies = resourcesOfType(dev.data, 'AWS::S3::BucketPolicy');
    expect(policies).toHaveLength(2);
    for (const [, policy] of policies) {
      expect(policy.Properties?.PolicyDocument).toMatchObject({
        Statement: expect.arrayContaining([
          expect.objectContaining({
            Effect: 'Deny',
            Action: 's3:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      });
    }
  });

  it('send the app bucket server access logs to the log bucket', () => {
    const { bucket, accessLogsBucket } = dev.stacks.data;
    const appBucketId = dev.stacks.data.getLogicalId(bucket.node.defaultChild as never);
    const logBucketId = dev.stacks.data.getLogicalId(accessLogsBucket.node.defaultChild as never);
    const appBucket = resourcesOfType(dev.data, 'AWS::S3::Bucket').find(([id]) => id === appBucketId);
    expect(appBucket?.[1].Properties?.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: logBucketId },
      LogFilePrefix: 'app-bucket/',
    });
  });

  it('are retained in prod and deletable in dev', () => {
    for (const [, bucket] of resourcesOfType(prod.data, 'AWS::S3::Bucket')) expect(bucket.DeletionPolicy).toBe('Retain');
    for (const [, bucket] of resourcesOfType(dev.data, 'AWS::S3::Bucket')) expect(bucket.DeletionPolicy).toBe('Delete');
  });
});

describe('data key', () => {
  it('rotates automatically and has no alias', () => {
    dev.data.resourceCountIs('AWS::KMS::Key', 1);
    dev.data.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    dev.data.resourceCountIs('AWS::KMS::Alias', 0);
  });

  it('is retained in prod', () => {
    prod.data.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
  });
});

describe('outputs', () => {
  it('export table and bucket names', () => {
    dev.data.hasOutput('TableName', {});
    dev.data.hasOutput('BucketName', {});
  });
});
