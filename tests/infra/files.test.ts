/** Files on S3 (docs/files.md): the bucket's encryption and events, the file routes' grants, the reconciler. */
import { beforeAll, describe, expect, it } from 'vitest';
import { routeList } from '../../functions/routes';
import {
  type SynthesizedApp,
  actionsOf,
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
}, 60_000);

const fileRoutes = routeList.filter((r) => r.path.startsWith('/v1/tenants/{tenantId}/files'));
const roleId = (routeId: string) => logicalIdOf(dev.stacks.api.routes.functionFor(routeId).role.node.defaultChild);
const functionId = (routeId: string) => logicalIdOf(dev.stacks.api.routes.functionFor(routeId).function.node.defaultChild);

describe('the app bucket', () => {
  it('encrypts objects with SSE-KMS and S3 Bucket Keys, and sends its events to EventBridge', () => {
    const [[, bucket] = []] = resourcesOfType(dev.data, 'AWS::S3::Bucket').filter(
      ([, r]) => (r.Properties?.NotificationConfiguration as Record<string, unknown> | undefined) !== undefined,
    );
    expect(bucket?.Properties?.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }],
    });
    expect(bucket?.Properties?.NotificationConfiguration).toEqual({ EventBridgeConfiguration: { EventBridgeEnabled: true } });
  });
});

describe('file routes', () => {
  it('are the five of the route table', () => {
    expect(fileRoutes.map((r) => r.id).sort()).toEqual(['completeFile', 'createFile', 'deleteFile', 'getFile', 'listFiles']);
  });

  it.each(fileRoutes.map((r) => [r.id] as const))(
    '%s holds no S3 permission of its own: objects only through its tenant role',
    (id) => {
      const statements = statementsOfRole(dev.apiAll, roleId(id));
      expect(actionsOf(statements).filter((a) => a.startsWith('s3:') || a.startsWith('dynamodb:'))).toEqual([]);
      expect(actionsOf(statements)).toEqual(expect.arrayContaining(['sts:AssumeRole', 'sts:TagSession']));
      const names = Object.keys(environmentOf(dev.apiAll, functionId(id)));
      expect(names).toContain('TABLE_NAME');
      const route = fileRoutes.find((r) => r.id === id);
      if (route?.access.some((a) => a.startsWith('bucket:'))) expect(names).toContain('BUCKET_NAME');
    },
  );

  it("the routes that write objects assume the write role, whose objects are the session tenant's only", () => {
    const writeRole = logicalIdOf(dev.stacks.api.routes.tenantRoles.roleFor('write').node.defaultChild);
    const objects = statementsOfRole(dev.apiAll, writeRole).filter((s) => actionList(s).includes('s3:PutObject'));
    expect(objects).toHaveLength(1);
    // The IAM policy variable, literally.
    expect(JSON.stringify(objects[0]?.Resource)).toContain('/tenants/$' + '{aws:PrincipalTag/tenantId}/*');
    for (const id of ['createFile', 'completeFile', 'deleteFile']) {
      expect(environmentOf(dev.apiAll, functionId(id)).TENANT_WRITE_ROLE_ARN, id).toEqual({ 'Fn::GetAtt': [writeRole, 'Arn'] });
    }
  });
});

describe('the file reconciler', () => {
  const reconciler = () => {
    const found = resourcesOfType(dev.api, 'AWS::Lambda::Function').filter(([, r]) =>
      String(r.Properties?.Description).startsWith("Keeps salons' file items"),
    );
    expect(found).toHaveLength(1);
    return found[0] as [string, { Properties?: Record<string, unknown> }];
  };

  it("is fed the bucket's Object Created and Object Deleted events under tenants/, with retries and a dead-letter queue", () => {
    const [fnId] = reconciler();
    const rules = resourcesOfType(dev.api, 'AWS::Events::Rule');
    expect(rules).toHaveLength(1);
    const [, rule] = rules[0] as [string, { Properties?: Record<string, unknown> }];
    const pattern = rule.Properties?.EventPattern as Record<string, unknown>;
    expect(pattern.source).toEqual(['aws.s3']);
    expect(pattern['detail-type']).toEqual(['Object Created', 'Object Deleted']);
    expect(JSON.stringify(pattern.detail)).toContain('{"prefix":"tenants/"}');
    expect(JSON.stringify(pattern.detail)).toMatch(/Bucket/);
    const [target] = (rule.Properties?.Targets ?? []) as Array<Record<string, unknown>>;
    expect(target?.Arn).toEqual({ 'Fn::GetAtt': [fnId, 'Arn'] });
    expect(target?.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 8 });
    expect(target?.DeadLetterConfig).toBeDefined();
  });

  it('reads and deletes objects and writes the table with its own role, and assumes no tenant role', () => {
    const [fnId, fn] = reconciler();
    const role = String((fn.Properties?.Role as { 'Fn::GetAtt': [string, string] } | undefined)?.['Fn::GetAtt'][0]);
    const actions = actionsOf(statementsOfRole(dev.api, role));
    expect(actions).toEqual(expect.arrayContaining(['s3:GetObject*', 's3:DeleteObject*', 'dynamodb:UpdateItem']));
    expect(actions.some((a) => a.startsWith('sts:'))).toBe(false);
    expect(Object.keys(environmentOf(dev.api, fnId))).toEqual(expect.arrayContaining(['BUCKET_NAME', 'TABLE_NAME']));
  });
});
