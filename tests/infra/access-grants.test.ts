/**
 * Every kind of `ResourceAccess`, granted through a synthetic route table (the real one may not use
 * them all yet): what a function may do and which variables it gets follow its declared access only.
 */
import type { CfnResource } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  actionsOf,
  environmentOf,
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

const id = (cfn: unknown) => app.stacks.api.getLogicalId(cfn as CfnResource);
const actionsFor = (routeId: string) =>
  actionsOf(statementsOfRole(app.api, id(app.stacks.api.routes.functionFor(routeId).role.node.defaultChild)));
const variablesFor = (routeId: string) =>
  environmentOf(app.api, id(app.stacks.api.routes.functionFor(routeId).function.node.defaultChild));

describe('grants', () => {
  it('table:read reads the table only', () => {
    const actions = actionsFor('readsTable');
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
    expect(actions).not.toContain('dynamodb:PutItem');
    expect(actions.filter((a) => !a.startsWith('dynamodb:') && !a.startsWith('logs:'))).toEqual([]);
  });

  it('table:write reads and writes the table', () => {
    expect(actionsFor('writesTable')).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']),
    );
  });

  it('bucket:read reads objects and cannot write them', () => {
    const actions = actionsFor('readsBucket');
    expect(actions).toContain('s3:GetObject*');
    expect(actions.some((a) => a.startsWith('s3:Put') || a.startsWith('s3:Delete'))).toBe(false);
    expect(actions.some((a) => a.startsWith('dynamodb:') || a.startsWith('kms:'))).toBe(false);
  });

  it('bucket:write puts and deletes objects and cannot read them', () => {
    const actions = actionsFor('writesBucket');
    expect(actions).toEqual(expect.arrayContaining(['s3:PutObject', 's3:DeleteObject*']));
    expect(actions.some((a) => a.startsWith('s3:Get'))).toBe(false);
  });

  it('kms:data-key may generate and decrypt data keys of the data key only', () => {
    const statements = statementsOfRole(
      app.api,
      id(app.stacks.api.routes.functionFor('usesDataKey').role.node.defaultChild),
    ).filter((s) => actionsOf([s]).some((a) => a.startsWith('kms:')));
    expect(actionsOf(statements).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    expect(JSON.stringify(statements.map((s) => s.Resource))).toMatch(/DataKey/);
    expect(actionsFor('usesDataKey').some((a) => a.startsWith('dynamodb:') || a.startsWith('s3:'))).toBe(false);
  });

  it('userpool:invite may look up and create users of the user pool only', () => {
    const statements = statementsOfRole(
      app.api,
      id(app.stacks.api.routes.functionFor('invitesUsers').role.node.defaultChild),
    ).filter((s) => actionsOf([s]).some((a) => a.startsWith('cognito-idp:')));
    expect(actionsOf(statements).sort()).toEqual(['cognito-idp:AdminCreateUser', 'cognito-idp:AdminGetUser']);
    expect(JSON.stringify(statements.map((s) => s.Resource))).toMatch(/UserPool/);
    expect(actionsFor('invitesUsers').some((a) => a.startsWith('dynamodb:') || a.startsWith('s3:') || a.startsWith('kms:'))).toBe(
      false,
    );
  });

  it('no access means logs only', () => {
    expect(actionsFor('nothing').sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
  });
});

describe('environment comes with the grant', () => {
  it.each([
    ['readsTable', ['TABLE_NAME']],
    ['writesTable', ['TABLE_NAME']],
    ['readsBucket', ['BUCKET_NAME']],
    ['writesBucket', ['BUCKET_NAME']],
    ['usesDataKey', ['KMS_KEY_ID']],
    ['invitesUsers', ['USER_POOL_ID']],
    ['everything', ['TABLE_NAME', 'BUCKET_NAME', 'KMS_KEY_ID', 'USER_POOL_ID']],
    ['nothing', []],
  ])('%s gets %j', (routeId, expected) => {
    const resourceVariables = ['TABLE_NAME', 'BUCKET_NAME', 'KMS_KEY_ID', 'USER_POOL_ID'];
    const variables = Object.keys(variablesFor(routeId)).filter((k) => resourceVariables.includes(k));
    expect(variables.sort()).toEqual([...expected].sort());
  });
});

describe('tenant routes', () => {
  it('share one tenant authorizer keyed on the token and the path tenantId, and reuse path resources', () => {
    const authorizers = Object.values(resources(app.api)).filter((r) => r.Type === 'AWS::ApiGateway::Authorizer');
    expect(authorizers).toHaveLength(1);
    expect(authorizers[0]?.Properties?.IdentitySource).toBe('method.request.header.Authorization,method.request.path.tenantId');
    const tenantIdResources = Object.values(resources(app.api)).filter(
      (r) => r.Type === 'AWS::ApiGateway::Resource' && r.Properties?.PathPart === '{tenantId}',
    );
    expect(tenantIdResources).toHaveLength(1);
  });
});
