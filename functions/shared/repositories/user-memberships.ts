/** The salons a person belongs to, for `GET /v1/me`: read with the function's own role. */
import { BatchGetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '../db/client';
import { TENANT_PREFIX, tenantMetaKey, userPk } from '../db/keys';
import { TABLE } from '../db/table';
import type { Role } from '../domain/rbac';

export interface MembershipSummary {
  tenantId: string;
  slug: string;
  name: string;
  role: Role;
}

/** The salons GSI1 lists for a user, with the role in each (eventually consistent, every page). */
export async function membershipRefsOfUser(userId: string): Promise<Array<{ tenantId: string; role: Role }>> {
  const { gsi1 } = TABLE.indexes;
  const refs: Array<{ tenantId: string; role: Role }> = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: gsi1.name,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :tenant)',
        ExpressionAttributeNames: { '#pk': gsi1.partitionKey, '#sk': gsi1.sortKey },
        ExpressionAttributeValues: { ':pk': userPk(userId), ':tenant': TENANT_PREFIX },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) refs.push({ tenantId: String(item.tenantId), role: item.role as Role });
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return refs;
}

/** Every live tenant a user belongs to: one Query on GSI1, one BatchGet of the tenants. */
export async function listMembershipsOfUser(userId: string): Promise<MembershipSummary[]> {
  const memberships = await membershipRefsOfUser(userId);
  if (memberships.length === 0) return [];

  const table = tableName();
  const tenants = new Map<string, Record<string, unknown>>();
  // BatchGet takes 100 keys per call; a person belongs to a handful of salons.
  for (let i = 0; i < memberships.length; i += 100) {
    let keys: Array<Record<string, unknown>> = memberships.slice(i, i + 100).map((m) => tenantMetaKey(m.tenantId));
    while (keys.length) {
      const out = await documentClient().send(
        new BatchGetCommand({
          RequestItems: {
            [table]: {
              Keys: keys,
              ProjectionExpression: 'id, slug, #name, deletedAt',
              ExpressionAttributeNames: { '#name': 'name' },
            },
          },
        }),
      );
      for (const t of out.Responses?.[table] ?? []) tenants.set(String(t.id), t);
      keys = (out.UnprocessedKeys?.[table]?.Keys as Array<Record<string, unknown>> | undefined) ?? [];
    }
  }
  return memberships.flatMap((m) => {
    const t = tenants.get(m.tenantId);
    if (!t || t.deletedAt) return [];
    return [{ tenantId: m.tenantId, slug: String(t.slug), name: String(t.name), role: m.role }];
  });
}
