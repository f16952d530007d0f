/**
 * Roles and their permissions, from the product's RBAC table (plus `tenant:read`, which every member
 * holds so any role can see the salon it works in). Defined once: the route table names a
 * permission per route, the tenant middleware checks it, the docs print this table.
 */
import { isOneOf } from './closed-lists';

export const ROLES = ['owner', 'admin', 'manager', 'employee', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** `tenant` is the salon itself: every member may read it, only `*` (owner) may delete it. */
export const RESOURCES = [
  'tenant',
  'users',
  'settings',
  'billing',
  'reports',
  'appointments',
  'clients',
  'services',
  'files',
  /**
   * A client's rights (GDPR access and erasure): the full export of a person and the irreversible
   * erasure are the data controller's acts, so the salon's owner and admins (who already hold its
   * settings, members and audit log), not the managers who run clients day to day.
   */
  'privacy',
  /** The salon's data keys (rotation): the owner's alone, through `*`. */
  'keys',
  /** Salon exports (portability): owner only, as the `*` grant covers them and no other role names them. */
  'exports',
] as const;
export type Resource = (typeof RESOURCES)[number];
export type Action = 'read' | 'create' | 'update' | 'delete' | 'manage';

/** A concrete permission a route requires, e.g. `clients:read` or `appointments:update`. */
export type Permission = `${Resource}:${Action}`;
/** What a role holds: concrete, wildcard, or limited to records linked to the caller (`:own`). */
export type Grant = '*' | `${Resource}:*` | Permission | `${Permission}:own`;

export const ROLE_GRANTS: Readonly<Record<Role, ReadonlyArray<Grant>>> = {
  owner: ['*'],
  // Files: the logo is branding (admins' settings), client files go with clients (managers).
  admin: ['tenant:read', 'users:*', 'settings:*', 'billing:read', 'reports:*', 'files:*', 'privacy:*'],
  manager: ['tenant:read', 'users:read', 'appointments:*', 'clients:*', 'services:*', 'files:*'],
  employee: ['tenant:read', 'appointments:read', 'appointments:update:own', 'clients:read', 'files:read'],
  viewer: ['tenant:read', 'appointments:read', 'clients:read', 'files:read'],
};

/** Rank used so nobody grants a role above their own. */
export const ROLE_RANK: Readonly<Record<Role, number>> = { owner: 5, admin: 4, manager: 3, employee: 2, viewer: 1 };

export type Access = 'all' | 'own' | 'none';

/** `all` when a grant covers the permission outright, `own` when only an `:own` grant does. */
export function accessFor(role: Role, permission: Permission): Access {
  let access: Access = 'none';
  const [resource] = permission.split(':');
  for (const grant of ROLE_GRANTS[role]) {
    if (grant === '*' || grant === permission || grant === `${resource}:*`) return 'all';
    if (grant === `${permission}:own`) access = 'own';
  }
  return access;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && isOneOf(ROLES, value);
}
