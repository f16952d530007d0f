/**
 * The console's screens and the permission each needs, checked against the RBAC table the API
 * enforces (functions/shared/domain/rbac.ts, imported: one source of truth). A screen a role may not
 * use is not rendered at all.
 */
import { accessFor, type Permission, type Role } from '../../../functions/shared/domain/rbac';

export interface Screen {
  id: 'calendar' | 'week' | 'clients' | 'services' | 'staff' | 'members' | 'settings' | 'billing';
  label: string;
  permission: Permission;
}

// Audit log, files, reminders and analytics join this list.
export const SCREENS: ReadonlyArray<Screen> = [
  { id: 'calendar', label: 'Calendar', permission: 'appointments:read' },
  { id: 'week', label: 'Week', permission: 'appointments:read' },
  { id: 'clients', label: 'Clients', permission: 'clients:read' },
  { id: 'services', label: 'Services', permission: 'services:read' },
  // Listing staff needs appointments:read (the route's permission); changing them needs users:*.
  { id: 'staff', label: 'Staff', permission: 'appointments:read' },
  { id: 'members', label: 'Members', permission: 'users:read' },
  { id: 'settings', label: 'Settings', permission: 'settings:update' },
  { id: 'billing', label: 'Plan & billing', permission: 'billing:read' },
];

export function can(role: Role, permission: Permission): boolean {
  return accessFor(role, permission) !== 'none';
}

export function screensFor(role: Role): Screen[] {
  return SCREENS.filter((s) => can(role, s.permission));
}

export const screenPath = (tenantId: string, screen: Screen['id']) => `/tenants/${tenantId}/${screen}`;
