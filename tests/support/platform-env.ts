/** The environment that starts the local platform (`bin/local.ts`) on free ports and an in-memory table, in `dataDir`. */
export function freshPlatformEnv(dataDir: string): Record<string, string> {
  return {
    RENDEZVOUS_DATA_DIR: dataDir,
    RENDEZVOUS_IN_MEMORY: '1',
    PORT: '0',
    DYNAMODB_PORT: '0',
    S3_PORT: '0',
    COGNITO_PORT: '0',
    KMS_PORT: '0',
    STS_PORT: '0',
    SCHEDULER_PORT: '0',
    WEB_PORT: '0',
  };
}
