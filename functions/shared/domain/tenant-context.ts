import type { Permission, Role } from './rbac';
import type { Plan } from './plans';
import type { SubscriptionStatus } from './subscription';

declare const verified: unique symbol;

/**
 * Who acts in which tenant, as established by the authorizer from DynamoDB (never from token claims
 * a user can influence). Only the tenant middleware creates one; repositories take it instead of a
 * tenant id, so no request can name another tenant's partition.
 */
export interface TenantContext {
  readonly tenantId: string;
  readonly userId: string;
  readonly role: Role;
  readonly plan: Plan;
  readonly subscriptionStatus: SubscriptionStatus;
  /** The route's permission, which the caller's role grants (writes prove it again in their transaction). */
  readonly permission: Permission;
  /** `own` when the caller's role only grants the route's permission on records linked to them. */
  readonly access: 'all' | 'own';
  /** Who sent the request, as the audit log records it (absent in contexts made outside a request). */
  readonly request?: RequestMeta;
  readonly [verified]: true;
}

/** The request a write came with: what an audit entry says of its origin. Never a token or a secret. */
export interface RequestMeta {
  readonly requestId: string;
  readonly ip?: string;
  readonly userAgent?: string;
  /** The member's email as their membership holds it. */
  readonly email?: string;
}

export const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
