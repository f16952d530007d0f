/**
 * Isolation layer 2, token vending (lib/constructs/tenant-data-roles.ts): functions of `tenant` routes
 * reach the table only through a tenant role assumed with a `tenantId` session tag, and the tenant
 * roles' policies are bound to that tag. Expectations come from the route table, never a hand list.
 */
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { type RouteDef, routeList } from '../../functions/routes';
import { TENANT_KMS_OPERATIONS, tenantMayCall } from '../../local/emulators/kms';
import {
  actionsOf,
  dependencyCycle,
  environmentOf,
  logicalIdOf,
  type PolicyStatementJson,
  resources,
  statementsOfRole,
  type SynthesizedApp,
  synthesize,
  trustStatementsOfRole,
} from './support';

type Kind = 'read' | 'write';
const KINDS: ReadonlyArray<Kind> = ['read', 'write'];
const VARIABLE: Record<Kind, string> = { read: 'TENANT_READ_ROLE_ARN', write: 'TENANT_WRITE_ROLE_ARN' };

/**
 * The tenant role a route needs: tenant routes, and public routes serving one salon (by slug, or by the
 * salon a signed token names); write if it writes the table, read if it only reads it.
 */
function tenantRoleOf(route: RouteDef): Kind | undefined {
  if (route.auth !== 'tenant' && route.tenantScope === undefined) return undefined;
  if (route.access.includes('table:write')) return 'write';
  return route.access.includes('table:read') ? 'read' : undefined;
}

/** The IAM policy variable, literally (escaped: it is not a TypeScript placeholder). */
const SESSION_TENANT = `\${aws:PrincipalTag/tenantId}`;
const TENANT_KEY_PATTERNS = [`TENANT#${SESSION_TENANT}`, `TENANT#${SESSION_TENANT}#*`];

const DYNAMODB_READ = ['dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:Query'];
const DYNAMODB_WRITE = ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];

const actionList = (s: PolicyStatementJson): string[] => (Array.isArray(s.Action) ? s.Action : s.Action ? [s.Action] : []);

/** Whether an Allow statement may reach DynamoDB (a NotAction or a bare `*` reaches everything). */
const reachesDynamoDb = (s: PolicyStatementJson): boolean =>
  s.Effect === 'Allow' && (s.NotAction !== undefined || actionList(s).some((a) => a === '*' || a.startsWith('dynamodb:')));

/** Allow statements that may reach DynamoDB without being bound to the session's tenant partition. */
function unguardedDynamoDbStatements(statements: ReadonlyArray<PolicyStatementJson>): PolicyStatementJson[] {
  return statements.filter((s) => {
    if (!reachesDynamoDb(s)) return false;
    const leadingKeys = s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'];
    const nullGuard = s.Condition?.Null?.['dynamodb:LeadingKeys'];
    const bound = JSON.stringify(leadingKeys) === JSON.stringify(TENANT_KEY_PATTERNS) && nullGuard === 'false';
    return !bound && !isRequestCounterStatement(s);
  });
}

/** The read role's one write: UpdateItem of the session tenant's request-counter partition only. */
function isRequestCounterStatement(s: PolicyStatementJson): boolean {
  return (
    JSON.stringify(actionList(s)) === '["dynamodb:UpdateItem"]' &&
    JSON.stringify(s.Condition) ===
      JSON.stringify({
        'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [`TENANT#${SESSION_TENANT}#RATE`] },
        Null: { 'dynamodb:LeadingKeys': 'false' },
      }) &&
    !JSON.stringify(s.Resource).includes('/index/')
  );
}

/** Allow statements with Scan, a wildcard action (`*`, `dynamodb:*`, `dynamodb:Get*`...) or NotAction. */
function forbiddenActionStatements(statements: ReadonlyArray<PolicyStatementJson>): PolicyStatementJson[] {
  return statements.filter(
    (s) =>
      s.Effect === 'Allow' &&
      (s.NotAction !== undefined || actionList(s).some((a) => a.includes('*') || a.toLowerCase() === 'dynamodb:scan')),
  );
}

let dev: SynthesizedApp;
beforeAll(() => {
  dev = synthesize({ stage: 'dev' });
}, 60_000);

const logicalId = logicalIdOf;
const tenantRoleId = (kind: Kind) => logicalId(dev.stacks.api.routes.tenantRoles.roleFor(kind).node.defaultChild);
const roleId = (routeId: string) => logicalId(dev.stacks.api.routes.functionFor(routeId).role.node.defaultChild);
const functionId = (routeId: string) => logicalId(dev.stacks.api.routes.functionFor(routeId).function.node.defaultChild);
const tenantRoleStatements = () => KINDS.flatMap((kind) => statementsOfRole(dev.apiAll, tenantRoleId(kind)));

const tenantTableRoutes = routeList.filter((r) => tenantRoleOf(r) !== undefined);
const directTableRoutes = routeList.filter(
  (r) => tenantRoleOf(r) === undefined && (r.access.includes('table:read') || r.access.includes('table:write')),
);
/** The execution roles tagged to assume the tenant role of `kind`. */
const taggedRoleIds = (kind: Kind) =>
  Object.entries(resources(dev.apiAll))
    .filter(
      ([, r]) =>
        r.Type === 'AWS::IAM::Role' &&
        ((r.Properties?.Tags ?? []) as Array<{ Key: string; Value: string }>).some(
          (t) => t.Key === 'rendezvous:tenant-data' && t.Value === kind,
        ),
    )
    .map(([id]) => id);
/** What public slug routes hold of their own: the slug lookup and the IP budget, each by LeadingKeys. */
const LOOKUP_STATEMENTS = [
  { Action: 'dynamodb:GetItem', prefix: 'SLUG#*' },
  { Action: 'dynamodb:UpdateItem', prefix: 'RATE#*' },
];

describe('tenant roles', () => {
  it('the route table has tenant routes that read and tenant routes that write the table', () => {
    expect(new Set(tenantTableRoutes.map(tenantRoleOf))).toEqual(new Set(KINDS));
  });

  it('both exist, without physical names', () => {
    for (const kind of KINDS) {
      const role = resources(dev.apiAll)[tenantRoleId(kind)];
      expect(role?.Type, kind).toBe('AWS::IAM::Role');
      expect(role?.Properties?.RoleName, kind).toBeUndefined();
      expect(role?.Properties?.ManagedPolicyArns, kind).toBeUndefined();
    }
    expect(tenantRoleId('read')).not.toBe(tenantRoleId('write'));
  });

  it.each(KINDS)(
    'the %s role trusts only this account’s principals tagged for it, with one non-empty tenantId tag; exactly the routes that need it are tagged',
    (kind) => {
      const trust = trustStatementsOfRole(dev.apiAll, tenantRoleId(kind));
      expect(trust).toHaveLength(1);
      const [statement] = trust;
      expect(statement?.Effect).toBe('Allow');
      expect(statement?.Principal).toEqual({
        AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] },
      });
      expect(actionList(statement as PolicyStatementJson).sort()).toEqual(['sts:AssumeRole', 'sts:TagSession']);
      expect(statement?.Condition).toEqual({
        StringLike: { 'aws:RequestTag/tenantId': '?*' },
        'ForAllValues:StringEquals': { 'aws:TagKeys': ['tenantId'] },
        StringEquals: { 'aws:PrincipalTag/rendezvous:tenant-data': kind },
      });
      const expected = tenantTableRoutes.filter((r) => tenantRoleOf(r) === kind).map((r) => roleId(r.id));
      expect(expected.length).toBeGreaterThan(0);
      expect(taggedRoleIds(kind).sort()).toEqual([...expected].sort());
    },
  );

  it('every DynamoDB statement is bound to the session tenant: LeadingKeys TENANT#<tag> and the Null guard', () => {
    const dynamoDb = tenantRoleStatements().filter((s) => reachesDynamoDb(s) && !isRequestCounterStatement(s));
    expect(dynamoDb.length).toBeGreaterThanOrEqual(KINDS.length);
    expect(unguardedDynamoDbStatements(tenantRoleStatements())).toEqual([]);
    for (const statement of dynamoDb) {
      expect(statement.Condition).toMatchObject({
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': TENANT_KEY_PATTERNS },
        Null: { 'dynamodb:LeadingKeys': 'false' },
      });
      // The one table and its indexes, nothing else.
      const resourcesJson = JSON.stringify(statement.Resource);
      expect(resourcesJson).toMatch(/ExportsOutputFnGetAttTable[A-Za-z0-9]*Arn/);
      expect(resourcesJson).toContain('"/index/*"');
      expect(resourcesJson).not.toMatch(/Bucket|DataKey|"\*"/);
    }
  });

  it('no statement allows dynamodb:Scan, a wildcard action or NotAction', () => {
    expect(forbiddenActionStatements(tenantRoleStatements())).toEqual([]);
    expect(actionsOf(tenantRoleStatements())).not.toContain('dynamodb:Scan');
  });

  it('the read role reads only, but for spending its request budget (UpdateItem of TENANT#<tag>#RATE alone)', () => {
    const statements = statementsOfRole(dev.apiAll, tenantRoleId('read'));
    expect(actionsOf(statements.filter((s) => !isRequestCounterStatement(s))).sort()).toEqual(
      [...DYNAMODB_READ, 's3:GetObject', 's3:ListBucket', 'kms:Decrypt'].sort(),
    );
    expect(statements.filter(isRequestCounterStatement)).toHaveLength(1);
  });

  it('the write role reads and writes items, objects and data keys', () => {
    expect(actionsOf(statementsOfRole(dev.apiAll, tenantRoleId('write'))).sort()).toEqual(
      [
        ...DYNAMODB_READ,
        ...DYNAMODB_WRITE,
        's3:GetObject',
        's3:PutObject',
        's3:DeleteObject',
        's3:ListBucket',
        'kms:Decrypt',
        'kms:GenerateDataKey',
      ].sort(),
    );
  });

  it('the write role may never update or delete an audit entry: a Deny on TENANT#*#AUDIT, and no other Deny', () => {
    const statements = statementsOfRole(dev.apiAll, tenantRoleId('write'));
    const denies = statements.filter((s) => s.Effect === 'Deny');
    expect(denies).toHaveLength(1);
    const [deny] = denies as [PolicyStatementJson];
    expect(actionList(deny).sort()).toEqual(['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:UpdateItem']);
    expect(deny.Condition).toEqual({ 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['TENANT#*#AUDIT'] } });
    expect(JSON.stringify(deny.Resource)).toMatch(/ExportsOutputFnGetAttTable[A-Za-z0-9]*Arn/);
    // The read role has no Update/Delete to deny (its one UpdateItem is the RATE partition's).
    expect(statementsOfRole(dev.apiAll, tenantRoleId('read')).filter((s) => s.Effect === 'Deny')).toEqual([]);
  });

  it.each(KINDS)('the %s role reaches objects, listings and data keys of the session tenant only', (kind) => {
    const statements = statementsOfRole(dev.apiAll, tenantRoleId(kind));
    const objects = statements.filter((s) => actionList(s).some((a) => a.startsWith('s3:') && a !== 's3:ListBucket'));
    expect(objects.length).toBeGreaterThan(0);
    for (const s of objects) {
      expect(JSON.stringify(s.Resource)).toMatch(
        /Bucket[A-Za-z0-9]*Arn[A-Za-z0-9]*"},"\/tenants\/\$\{aws:PrincipalTag\/tenantId\}\/\*"\]/,
      );
    }
    const listing = statements.filter((s) => actionList(s).includes('s3:ListBucket'));
    expect(listing).toHaveLength(1);
    expect(actionList(listing[0] as PolicyStatementJson)).toEqual(['s3:ListBucket']);
    expect(listing[0]?.Condition).toEqual({ StringLike: { 's3:prefix': [`tenants/${SESSION_TENANT}/*`] } });
    const keys = statements.filter((s) => actionList(s).some((a) => a.startsWith('kms:')));
    expect(keys.length).toBeGreaterThan(0);
    for (const s of keys) {
      expect(s.Condition).toEqual({ StringEquals: { 'kms:EncryptionContext:tenantId': SESSION_TENANT } });
      expect(JSON.stringify(s.Resource)).toMatch(/DataKey/);
    }
  });

  it('the local KMS stand-in enforces what the synthesized KMS statements allow, per role: own context, those actions only', () => {
    for (const kind of KINDS) {
      const allowed = new Set<string>();
      for (const s of statementsOfRole(dev.api, tenantRoleId(kind)).filter((x) =>
        actionList(x).some((a) => a.startsWith('kms:')),
      )) {
        for (const a of actionList(s)) allowed.add(a.replace('kms:', ''));
        // The condition the stand-in evaluates: the request's context tenantId equals the session's tag.
        expect(s.Condition).toEqual({ StringEquals: { 'kms:EncryptionContext:tenantId': SESSION_TENANT } });
      }
      expect([...allowed].sort(), kind).toEqual([...TENANT_KMS_OPERATIONS[kind]].sort());
      const session = { tags: { tenantId: 'A' }, kind };
      for (const op of allowed) {
        expect(tenantMayCall(op, { EncryptionContext: { tenantId: 'A' } }, session), op).toBe(true);
        expect(tenantMayCall(op, { EncryptionContext: { tenantId: 'B' } }, session), op).toBe(false);
        expect(tenantMayCall(op, { EncryptionContext: { tenantId: 'A', other: 'x' } }, session), op).toBe(true);
        expect(tenantMayCall(op, {}, session), op).toBe(false);
        expect(tenantMayCall(op, { EncryptionContext: { tenantId: 'A' } }, { tags: {}, kind }), op).toBe(false);
      }
      for (const op of ['Encrypt', 'DescribeKey', 'ReEncrypt', 'GenerateDataKey'].filter((o) => !allowed.has(o)))
        expect(tenantMayCall(op, { EncryptionContext: { tenantId: 'A' } }, session), `${kind} ${op}`).toBe(false);
    }
    // The read role unwraps keys but cannot make one.
    expect(TENANT_KMS_OPERATIONS.read.has('GenerateDataKey')).toBe(false);
  });

  it('the checks detect an unguarded DynamoDB statement and a Scan added to a tenant role', () => {
    const probe = synthesize({ stage: 'dev' }, {}, (stacks) => {
      const role = stacks.api.routes.tenantRoles.roleFor('write');
      role.addToPrincipalPolicy(new PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [stacks.data.table.tableArn] }));
      role.addToPrincipalPolicy(new PolicyStatement({ actions: ['dynamodb:Scan'], resources: [stacks.data.table.tableArn] }));
    });
    const roleLogicalId = logicalIdOf(probe.stacks.api.routes.tenantRoles.roleFor('write').node.defaultChild);
    const statements = statementsOfRole(probe.apiAll, roleLogicalId);
    expect(unguardedDynamoDbStatements(statements).flatMap(actionList).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:Scan']);
    expect(forbiddenActionStatements(statements).flatMap(actionList)).toEqual(['dynamodb:Scan']);
  }, 60_000);

  it.each(KINDS)(
    'the trust policy of the %s role names no function, so it fits the IAM quota (2,048 characters) whatever the routes',
    (kind) => {
      const document = resources(dev.apiAll)[tenantRoleId(kind)]?.Properties?.AssumeRolePolicyDocument;
      expect(JSON.stringify(document)).not.toContain('Fn::GetAtt');
      const deployed = JSON.stringify(document).replace(
        /\{"Fn::Join":\["",\["arn:",\{"Ref":"AWS::Partition"\},":iam::",\{"Ref":"AWS::AccountId"\},":root"\]\]\}/g,
        '"arn:aws:iam::123456789012:root"',
      );
      expect(deployed).not.toContain('Fn::');
      expect(deployed.length).toBeLessThanOrEqual(2048);
    },
  );

  it('the API stack has no dependency cycle (function policies in the nested stacks name the tenant roles)', () => {
    // The parent: nested stacks take the tenant roles' ARNs as parameters, its methods read the functions'.
    expect(dependencyCycle(dev.api)).toBeUndefined();
    for (const nested of dev.apiNested) expect(dependencyCycle(nested.template), nested.group).toBeUndefined();
    expect(dependencyCycle(dev.apiAll)).toBeUndefined();
  });
});

describe.each(tenantTableRoutes.map((r) => [r.id, r] as const))('tenant route %s', (_id, route) => {
  const kind = tenantRoleOf(route) as Kind;

  it('holds no DynamoDB permission of its own (public slug routes: only the slug lookup and IP budget)', () => {
    const statements = statementsOfRole(dev.apiAll, roleId(route.id));
    const own = statements.filter((s) => actionList(s).some((a) => a.startsWith('dynamodb:') || a === '*'));
    if (route.tenantScope === 'slug') {
      expect(
        own.map((s) => ({ Action: s.Action, prefix: s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] })),
      ).toEqual(LOOKUP_STATEMENTS.map((l) => ({ Action: l.Action, prefix: [l.prefix] })));
      for (const s of own) expect(s.Condition?.Null).toEqual({ 'dynamodb:LeadingKeys': 'false' });
      return;
    }
    expect(own).toEqual([]);
    expect(JSON.stringify(statements.map((s) => s.Resource))).not.toMatch(/Table/);
  });

  it(`may assume the tenant ${kind} role only, with a session tag`, () => {
    const sts = statementsOfRole(dev.apiAll, roleId(route.id)).filter((s) => actionList(s).some((a) => a.startsWith('sts:')));
    expect(sts).toHaveLength(1);
    expect(actionList(sts[0] as PolicyStatementJson).sort()).toEqual(['sts:AssumeRole', 'sts:TagSession']);
    expect(sts[0]?.Resource).toEqual({ 'Fn::GetAtt': [tenantRoleId(kind), 'Arn'] });
  });

  it(`gets TABLE_NAME and ${VARIABLE[kind]} (only)`, () => {
    const variables = environmentOf(dev.apiAll, functionId(route.id));
    expect(variables.TABLE_NAME).toBeDefined();
    expect(variables[VARIABLE[kind]]).toEqual({ 'Fn::GetAtt': [tenantRoleId(kind), 'Arn'] });
    for (const other of KINDS.filter((k) => k !== kind)) expect(variables).not.toHaveProperty(VARIABLE[other]);
  });
});

describe('routes that keep their own table grant', () => {
  it('the route table has some', () => {
    expect(directTableRoutes.length).toBeGreaterThan(0);
  });

  it.each(directTableRoutes.map((r) => [r.id, r.auth, r] as const))(
    '%s (%s) reads the table with its execution role and assumes no tenant role',
    (_id, _auth, route) => {
      const actions = actionsOf(statementsOfRole(dev.apiAll, roleId(route.id)));
      expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
      if (route.access.includes('table:write')) expect(actions).toEqual(expect.arrayContaining(DYNAMODB_WRITE));
      expect(actions.some((a) => a.startsWith('sts:'))).toBe(false);
      const variables = environmentOf(dev.apiAll, functionId(route.id));
      expect(variables.TABLE_NAME).toBeDefined();
      for (const kind of KINDS) expect(variables).not.toHaveProperty(VARIABLE[kind]);
    },
  );

  it('the authorizer reads the table with its execution role and assumes no tenant role', () => {
    const authorizer = dev.stacks.api.routes.authorizerFunction;
    const actions = actionsOf(statementsOfRole(dev.apiAll, logicalId(authorizer.role.node.defaultChild)));
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
    expect(actions.some((a) => a.startsWith('sts:'))).toBe(false);
    for (const kind of KINDS) {
      expect(environmentOf(dev.apiAll, logicalId(authorizer.function.node.defaultChild))).not.toHaveProperty(VARIABLE[kind]);
    }
  });
});
