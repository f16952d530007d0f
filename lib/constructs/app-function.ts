/**
 * Every Lambda function of the app: runtime, architecture, bundling, log group and role are decided
 * here once. The access a function declares is granted here, and the environment variables that go with
 * it are set here too, so a function can never hold a variable for a resource it may not touch.
 */
import * as path from 'node:path';
import { type Acknowledgment, Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { ResourceAccess } from '../../functions/routes';
import { functionBundling } from '../bundling';
import { acknowledge, acknowledgeResolved } from '../nag';
import { METRICS_NAMESPACE } from '../../functions/shared/metric-names';
import { repoRoot } from '../paths';
import type { StageConfig } from '../stage-config';
import { TENANT_ROLE_ENVIRONMENT, TENANT_ROLE_KINDS, type TenantDataRoles, type TenantRoleKind } from './tenant-data-roles';

/** The stateful resources of the data stack. */
export interface DataResources {
  readonly table: ITable;
  readonly bucket: IBucket;
  /** Customer-managed key for per-tenant data keys (envelope encryption). */
  readonly dataKey: IKey;
}

/** Everything a function may be granted access to (see `ResourceAccess` in functions/routes.ts). */
export interface AppResources extends DataResources {
  readonly userPool: IUserPool;
}

export interface AppFunctionProps {
  /** Entry file relative to the repository root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly access: ReadonlyArray<ResourceAccess>;
  readonly resources: AppResources;
  readonly config: StageConfig;
  /** Variables that do not come with a grant (e.g. the token issuer of the authorizer). */
  readonly environment?: Readonly<Record<string, string>>;
  /** Overrides the stage's function timeout (a stream consumer that waits on a lease). */
  readonly timeoutSeconds?: number;
  /**
   * Set for `tenant` routes only: access with a tenant-scoped binding (the table) is then not granted to
   * the execution role; the function may only assume the matching tenant role (token vending).
   */
  readonly tenantRoles?: TenantDataRoles;
}

/** The pinned runtime: nodejs22.x is the platform decision (see the L1 acknowledgement below). */
export const FUNCTION_RUNTIME = Runtime.NODEJS_22_X;

/** `lib/bundling.ts` (shared with the bundle benchmark) expressed as NodejsFunction options. */
export function nodejsBundling(): BundlingOptions {
  return {
    format: functionBundling.format === 'esm' ? OutputFormat.ESM : OutputFormat.CJS,
    target: functionBundling.target,
    minify: functionBundling.minify,
    sourceMap: functionBundling.sourcemap,
    mainFields: [...functionBundling.mainFields],
    banner: functionBundling.banner,
    // NodejsFunction would mark @aws-sdk/* external; each function bundles exactly the clients it uses.
    externalModules: [...functionBundling.external],
  };
}

/**
 * What each kind of declared access grants, the variables that come with it, and the cdk-nag findings
 * that grant is known to raise (ids built from the resolved ARNs, see lib/nag.ts). A new kind of access
 * in the route table does not compile until it is bound here.
 */
interface AccessBinding {
  grant(fn: NodejsFunction, resources: AppResources): void;
  environment(resources: AppResources): Record<string, string>;
  acknowledgements?(resources: AppResources, ref: (token: string) => string): Acknowledgment[];
  /**
   * On `tenant` routes this access goes through the tenant role of this kind instead of `grant` (and
   * its acknowledgements); the variables of `environment` are still set. `undefined`: granted to the
   * execution role on every route. Required, so each new kind of access decides.
   */
  readonly viaTenantRole: TenantRoleKind | undefined;
}

const tableIndexes = (resources: AppResources, ref: (token: string) => string): Acknowledgment[] => [
  {
    id: `AwsSolutions-IAM5[Resource::${ref(resources.table.tableArn)}/index/*]`,
    reason:
      'Queries on the single table use its global secondary indexes (GSI1-GSI4); the wildcard covers only ' +
      'the indexes of this one table.',
  },
];

const bucketObjects = (resources: AppResources, ref: (token: string) => string): Acknowledgment[] => [
  {
    id: `AwsSolutions-IAM5[Resource::${ref(resources.bucket.bucketArn)}/*]`,
    reason:
      'Objects of the one app bucket, keyed per tenant; tenant scoping is enforced by the repositories and ' +
      'the wildcard reaches no other bucket.',
  },
];

const wildcardActions = (reasons: Record<string, string>): Acknowledgment[] =>
  Object.entries(reasons).map(([action, reason]) => ({ id: `AwsSolutions-IAM5[Action::${action}]`, reason }));

const ACCESS_BINDINGS: Readonly<Record<ResourceAccess, AccessBinding>> = {
  // Tenant routes: the tenant role bound to TENANT#<tenantId> (lib/constructs/tenant-data-roles.ts).
  'table:read': {
    viaTenantRole: 'read',
    grant: (fn, { table }) => table.grantReadData(fn),
    environment: ({ table }) => ({ TABLE_NAME: table.tableName }),
    acknowledgements: tableIndexes,
  },
  'table:write': {
    viaTenantRole: 'write',
    // Conditional writes and transactions read as well.
    grant: (fn, { table }) => table.grantReadWriteData(fn),
    environment: ({ table }) => ({ TABLE_NAME: table.tableName }),
    acknowledgements: tableIndexes,
  },
  // Bucket: a tenant route reaches objects through its tenant role (only `tenants/<its id>/*`); any
  // other function (the S3-event reconciler) holds the grant on its execution role. The data key: until
  // the crypto feature uses the tenant roles' KMS permissions, its grant stays on the execution role.
  'bucket:read': {
    viaTenantRole: 'read',
    grant: (fn, { bucket }) => bucket.grantRead(fn),
    environment: ({ bucket }) => ({ BUCKET_NAME: bucket.bucketName }),
    acknowledgements: (resources, ref) => [
      ...bucketObjects(resources, ref),
      ...wildcardActions({
        's3:GetObject*': "CDK's read grant: GetObject with its version, tagging and attribute variants, on the app bucket only.",
        's3:GetBucket*': "CDK's read grant: bucket-level metadata reads (location, versioning) of the app bucket only.",
        's3:List*': "CDK's read grant: listing the app bucket's objects, versions and multipart uploads, on that bucket only.",
      }),
    ],
  },
  'bucket:write': {
    // Put and delete objects; a route that also reads declares bucket:read as well.
    viaTenantRole: 'write',
    grant: (fn, { bucket }) => bucket.grantWrite(fn),
    environment: ({ bucket }) => ({ BUCKET_NAME: bucket.bucketName }),
    acknowledgements: (resources, ref) => [
      ...bucketObjects(resources, ref),
      ...wildcardActions({
        's3:DeleteObject*': "CDK's write grant: deleting objects and object versions of the app bucket only.",
        's3:Abort*': "CDK's write grant: aborting multipart uploads (AbortMultipartUpload) in the app bucket only.",
      }),
    ],
  },
  'kms:data-key': {
    viaTenantRole: undefined,
    grant: (fn, { dataKey }) => dataKey.grant(fn, 'kms:GenerateDataKey', 'kms:Decrypt'),
    environment: ({ dataKey }) => ({ KMS_KEY_ID: dataKey.keyArn }),
  },
  'table:public-lookup': {
    viaTenantRole: undefined,
    grant: (fn, { table }) => {
      const leadingKeys = (prefix: string) => ({
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${prefix}#*`] },
        Null: { 'dynamodb:LeadingKeys': 'false' },
      });
      fn.addToRolePolicy(
        new PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [table.tableArn], conditions: leadingKeys('SLUG') }),
      );
      fn.addToRolePolicy(
        new PolicyStatement({ actions: ['dynamodb:UpdateItem'], resources: [table.tableArn], conditions: leadingKeys('RATE') }),
      );
    },
    environment: ({ table }) => ({ TABLE_NAME: table.tableName }),
  },
  'platform:health-probe': {
    viaTenantRole: undefined,
    grant: (fn, { bucket, dataKey, userPool }) => {
      fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
      dataKey.grant(fn, 'kms:DescribeKey');
      userPool.grant(fn, 'cognito-idp:DescribeUserPool');
    },
    environment: ({ bucket, dataKey, userPool }) => ({
      BUCKET_NAME: bucket.bucketName,
      KMS_KEY_ID: dataKey.keyArn,
      USER_POOL_ID: userPool.userPoolId,
    }),
  },
  'userpool:invite': {
    viaTenantRole: undefined,
    grant: (fn, { userPool }) => userPool.grant(fn, 'cognito-idp:AdminGetUser', 'cognito-idp:AdminCreateUser'),
    environment: ({ userPool }) => ({ USER_POOL_ID: userPool.userPoolId }),
  },
  'userpool:delete-user': {
    viaTenantRole: undefined,
    grant: (fn, { userPool }) => userPool.grant(fn, 'cognito-idp:AdminDeleteUser'),
    environment: ({ userPool }) => ({ USER_POOL_ID: userPool.userPoolId }),
  },
};

export class AppFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  /** The tenant role this function assumes (tenant routes with table access), if any. */
  readonly tenantRole: Role | undefined;

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    super(scope, id);
    const { config } = props;
    const access = new Set(props.access);

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: config.logRetention,
      removalPolicy: config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    // Instead of AWSLambdaBasicExecutionRole (logs on every log group of the account), the function
    // may write to its own log group only.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.description}`,
      inlinePolicies: {
        logs: new PolicyDocument({
          statements: [
            new PolicyStatement({
              effect: Effect.ALLOW,
              actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              resources: [this.logGroup.logGroupArn],
            }),
          ],
        }),
      },
    });

    const environment: Record<string, string> = {
      POWERTOOLS_SERVICE_NAME: 'rendezvous',
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      POWERTOOLS_LOG_LEVEL: config.functions.logLevel,
      MAX_BODY_BYTES: String(config.functions.maxBodyBytes),
      APP_URL: config.appUrl,
      CORS_ALLOWED_ORIGINS: config.corsOrigins.join(','),
      ...(functionBundling.sourcemap ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
      ...props.environment,
    };

    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(repoRoot, props.entry),
      handler: 'handler',
      runtime: FUNCTION_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: config.functions.memoryMb,
      timeout: Duration.seconds(props.timeoutSeconds ?? config.functions.timeoutSeconds),
      description: props.description,
      role: this.role,
      logGroup: this.logGroup,
      ...(config.functions.tracing ? { tracing: Tracing.ACTIVE } : {}),
      projectRoot: repoRoot,
      depsLockFilePath: path.join(repoRoot, 'package-lock.json'),
      bundling: nodejsBundling(),
      environment,
    });

    this.tenantRole = this.grantAccess(access, props.resources, props.tenantRoles);

    acknowledge(
      this.function,
      'AwsSolutions-L1',
      'nodejs22.x is the platform decision for all functions: bundles target node22 (lib/bundling.ts), the ' +
        'minimum of AWS SDK releases from 2027; moving to nodejs24.x is a deliberate, platform-wide change.',
    );
    if (config.functions.tracing) {
      acknowledge(
        this.role,
        'AwsSolutions-IAM5[Resource::*]',
        'Active tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support no ' +
          'resource-level permissions.',
      );
    }
  }

  /** Grants the declared access; returns the tenant role the function assumes, if any. */
  private grantAccess(
    access: ReadonlySet<ResourceAccess>,
    resources: AppResources,
    tenantRoles: TenantDataRoles | undefined,
  ): Role | undefined {
    const acknowledgements: Array<(ref: (token: string) => string) => Acknowledgment[]> = [];
    const tenantKinds = new Set<TenantRoleKind>();
    for (const kind of access) {
      const binding = ACCESS_BINDINGS[kind];
      for (const [name, value] of Object.entries(binding.environment(resources))) this.function.addEnvironment(name, value);
      if (tenantRoles && binding.viaTenantRole) {
        tenantKinds.add(binding.viaTenantRole);
        continue;
      }
      binding.grant(this.function, resources);
      const { acknowledgements: acks } = binding;
      if (acks) acknowledgements.push((ref) => acks(resources, ref));
    }

    // Exactly one tenant role: the strongest the route needs (a write route also reads).
    const tenantKind = TENANT_ROLE_KINDS.filter((kind) => tenantKinds.has(kind)).at(-1);
    const tenantRole = tenantRoles && tenantKind ? tenantRoles.grantAssume(tenantKind, this.role) : undefined;
    if (tenantRole && tenantKind) this.function.addEnvironment(TENANT_ROLE_ENVIRONMENT[tenantKind], tenantRole.roleArn);
    // The write role may generate data keys (bound to its salon's context): a salon created before data
    // keys gets one on its first write (functions/shared/crypto/keyring.ts), under this key.
    if (tenantRole && tenantKind === 'write') this.function.addEnvironment('KMS_KEY_ID', resources.dataKey.keyArn);

    if (acknowledgements.length === 0) return tenantRole;
    acknowledgeResolved(this.role, (ref) => {
      const byId = new Map(acknowledgements.flatMap((build) => build(ref)).map((ack) => [ack.id, ack] as const));
      return [...byId.values()];
    });
    return tenantRole;
  }
}
