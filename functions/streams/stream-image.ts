import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { Item } from '../shared/entities/codec';

type StreamImage = NonNullable<DynamoDBRecord['dynamodb']>['NewImage'];

/**
 * A record's image as a plain item, for the consumer's codec to read. The one conversion: the Lambda
 * event types and the SDK's describe the same wire format with different declarations. The cast is
 * sound because unmarshall only reads each value's type tag, and passes `B` through as given (here the
 * event's base64 string, not the SDK's Uint8Array), so the codec sees what the record holds.
 */
export const streamImage = (value: StreamImage): Item | undefined =>
  value ? unmarshall(value as Parameters<typeof unmarshall>[0]) : undefined;
