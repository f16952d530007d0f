/** The salons a person belongs to, for `GET /v1/me`: read with the function's own role. */
import { documentClient, tableName } from '../db/client';
import { TENANT_PREFIX, tenantMetaKey, userPk } from '../db/keys';
import { batchGetAll, queryAll } from '../db/read';
import { TABLE } from '../db/table';
import type { Role } from '../domain/rbac';
import { toMembershipRef } from '../entities/membership';
import { toSalonSummary } from '../entities/salon';

export interface MembershipSummary {
  tenantId: string;
  slug: string;
  name: string;
  role: Role;
}

/** The salons GSI1 lists for a user, with the role in each (eventually consistent, every page). */
export async function membershipRefsOfUser(userId: string): Promise<Array<{ tenantId: string; role: Role }>> {
  const { gsi1 } = TABLE.indexes;
  const items = await queryAll(documentClient(), {
    TableName: tableName(),
    IndexName: gsi1.name,
    KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :tenant)',
    ExpressionAttributeNames: { '#pk': gsi1.partitionKey, '#sk': gsi1.sortKey },
    ExpressionAttributeValues: { ':pk': userPk(userId), ':tenant': TENANT_PREFIX },
  });
  return items.map(toMembershipRef);
}

/** Every live tenant a user belongs to: one Query on GSI1, one BatchGet of the tenants. */
export async function listMembershipsOfUser(userId: string): Promise<MembershipSummary[]> {
  const memberships = await membershipRefsOfUser(userId);
  if (memberships.length === 0) return [];

  const found = await batchGetAll(
    documentClient(),
    memberships.map((m) => tenantMetaKey(m.tenantId)),
    { projection: { expression: 'id, slug, #name, deletedAt', names: { '#name': 'name' } } },
  );
  const tenants = new Map(found.map(toSalonSummary).map((t) => [t.id, t]));
  return memberships.flatMap((m) => {
    const t = tenants.get(m.tenantId);
    if (!t || t.deleted) return [];
    return [{ tenantId: m.tenantId, slug: t.slug, name: t.name, role: m.role }];
  });
}
