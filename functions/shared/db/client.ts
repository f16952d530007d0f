/** The DynamoDB document client, created once per container and reused across invocations. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsConfig, tableConfig } from '../config';
import { withCapacityMeter } from '../metering/capacity';

let client: DynamoDBDocumentClient | undefined;

export function documentClient(): DynamoDBDocumentClient {
  if (!client) {
    const { endpoint } = tableConfig();
    const base = new DynamoDBClient({ region: awsConfig().region, ...(endpoint ? { endpoint } : {}) });
    client = withCapacityMeter(DynamoDBDocumentClient.from(base, { marshallOptions: { removeUndefinedValues: true } }));
  }
  return client;
}

export function tableName(): string {
  return tableConfig().tableName;
}
