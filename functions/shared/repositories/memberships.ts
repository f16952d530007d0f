import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '../db/client';
import { TENANT_PREFIX, userPk } from '../db/keys';
import { TABLE } from '../db/table';
import type { Role } from '../domain/rbac';

export interface MembershipSummary {
  tenantId: string;
  slug: string;
  name: string;
  role: Role;
}

interface MembershipItem {
  tenantId: string;
  tenantSlug: string;
  tenantName: string;
  role: Role;
}

/** Every tenant a user belongs to: one Query on GSI1 (a person belongs to a handful of salons). */
export async function listMembershipsOfUser(userId: string): Promise<MembershipSummary[]> {
  const { gsi1 } = TABLE.indexes;
  const items: MembershipSummary[] = [];
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
    for (const item of (page.Items ?? []) as MembershipItem[]) {
      items.push({ tenantId: item.tenantId, slug: item.tenantSlug, name: item.tenantName, role: item.role });
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}
