/**
 * Every kind of `ResourceAccess`, granted through a synthetic route table (the real one may not use
 * them all yet): what a function may do and which variables it gets follow its declared access only.
 * On `tenant` routes table access goes through the tenant roles (see tenant-data-roles.test.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  actionsOf,
  environmentOf,
  logicalIdOf,
  resources,
  SYNTHETIC_ROUTES,
  statementsOfRole,
  type SynthesizedApp,
  synthesize,
} from './support';

let app: SynthesizedApp;
beforeAll(() => {
  app = synthesize({ stage: 'dev' }, { routes: SYNTHETIC_ROUTES });
}, 60_000);

const id = logicalIdOf;
const statementsFor = (routeId: string) =>
  statementsOfRole(app.apiAll, id(app.stacks.api.routes.functionFor(routeId).role.node.defaultChild));
const actionsFor = (routeId: string) => actionsOf(statementsFor(routeId));
const tenantRoleId = (kind: 'read' | 'write') => id(app.stacks.api.routes.tenantRoles.roleFor(kind).node.defaultChild);
const variablesFor = (routeId: string) =>
  environmentOf(app.apiAll, id(app.stacks.api.routes.functionFor(routeId).function.node.defaultChild));

describe('grants', () => {
  it('table:read reads the table only', () => {
    const actions = actionsFor('userReadsTable');
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
    expect(actions).not.toContain('dynamodb:PutItem');
    expect(actions.filter((a) => !a.startsWith('dynamodb:') && !a.startsWith('logs:'))).toEqual([]);
  });

  it('table:write reads and writes the table', () => {
    expect(actionsFor('userWritesTable')).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']),
    );
  });

  it.each([
    ['readsTable', 'read'],
    ['writesTable', 'write'],
    ['readsAndWritesTable', 'write'],
    ['everything', 'write'],
  ] as const)('on the tenant route %s, table access is only the assumption of the tenant %s role', (routeId, kind) => {
    const actions = actionsFor(routeId);
    expect(actions.some((a) => a.startsWith('dynamodb:'))).toBe(false);
    const sts = statementsFor(routeId).filter((s) => actionsOf([s]).some((a) => a.startsWith('sts:')));
    expect(sts).toHaveLength(1);
    expect(actionsOf(sts).sort()).toEqual(['sts:AssumeRole', 'sts:TagSession']);
    expect(sts[0]?.Resource).toEqual({ 'Fn::GetAtt': [tenantRoleId(kind), 'Arn'] });
  });

  it('tenant routes without table or bucket access assume no tenant role', () => {
    for (const routeId of ['usesDataKey', 'invitesUsers', 'nothing']) {
      expect(
        actionsFor(routeId).some((a) => a.startsWith('sts:')),
        routeId,
      ).toBe(false);
    }
  });

  it('user routes hold no tenant role', () => {
    for (const routeId of ['userReadsTable', 'userWritesTable']) {
      expect(
        actionsFor(routeId).some((a) => a.startsWith('sts:')),
        routeId,
      ).toBe(false);
    }
  });

  it.each([
    ['readsBucket', 'read'],
    ['writesBucket', 'write'],
  ] as const)(
    'on the tenant route %s, objects are reached only through the tenant %s role (tenants/<its id>/*)',
    (routeId, kind) => {
      const actions = actionsFor(routeId);
      expect(actions.some((a) => a.startsWith('s3:') || a.startsWith('dynamodb:') || a.startsWith('kms:'))).toBe(false);
      const sts = statementsFor(routeId).filter((s) => actionsOf([s]).some((a) => a.startsWith('sts:')));
      expect(sts).toHaveLength(1);
      expect(sts[0]?.Resource).toEqual({ 'Fn::GetAtt': [tenantRoleId(kind), 'Arn'] });
    },
  );

  it('kms:data-key may generate and decrypt data keys of the data key only', () => {
    const statements = statementsOfRole(
      app.apiAll,
      id(app.stacks.api.routes.functionFor('usesDataKey').role.node.defaultChild),
    ).filter((s) => actionsOf([s]).some((a) => a.startsWith('kms:')));
    expect(actionsOf(statements).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    expect(JSON.stringify(statements.map((s) => s.Resource))).toMatch(/DataKey/);
    expect(actionsFor('usesDataKey').some((a) => a.startsWith('dynamodb:') || a.startsWith('s3:'))).toBe(false);
  });

  it('userpool:invite may look up and create users of the user pool only', () => {
    const statements = statementsOfRole(
      app.apiAll,
      id(app.stacks.api.routes.functionFor('invitesUsers').role.node.defaultChild),
    ).filter((s) => actionsOf([s]).some((a) => a.startsWith('cognito-idp:')));
    expect(actionsOf(statements).sort()).toEqual(['cognito-idp:AdminCreateUser', 'cognito-idp:AdminGetUser']);
    expect(JSON.stringify(statements.map((s) => s.Resource))).toMatch(/UserPool/);
    expect(actionsFor('invitesUsers').some((a) => a.startsWith('dynamodb:') || a.startsWith('s3:') || a.startsWith('kms:'))).toBe(
      false,
    );
  });

  it('platform:health-probe may read metadata only: HeadBucket, DescribeKey, DescribeUserPool', () => {
    const statements = statementsOfRole(app.apiAll, id(app.stacks.api.routes.functionFor('probesHealth').role.node.defaultChild));
    const actions = actionsOf(statements.filter((s) => !actionsOf([s]).some((a) => a.startsWith('logs:'))));
    expect(actions.sort()).toEqual(['cognito-idp:DescribeUserPool', 'kms:DescribeKey', 's3:ListBucket']);
    const resourcesJson = JSON.stringify(statements.map((s) => s.Resource));
    expect(resourcesJson).toMatch(/Bucket/);
    expect(resourcesJson).toMatch(/DataKey/);
    expect(resourcesJson).toMatch(/UserPool/);
    expect(resourcesJson).not.toContain('/*');
  });

  it('userpool:delete-user may delete users of the user pool, and neither read nor create them', () => {
    const statements = statementsOfRole(
      app.apiAll,
      id(app.stacks.api.routes.functionFor('deletesUsers').role.node.defaultChild),
    ).filter((s) => actionsOf([s]).some((a) => a.startsWith('cognito-idp:')));
    expect(actionsOf(statements)).toEqual(['cognito-idp:AdminDeleteUser']);
    expect(JSON.stringify(statements.map((s) => s.Resource))).toMatch(/UserPool/);
    expect(actionsFor('deletesUsers').some((a) => a.startsWith('dynamodb:') || a.startsWith('s3:') || a.startsWith('kms:'))).toBe(
      false,
    );
  });

  it.each([
    ['publicReadsSalon', 'read'],
    ['publicWritesSalon', 'write'],
  ] as const)(
    'the public route %s looks up slugs and spends the IP budget by LeadingKeys, and reaches salon data only through the tenant %s role',
    (routeId, kind) => {
      const dynamo = statementsFor(routeId).filter((s) => actionsOf([s]).some((a) => a.startsWith('dynamodb:')));
      expect(dynamo.map((s) => ({ actions: actionsOf([s]), conditions: s.Condition }))).toEqual([
        {
          actions: ['dynamodb:GetItem'],
          conditions: {
            'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SLUG#*'] },
            Null: { 'dynamodb:LeadingKeys': 'false' },
          },
        },
        {
          actions: ['dynamodb:UpdateItem'],
          conditions: {
            'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['RATE#*'] },
            Null: { 'dynamodb:LeadingKeys': 'false' },
          },
        },
      ]);
      const sts = statementsFor(routeId).filter((s) => actionsOf([s]).some((a) => a.startsWith('sts:')));
      expect(actionsOf(sts).sort()).toEqual(['sts:AssumeRole', 'sts:TagSession']);
      expect(sts[0]?.Resource).toEqual({ 'Fn::GetAtt': [tenantRoleId(kind), 'Arn'] });
    },
  );

  it('no access means logs only', () => {
    expect(actionsFor('nothing').sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
  });
});

describe('environment comes with the grant', () => {
  it.each([
    ['userReadsTable', ['TABLE_NAME']],
    ['userWritesTable', ['TABLE_NAME']],
    ['readsTable', ['TABLE_NAME', 'TENANT_READ_ROLE_ARN']],
    // The write role may create the salon's data key (lazily), so it comes with the key's ARN.
    ['writesTable', ['TABLE_NAME', 'TENANT_WRITE_ROLE_ARN', 'KMS_KEY_ID']],
    ['readsAndWritesTable', ['TABLE_NAME', 'TENANT_WRITE_ROLE_ARN', 'KMS_KEY_ID']],
    ['readsBucket', ['BUCKET_NAME', 'TENANT_READ_ROLE_ARN']],
    ['writesBucket', ['BUCKET_NAME', 'TENANT_WRITE_ROLE_ARN', 'KMS_KEY_ID']],
    ['usesDataKey', ['KMS_KEY_ID']],
    ['invitesUsers', ['USER_POOL_ID']],
    ['everything', ['TABLE_NAME', 'TENANT_WRITE_ROLE_ARN', 'BUCKET_NAME', 'KMS_KEY_ID', 'USER_POOL_ID']],
    ['nothing', []],
  ])('%s gets %j', (routeId, expected) => {
    const resourceVariables = [
      'TABLE_NAME',
      'TENANT_READ_ROLE_ARN',
      'TENANT_WRITE_ROLE_ARN',
      'BUCKET_NAME',
      'KMS_KEY_ID',
      'USER_POOL_ID',
    ];
    const variables = Object.keys(variablesFor(routeId)).filter((k) => resourceVariables.includes(k));
    expect(variables.sort()).toEqual([...expected].sort());
  });

  it.each([
    ['readsTable', 'TENANT_READ_ROLE_ARN', 'read'],
    ['writesTable', 'TENANT_WRITE_ROLE_ARN', 'write'],
  ] as const)('%s gets the ARN of its tenant role in %s', (routeId, variable, kind) => {
    expect(variablesFor(routeId)[variable]).toEqual({ 'Fn::GetAtt': [tenantRoleId(kind), 'Arn'] });
  });
});

describe('tenant routes', () => {
  it('share one tenant authorizer keyed on the token and the path tenantId, and reuse path resources', () => {
    const authorizers = Object.values(resources(app.apiAll)).filter(
      (r) => r.Type === 'AWS::ApiGateway::Authorizer' && String(r.Properties?.IdentitySource).includes('tenantId'),
    );
    expect(authorizers).toHaveLength(1);
    expect(authorizers[0]?.Properties?.IdentitySource).toBe('method.request.header.Authorization,method.request.path.tenantId');
    const tenantIdResources = Object.values(resources(app.apiAll)).filter(
      (r) => r.Type === 'AWS::ApiGateway::Resource' && r.Properties?.PathPart === '{tenantId}',
    );
    expect(tenantIdResources).toHaveLength(1);
  });
});
