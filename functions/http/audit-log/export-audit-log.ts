import * as z from 'zod/mini';
import { exportAuditLog as route } from '../../routes';
import { auditCsv, auditNdjson } from '../../shared/domain/audit';
import { ValidationError } from '../../shared/errors';
import { TenantParams } from '../../shared/http/params';
import { baseHeaders } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { EXPORT_MAX_ENTRIES, exportAuditLog } from '../../shared/repositories/audit-log';
import { RangeQuery, inOrder } from './query';

const Query = z
  .extend(RangeQuery, { format: z.optional(z.enum(['csv', 'ndjson'])) })
  .check(z.refine(inOrder, { message: '`from` is after `to`.', path: ['from'] }));

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: TenantParams, query: Query };

const TYPES = { csv: 'text/csv; charset=utf-8', ndjson: 'application/x-ndjson; charset=utf-8' } as const;

export const handler = httpRoute(route, schemas, async ({ tenant, query }) => {
  const format = query.format ?? 'csv';
  const entries = await exportAuditLog(tenant, { from: query.from, to: query.to });
  if (!entries) {
    throw new ValidationError(
      `More than ${EXPORT_MAX_ENTRIES} entries in this range; export a narrower from/to.`,
      [{ in: 'query', path: 'from', message: 'Range too large' }],
      'EXPORT_TOO_LARGE',
    );
  }
  return {
    statusCode: 200,
    headers: {
      ...baseHeaders,
      'content-type': TYPES[format],
      'content-disposition': `attachment; filename="audit-log-${tenant.tenantId}.${format}"`,
    },
    body: format === 'csv' ? auditCsv(entries) : auditNdjson(entries),
  };
});
