/** The salon export job (docs/exports.md): its least-privilege role, its stream mapping, its alarm, the bucket's lifecycle rule. */
import { beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_OBJECT_TAG_KEY } from '../../functions/shared/domain/exports';
import { EXPORT_STREAM_RETRIES, EXPORT_TIMEOUT_SECONDS } from '../../lib/constructs/salon-exports';
import {
  type PolicyStatementJson,
  type SynthesizedApp,
  environmentOf,
  logicalIdOf,
  resourcesOfType,
  statementsOfRole,
  synthesize,
  actionList,
} from './support';

let dev: SynthesizedApp;
beforeAll(() => {
  dev = synthesize({ stage: 'dev' });
}, 180_000);

const worker = () => dev.stacks.api.salonExports.worker;
const statements = () => statementsOfRole(dev.api, logicalIdOf(worker().role.node.defaultChild));
const allowed = () => statements().filter((s) => s.Effect === 'Allow');
const resourceText = (s: PolicyStatementJson) => JSON.stringify(s.Resource);

describe('the salon export worker', () => {
  it('runs 15 minutes with the table, bucket and data key named, and no tenant role', () => {
    const [, fn] =
      resourcesOfType(dev.api, 'AWS::Lambda::Function').find(([id]) => id === logicalIdOf(worker().function.node.defaultChild)) ??
      [];
    expect(fn?.Properties?.Timeout).toBe(EXPORT_TIMEOUT_SECONDS);
    const env = environmentOf(dev.api, logicalIdOf(worker().function.node.defaultChild));
    expect(Object.keys(env)).toEqual(expect.arrayContaining(['TABLE_NAME', 'BUCKET_NAME', 'KMS_KEY_ID']));
    expect(Object.keys(env).filter((k) => k.startsWith('TENANT_'))).toEqual([]);
  });

  it('reads and updates salon partitions only, never an audit entry, and writes no new item', () => {
    const dynamo = allowed().filter(
      (s) =>
        actionList(s).some((a) => a.startsWith('dynamodb:')) &&
        !actionList(s).some((a) => a === 'dynamodb:GetRecords' || a === 'dynamodb:ListStreams'),
    );
    expect(dynamo).toHaveLength(1);
    expect(actionList(dynamo[0] as PolicyStatementJson).sort()).toEqual([
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    expect(dynamo[0]?.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['TENANT#*'] },
      Null: { 'dynamodb:LeadingKeys': 'false' },
    });
    // The table only: no index (the job reads partitions by their keys).
    expect(resourceText(dynamo[0] as PolicyStatementJson)).not.toContain('/index/');
    const deny = statements().filter((s) => s.Effect === 'Deny');
    expect(deny).toHaveLength(1);
    expect(actionList(deny[0] as PolicyStatementJson)).toEqual(
      expect.arrayContaining(['dynamodb:UpdateItem', 'dynamodb:DeleteItem']),
    );
    expect(deny[0]?.Condition).toEqual({ 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['TENANT#*#AUDIT'] } });
    const every = allowed().flatMap(actionList);
    for (const a of ['dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:Scan'])
      expect(every).not.toContain(a);
  });

  it("reads salons' file objects, writes only under their exports/ folders, deletes nothing, and only decrypts data keys", () => {
    const s3 = allowed().filter((s) => actionList(s).some((a) => a.startsWith('s3:')));
    const reads = s3.filter((s) => actionList(s).includes('s3:GetObject'));
    const writes = s3.filter((s) => actionList(s).includes('s3:PutObject'));
    expect(reads).toHaveLength(1);
    expect(actionList(reads[0] as PolicyStatementJson)).toEqual(['s3:GetObject']);
    expect(resourceText(reads[0] as PolicyStatementJson)).toContain('/tenants/*/files/*');
    expect(writes).toHaveLength(1);
    expect(actionList(writes[0] as PolicyStatementJson).sort()).toEqual(['s3:PutObject', 's3:PutObjectTagging']);
    expect(resourceText(writes[0] as PolicyStatementJson)).toContain('/tenants/*/exports/*');
    expect(s3.flatMap(actionList).filter((a) => a.startsWith('s3:Delete') || a === 's3:*')).toEqual([]);
    const kms = allowed()
      .flatMap(actionList)
      .filter((a) => a.startsWith('kms:'));
    expect(kms).toEqual(['kms:Decrypt']);
  });

  it('is fed export inserts only, one at a time, retried, then parked in an alarmed queue', () => {
    const fnId = logicalIdOf(worker().function.node.defaultChild);
    const mappings = resourcesOfType(dev.api, 'AWS::Lambda::EventSourceMapping').filter(([, r]) =>
      JSON.stringify(r.Properties?.FunctionName).includes(fnId),
    );
    expect(mappings).toHaveLength(1);
    const props = mappings[0]?.[1].Properties ?? {};
    expect(props).toMatchObject({
      BatchSize: 1,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: EXPORT_STREAM_RETRIES,
    });
    const filters = (props.FilterCriteria as { Filters: Array<{ Pattern: string }> }).Filters.map((f) => JSON.parse(f.Pattern));
    expect(filters).toEqual([{ eventName: ['INSERT'], dynamodb: { Keys: { SK: { S: [{ prefix: 'EXPORT#' }] } } } }]);
    const queueId = logicalIdOf(dev.stacks.api.salonExports.deadLetterQueues.RunExports?.node.defaultChild);
    expect(JSON.stringify(props.DestinationConfig)).toContain(queueId);
    const alarms = resourcesOfType(dev.api, 'AWS::CloudWatch::Alarm').filter(([, r]) =>
      JSON.stringify(r.Properties).includes(queueId),
    );
    expect(alarms).toHaveLength(1);
  });
});

describe('the app bucket', () => {
  it('deletes export objects (tagged by the job) two days after they were written, and their old versions a day later', () => {
    const [[, bucket] = []] = resourcesOfType(dev.data, 'AWS::S3::Bucket').filter(
      ([, r]) => (r.Properties?.NotificationConfiguration as Record<string, unknown> | undefined) !== undefined,
    );
    const lifecycle = bucket?.Properties?.LifecycleConfiguration as { Rules: Array<Record<string, unknown>> } | undefined;
    const rules = lifecycle?.Rules;
    expect(rules).toContainEqual({
      Id: 'SalonExports',
      Status: 'Enabled',
      TagFilters: [{ Key: EXPORT_OBJECT_TAG_KEY, Value: 'true' }],
      ExpirationInDays: 2,
      NoncurrentVersionExpiration: { NoncurrentDays: 1 },
    });
  });
});
