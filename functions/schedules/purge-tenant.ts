/**
 * The purge worker: one deleted salon per invocation (queued by purge-deleted-tenants.ts), invoked
 * asynchronously, so at least once: the purge is idempotent and checks by itself that the salon is due.
 * A failure throws, for the retries and then the dead-letter queue; a salon not finished by then is
 * queued again by the next daily run.
 */
import { ULID } from '../shared/domain/tenant-context';
import { isMap } from '../shared/entities/codec';
import { logger } from '../shared/logger';
import { type PurgeReport, purgeTenant } from '../shared/repositories/tenant-purge';

export async function handler(event: unknown): Promise<PurgeReport | undefined> {
  const tenantId = isMap(event) ? event.tenantId : undefined;
  if (typeof tenantId !== 'string' || !ULID.test(tenantId)) {
    // Retrying cannot make it valid: dropped, and logged without the payload.
    logger.error('purge message without a tenant id');
    return undefined;
  }
  return purgeTenant(tenantId);
}
