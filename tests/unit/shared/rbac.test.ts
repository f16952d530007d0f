import { describe, expect, it } from 'vitest';
import { type Permission, ROLES, accessFor } from '../../../functions/shared/domain/rbac';

describe('RBAC', () => {
  const cases: Array<[Permission, Record<(typeof ROLES)[number], 'all' | 'own' | 'none'>]> = [
    ['users:read', { owner: 'all', admin: 'all', manager: 'all', employee: 'none', viewer: 'none' }],
    ['users:delete', { owner: 'all', admin: 'all', manager: 'none', employee: 'none', viewer: 'none' }],
    ['billing:read', { owner: 'all', admin: 'all', manager: 'none', employee: 'none', viewer: 'none' }],
    ['billing:manage', { owner: 'all', admin: 'none', manager: 'none', employee: 'none', viewer: 'none' }],
    ['appointments:read', { owner: 'all', admin: 'none', manager: 'all', employee: 'all', viewer: 'all' }],
    ['appointments:update', { owner: 'all', admin: 'none', manager: 'all', employee: 'own', viewer: 'none' }],
    ['clients:create', { owner: 'all', admin: 'none', manager: 'all', employee: 'none', viewer: 'none' }],
    ['settings:update', { owner: 'all', admin: 'all', manager: 'none', employee: 'none', viewer: 'none' }],
  ];
  it.each(cases)('%s', (permission, expected) => {
    for (const role of ROLES) expect([role, accessFor(role, permission)]).toEqual([role, expected[role]]);
  });
});
