/**
 * The two reads most tenant resources share: one item by key, and one page of the items whose sort key
 * starts with a prefix. Both take the caller's tenant-scoped client; keys come from db/keys.ts.
 */
import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../db/client';
import { tenantPk } from '../db/keys';
import { TABLE } from '../db/table';
import { NotFoundError } from '../errors';
import { type Page, decodeCursor, encodeCursor, equals, idUnder } from './pagination';

export type Item = Record<string, unknown>;

/** One consistent Get; an absent item (or another tenant's, which the key cannot name) is 404. */
export async function readItem(db: DynamoDBDocumentClient, key: { PK: string; SK: string }): Promise<Item> {
  const out = await db.send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
  if (!out.Item) throw new NotFoundError();
  return out.Item;
}

/** One Query: a page of the tenant's items under `prefix`, in sort-key order (creation order for ULIDs). */
export async function pageOfPrefix<T>(
  db: DynamoDBDocumentClient,
  tenantId: string,
  prefix: string,
  page: { limit: number; cursor?: string },
  map: (item: Item) => T,
): Promise<Page<T>> {
  const pk = tenantPk(tenantId);
  const out = await db.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
      Limit: page.limit,
      ExclusiveStartKey: decodeCursor(page.cursor, { [TABLE.partitionKey]: equals(pk), [TABLE.sortKey]: idUnder(prefix) }),
    }),
  );
  return { items: (out.Items ?? []).map(map), nextCursor: encodeCursor(out.LastEvaluatedKey) };
}
