/** Points the SDK-using code under test at the emulators of the running local platform. */
import { inject } from 'vitest';
import { purgeEnvironment } from '../../local/purge';
import { reminderEnvironment } from '../../local/reminder-env';

const e = inject('endpoints');
Object.assign(process.env, {
  AWS_REGION: e.region,
  AWS_ACCESS_KEY_ID: e.credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: e.credentials.secretAccessKey,
  TABLE_NAME: e.tableName,
  DYNAMODB_ENDPOINT: e.dynamodbEndpoint,
  BUCKET_NAME: e.bucketName,
  S3_ENDPOINT: e.s3Endpoint,
  KMS_ENDPOINT: e.kmsEndpoint,
  KMS_KEY_ID: e.kmsKeyId,
  STS_ENDPOINT: e.stsEndpoint,
  SCHEDULER_ENDPOINT: e.schedulerEndpoint,
  ...reminderEnvironment(e.reminderSchedules),
  ...purgeEnvironment(e.purgeSchedules),
  TENANT_WRITE_ROLE_ARN: e.tenantRoleArn,
  COGNITO_ENDPOINT: e.cognitoEndpoint,
  USER_POOL_ID: e.userPoolId,
  USER_POOL_CLIENT_ID: e.userPoolClientId,
  TOKEN_ISSUER: e.tokenIssuer,
  JWKS_URI: e.jwksUri,
  POWERTOOLS_LOG_LEVEL: 'SILENT',
});
