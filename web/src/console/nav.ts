/**
 * The console's screens and the permission each needs, checked against the RBAC table the API
 * enforces (functions/shared/domain/rbac.ts, imported: one source of truth). A screen a role may not
 * use is not rendered at all.
 */
import { accessFor, type Permission, type Role } from '../../../functions/shared/domain/rbac';

export interface Screen {
  id: 'calendar' | 'week' | 'clients' | 'services' | 'staff' | 'billing';
  label: string;
  permission: Permission;
}

// Members, settings, audit log, files, reminders and analytics join this list.
export const SCREENS: ReadonlyArray<Screen> = [
  { id: 'calendar', label: 'Calendar', permission: 'appointments:read' },
  { id: 'week', label: 'Week', permission: 'appointments:read' },
  { id: 'clients', label: 'Clients', permission: 'clients:read' },
  { id: 'services', label: 'Services', permission: 'services:read' },
  // Listing staff needs appointments:read (the route's permission); changing them needs users:*.
  { id: 'staff', label: 'Staff', permission: 'appointments:read' },
  { id: 'billing', label: 'Plan & billing', permission: 'billing:read' },
];

export function can(role: Role, permission: Permission): boolean {
  return accessFor(role, permission) !== 'none';
}

export function screensFor(role: Role): Screen[] {
  return SCREENS.filter((s) => can(role, s.permission));
}

export const screenPath = (tenantId: string, screen: Screen['id']) => `/tenants/${tenantId}/${screen}`;
