import * as z from 'zod/mini';
import { getAppointment as route } from '../../routes';
import { Ulid } from '../../shared/http/params';
import { ok } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { appointmentView, getAppointment } from '../../shared/repositories/appointments';
import { scopeOf } from '../../shared/repositories/scope';

const Params = z.object({ tenantId: Ulid, appointmentId: Ulid });

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: Params };

export const handler = httpRoute(route, schemas, async ({ tenant, params }) => {
  const scope = scopeOf(tenant);
  return ok(await appointmentView(scope, await getAppointment(scope, params.appointmentId)));
});
