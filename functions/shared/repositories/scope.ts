/**
 * Where a repository call may read and write: one tenant id and the DynamoDB client allowed to reach
 * it. Members get the tenant role's client (token vending); public booking gets one after resolving
 * the salon from its slug in the table, never from anything the caller names directly.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tenantDb } from '../db/tenant-client';
import type { RequestMeta, TenantContext } from '../domain/tenant-context';

export interface TenantScope {
  readonly tenantId: string;
  readonly db: DynamoDBDocumentClient;
  /** The public request that acts (ip, user agent, id), for its audit entries. */
  readonly request?: RequestMeta;
}

export function scopeOf(ctx: TenantContext | TenantScope): TenantScope {
  return 'db' in ctx ? ctx : { tenantId: ctx.tenantId, db: tenantDb(ctx) };
}
