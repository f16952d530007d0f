/** The per-salon client cache shared by the DynamoDB and S3 tenant clients: bounded, least recently used out. */
import { describe, expect, it } from 'vitest';
import { MAX_TENANT_CLIENTS, perTenantClients } from '../../../functions/shared/db/tenant-client';

describe('perTenantClients', () => {
  it('makes one client per salon and gives it back until it is the least recently used past the bound', () => {
    const made: string[] = [];
    const destroyed: string[] = [];
    const clientOf = perTenantClients((tenantId) => {
      made.push(tenantId);
      return { tenantId, destroy: () => destroyed.push(tenantId) };
    });
    const first = clientOf('t0');
    expect(clientOf('t0')).toBe(first);
    for (let i = 1; i < MAX_TENANT_CLIENTS; i++) clientOf(`t${i}`);
    expect(destroyed).toEqual([]);
    // t0 used again: t1 is now the least recently used, and makes room for one more salon.
    clientOf('t0');
    clientOf('new');
    expect(destroyed).toEqual(['t1']);
    expect(clientOf('t0')).toBe(first);
    clientOf('t1');
    expect(made.filter((t) => t === 't1')).toHaveLength(2);
    expect(made.filter((t) => t === 't0')).toHaveLength(1);
  });
});
