import * as z from 'zod/mini';
import { listAppointments as route } from '../../routes';
import { ListAppointmentsQuery } from '../../shared/domain/appointment-input';
import { PageQuery, TenantParams, pageOf } from '../../shared/http/params';
import { ok } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { listAppointments } from '../../shared/repositories/appointments';
import { scopeOf } from '../../shared/repositories/scope';

const Query = z.intersection(PageQuery, ListAppointmentsQuery);

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: TenantParams, query: Query };

export const handler = httpRoute(route, schemas, async ({ tenant, query }) =>
  ok(await listAppointments(scopeOf(tenant), query, pageOf(query))),
);
