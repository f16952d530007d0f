/**
 * Isolation layer 2, token vending: the roles tenant routes reach their data with.
 *
 * A function of a `tenant` route holds no table access of its own. Its execution role may only assume
 * one of these roles, with the session tag `tenantId` (functions/shared/db/tenant-client.ts), and the
 * role's policies are written in terms of that tag: items whose partition key is `TENANT#<tenantId>`,
 * objects under `tenants/<tenantId>/`, data keys with the encryption context `tenantId`. IAM evaluates
 * `${aws:PrincipalTag/tenantId}` per request, so a bug in a handler or repository still cannot reach
 * another salon's data.
 *
 * Two roles: `TenantRead` for routes that only read, `TenantWrite` for routes that write. Each trusts
 * principals of this account that carry the tag `rendezvous:tenant-data` with its kind, which only the
 * execution roles of the functions that need it get (with, on their side, sts:AssumeRole on that role
 * only). A tag rather than a list of role ARNs: the trust policy stays the same size however many
 * routes there are (a list hits the 2,048-character quota at about twenty functions). Each role is
 * created with the first function that needs it, so a route table without such routes gets no
 * unassumable role.
 */
import { Stack, Tags } from 'aws-cdk-lib';
import {
  AccountPrincipal,
  type Conditions,
  Effect,
  type IRole,
  PolicyDocument,
  PolicyStatement,
  Role,
  SessionTagsPrincipal,
} from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { KEY_SEPARATOR, TENANT_PREFIX } from '../../functions/shared/db/keys';
import { acknowledgeResolved } from '../nag';
import type { DataResources } from './app-function';

/** Ordered from least to most privilege: a route that needs both gets the last. */
export const TENANT_ROLE_KINDS = ['read', 'write'] as const;
export type TenantRoleKind = (typeof TENANT_ROLE_KINDS)[number];

/** The variable that hands a function the ARN of its tenant role (read by functions/shared/config.ts). */
export const TENANT_ROLE_ENVIRONMENT: Readonly<Record<TenantRoleKind, string>> = {
  read: 'TENANT_READ_ROLE_ARN',
  write: 'TENANT_WRITE_ROLE_ARN',
};

/** The tag on an execution role that lets it assume the tenant role of the tag's value (`read`, `write`). */
export const TENANT_ACCESS_TAG = 'rendezvous:tenant-data';

/** The one session tag a tenant session carries. */
export const TENANT_TAG = 'tenantId';

/** IAM policy variable, emitted literally (escaped here so TypeScript does not interpolate it). */
const PRINCIPAL_TENANT_ID = `\${aws:PrincipalTag/${TENANT_TAG}}`;

/** Assuming a tenant role: exactly one session tag, `tenantId`, with a non-empty value. */
export const TENANT_SESSION_CONDITIONS: Conditions = {
  StringLike: { [`aws:RequestTag/${TENANT_TAG}`]: '?*' },
  'ForAllValues:StringEquals': { 'aws:TagKeys': [TENANT_TAG] },
};

/**
 * On every DynamoDB statement: each partition key the request touches is the session's tenant
 * (`TENANT#<id>`, or `TENANT#<id>#...` for tenant-prefixed index keys), and a request that names no
 * partition key at all (Scan, PartiQL without a key) is refused: ForAllValues alone is true for an
 * empty set, hence the Null guard.
 */
const LEADING_KEYS_CONDITIONS: Conditions = {
  'ForAllValues:StringLike': {
    'dynamodb:LeadingKeys': [`${TENANT_PREFIX}${PRINCIPAL_TENANT_ID}`, `${TENANT_PREFIX}${PRINCIPAL_TENANT_ID}${KEY_SEPARATOR}*`],
  },
  Null: { 'dynamodb:LeadingKeys': 'false' },
};

const DYNAMODB_ACTIONS: Readonly<Record<TenantRoleKind, ReadonlyArray<string>>> = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'],
  write: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:ConditionCheckItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
  ],
};

const OBJECT_ACTIONS: Readonly<Record<TenantRoleKind, ReadonlyArray<string>>> = {
  read: ['s3:GetObject'],
  write: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
};

const DATA_KEY_ACTIONS: Readonly<Record<TenantRoleKind, ReadonlyArray<string>>> = {
  read: ['kms:Decrypt'],
  write: ['kms:Decrypt', 'kms:GenerateDataKey'],
};

const ROLE_IDS: Readonly<Record<TenantRoleKind, string>> = { read: 'TenantRead', write: 'TenantWrite' };

const tableIndexesArn = ({ table }: DataResources) => `${table.tableArn}/index/*`;
/** The session tenant's objects; IAM substitutes the tag per request. */
const tenantObjectsArn = ({ bucket }: DataResources) => `${bucket.bucketArn}/tenants/${PRINCIPAL_TENANT_ID}/*`;

/** The partition of the session tenant's request counters (functions/shared/db/keys.ts tenantRateKey). */
export const TENANT_RATE_PARTITION = `TENANT#${PRINCIPAL_TENANT_ID}#RATE`;

/**
 * Every tenant request spends the salon's request budget (the tenant gate), reads included: the read
 * role's one write is that counter, in a partition that holds nothing else. The write role's
 * UpdateItem already covers it.
 */
const requestCounterStatement = ({ table }: DataResources) =>
  new PolicyStatement({
    actions: ['dynamodb:UpdateItem'],
    resources: [table.tableArn],
    conditions: {
      'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [TENANT_RATE_PARTITION] },
      Null: { 'dynamodb:LeadingKeys': 'false' },
    },
  });

/** Any salon's audit partition (functions/shared/db/keys.ts auditPk). */
export const AUDIT_PARTITIONS = `${TENANT_PREFIX}*${KEY_SEPARATOR}AUDIT`;

/**
 * The audit log is append-only: no tenant session may update or delete an entry, whatever a handler
 * does. A Deny wins over the Allow above; BatchWriteItem is denied on the partition outright (its
 * deletes cannot be told apart from its puts by IAM, and entries are only ever written one by one in
 * a transaction). A Put replacing an entry is refused by the entry's own condition
 * (`attribute_not_exists`), which IAM cannot require.
 */
const auditAppendOnlyStatement = ({ table }: DataResources) =>
  new PolicyStatement({
    effect: Effect.DENY,
    actions: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
    resources: [table.tableArn],
    conditions: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [AUDIT_PARTITIONS] } },
  });

function tenantDataPolicy(kind: TenantRoleKind, resources: DataResources): PolicyDocument {
  const { table, bucket, dataKey } = resources;
  return new PolicyDocument({
    statements: [
      new PolicyStatement({
        actions: [...DYNAMODB_ACTIONS[kind]],
        resources: [table.tableArn, tableIndexesArn(resources)],
        conditions: LEADING_KEYS_CONDITIONS,
      }),
      ...(kind === 'read' ? [requestCounterStatement(resources)] : [auditAppendOnlyStatement(resources)]),
      new PolicyStatement({
        actions: [...OBJECT_ACTIONS[kind]],
        resources: [tenantObjectsArn(resources)],
      }),
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`tenants/${PRINCIPAL_TENANT_ID}/*`] } },
      }),
      new PolicyStatement({
        actions: [...DATA_KEY_ACTIONS[kind]],
        resources: [dataKey.keyArn],
        conditions: { StringEquals: { [`kms:EncryptionContext:${TENANT_TAG}`]: PRINCIPAL_TENANT_ID } },
      }),
    ],
  });
}

export interface TenantDataRolesProps {
  readonly resources: DataResources;
}

export class TenantDataRoles extends Construct {
  private readonly roles = new Map<TenantRoleKind, Role>();

  constructor(
    scope: Construct,
    id: string,
    private readonly props: TenantDataRolesProps,
  ) {
    super(scope, id);
  }

  /**
   * Lets `grantee` (an execution role) assume the tenant role of this kind with a `tenantId` session tag:
   * the grantee is added to the role's trust policy, and may call sts:AssumeRole and sts:TagSession on
   * that role only (an AWS::IAM::Policy of its own, so the trust policy's reference to the grantee and
   * the grantee's reference to the role form no cycle).
   */
  grantAssume(kind: TenantRoleKind, grantee: IRole): Role {
    const role = this.roles.get(kind) ?? this.createRole(kind);
    Tags.of(grantee).add(TENANT_ACCESS_TAG, kind);
    grantee.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['sts:AssumeRole', 'sts:TagSession'], resources: [role.roleArn] }),
    );
    return role;
  }

  /** The tenant role of this kind; it exists once a function needs it. */
  roleFor(kind: TenantRoleKind): Role {
    const role = this.roles.get(kind);
    if (!role) throw new Error(`No function uses the tenant ${kind} role`);
    return role;
  }

  /** The kinds some function uses, least privilege first. */
  get kinds(): TenantRoleKind[] {
    return TENANT_ROLE_KINDS.filter((kind) => this.roles.has(kind));
  }

  private createRole(kind: TenantRoleKind): Role {
    const { resources } = this.props;
    const assumers = new SessionTagsPrincipal(
      new AccountPrincipal(Stack.of(this).account).withConditions({
        ...TENANT_SESSION_CONDITIONS,
        StringEquals: { [`aws:PrincipalTag/${TENANT_ACCESS_TAG}`]: kind },
      }),
    );
    const role = new Role(this, ROLE_IDS[kind], {
      assumedBy: assumers,
      description: `Tenant-scoped ${kind} access, assumed by tenant routes with the session tag ${TENANT_TAG}`,
      inlinePolicies: { tenantData: tenantDataPolicy(kind, resources) },
    });
    acknowledgeResolved(role, (ref) => [
      {
        id: `AwsSolutions-IAM5[Resource::${ref(tableIndexesArn(resources))}]`,
        reason:
          'Queries of a tenant use the global secondary indexes of the one table; every DynamoDB statement of ' +
          'this role is bound by dynamodb:LeadingKeys to the TENANT#<session tenantId> partition, on the ' +
          'indexes as on the table.',
      },
      {
        // cdk-nag renders the policy variable as <aws:PrincipalTag/tenantId>; ref() does the same.
        id: `AwsSolutions-IAM5[Resource::${ref(tenantObjectsArn(resources))}]`,
        reason:
          "Objects under the session's own tenants/<tenantId>/ prefix: IAM substitutes the tenantId session " +
          'tag, which the trust policy requires, so the wildcard never reaches another tenant or bucket.',
      },
    ]);
    this.roles.set(kind, role);
    return role;
  }
}
