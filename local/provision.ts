/**
 * Creates what CDK creates on AWS, against the emulators, idempotently: the table (from the same
 * TABLE definition the DataStack uses), the bucket, the user pool and its app client.
 */
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  type ExplicitAuthFlowsType,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  UpdateUserPoolClientCommand,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { ConflictException, CreateScheduleGroupCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { TABLE } from '../functions/shared/db/table';
import { LocalStartError } from './ports';

export const LOCAL_REGION = 'us-east-1';
/** s3rver insists on its own access key; the other emulators accept any, so one pair serves all. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const POOL_NAME = 'rendezvous-local';
const CLIENT_NAME = 'rendezvous-local-web';
const CLIENT_AUTH_FLOWS: ExplicitAuthFlowsType[] = ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];

/** As on AWS (lib/stacks/data-stack.ts): the stream feeds message delivery and the other consumers. */
const TABLE_STREAM = { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' as const };

export async function provisionTable(endpoint: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const indexes = Object.values(TABLE.indexes);
  const attrs = [TABLE.partitionKey, TABLE.sortKey, ...indexes.flatMap((i) => [i.partitionKey, i.sortKey])];
  const indexSpec = (index: (typeof indexes)[number]) => ({
    IndexName: index.name,
    KeySchema: [
      { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  });
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: attrs.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: indexes.map(indexSpec),
        StreamSpecification: TABLE_STREAM,
      }),
    );
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
      }),
    );
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
    // DynamoDB Local accepts an index added to an existing table but then fails every write that
    // fills it (its SQLite table lacks the column): a table from an older version is refused instead.
    const existing = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const present = new Set((existing.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
    const missing = indexes.filter((i) => !present.has(i.name)).map((i) => i.name);
    if (missing.length > 0) {
      throw new LocalStartError(
        `The local table was made by an older version (no index ${missing.join(', ')}): stop, delete the data folder (.data/ unless RENDEZVOUS_DATA_DIR says otherwise) and start again.`,
      );
    }
    // A table from before notifications: its stream is switched on (messages already queued in it
    // predate the stream and stay queued on GSI2).
    if (!existing.Table?.StreamSpecification?.StreamEnabled) {
      await client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: TABLE_STREAM }));
    }
  } finally {
    client.destroy();
  }
}

export async function provisionBucket(endpoint: string, bucketName: string): Promise<void> {
  const client = new S3Client({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, forcePathStyle: true });
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucketName }));
  } catch {
    await client.send(new CreateBucketCommand({ Bucket: bucketName }));
  } finally {
    client.destroy();
  }
}

/** The stage's reminder schedule group, as the Reminders construct creates it on AWS. */
export async function provisionScheduleGroup(endpoint: string, name: string): Promise<void> {
  const client = new SchedulerClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  try {
    await client.send(new CreateScheduleGroupCommand({ Name: name }));
  } catch (err) {
    if (!(err instanceof ConflictException)) throw err;
  } finally {
    client.destroy();
  }
}

export interface LocalPool {
  userPoolId: string;
  userPoolClientId: string;
}

export function cognitoAdmin(endpoint: string): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
}

/**
 * `callbackUrls`: where the hosted UI (cognito-local's `/oauth2/authorize`) may send the console back
 * with a code; set on every start, so pools made before the console (or on another port) get them.
 */
export async function provisionUserPool(endpoint: string, callbackUrls: string[] = []): Promise<LocalPool> {
  const client = cognitoAdmin(endpoint);
  try {
    const pools = await client.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    let userPoolId = pools.UserPools?.find((p) => p.Name === POOL_NAME)?.Id;
    if (!userPoolId) {
      const created = await client.send(
        new CreateUserPoolCommand({
          PoolName: POOL_NAME,
          UsernameAttributes: ['email'],
          AutoVerifiedAttributes: ['email'],
          Policies: {
            PasswordPolicy: {
              MinimumLength: 12,
              RequireLowercase: true,
              RequireUppercase: true,
              RequireNumbers: true,
              RequireSymbols: false,
            },
          },
        }),
      );
      userPoolId = created.UserPool?.Id;
    }
    if (!userPoolId) throw new Error('The local user pool could not be created.');
    const clients = await client.send(new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }));
    let userPoolClientId = clients.UserPoolClients?.find((c) => c.ClientName === CLIENT_NAME)?.ClientId;
    if (!userPoolClientId) {
      const created = await client.send(
        new CreateUserPoolClientCommand({
          UserPoolId: userPoolId,
          ClientName: CLIENT_NAME,
          GenerateSecret: false,
          // Scripts and tests sign in with a password; the console through /oauth2/authorize (below).
          ExplicitAuthFlows: CLIENT_AUTH_FLOWS,
        }),
      );
      userPoolClientId = created.UserPoolClient?.ClientId;
    }
    if (!userPoolClientId) throw new Error('The local app client could not be created.');
    if (callbackUrls.length > 0) {
      await client.send(
        new UpdateUserPoolClientCommand({
          UserPoolId: userPoolId,
          ClientId: userPoolClientId,
          ExplicitAuthFlows: CLIENT_AUTH_FLOWS,
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthFlows: ['code'],
          AllowedOAuthScopes: ['openid', 'email'],
          SupportedIdentityProviders: ['COGNITO'],
          CallbackURLs: callbackUrls,
          LogoutURLs: callbackUrls.map((u) => new URL('/', u).toString()),
        }),
      );
    }
    return { userPoolId, userPoolClientId };
  } finally {
    client.destroy();
  }
}

/** A confirmed user with a permanent password and a verified email; returns false when it existed. */
export async function ensureUser(endpoint: string, userPoolId: string, email: string, password: string): Promise<boolean> {
  const client = cognitoAdmin(endpoint);
  try {
    await client.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: email,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
  } catch (err) {
    if (err instanceof UsernameExistsException) return false;
    throw err;
  } finally {
    client.destroy();
  }
  const admin = cognitoAdmin(endpoint);
  try {
    await admin.send(
      new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: email, Password: password, Permanent: true }),
    );
  } finally {
    admin.destroy();
  }
  return true;
}
