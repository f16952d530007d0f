import * as z from 'zod/mini';
import { originOf } from '../../shared/entities/audit';
import { updateAppointment as route } from '../../routes';
import { UpdateAppointmentBody } from '../../shared/domain/appointment-input';
import { Ulid } from '../../shared/http/params';
import { ok } from '../../shared/http/responses';
import { BUSINESS_METRICS, type BusinessMetric, recordEvent } from '../../shared/metrics';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { changeAppointment } from '../../shared/repositories/appointments';
import { scopeOf } from '../../shared/repositories/scope';
import { memberGuard } from '../../shared/repositories/write-guard';

const Params = z.object({ tenantId: Ulid, appointmentId: Ulid });

const STATUS_EVENTS: Readonly<Record<string, BusinessMetric>> = {
  cancelled: BUSINESS_METRICS.appointmentCancelled,
  no_show: BUSINESS_METRICS.appointmentNoShow,
};

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: Params, body: UpdateAppointmentBody };

export const handler = httpRoute(route, schemas, async ({ tenant, params, body }) => {
  const changed = await changeAppointment(
    scopeOf(tenant),
    params.appointmentId,
    { ...body, start: body.start === undefined ? undefined : new Date(body.start) },
    { userId: tenant.userId, access: tenant.access, guard: memberGuard(tenant), audit: originOf(tenant) },
  );
  const event = STATUS_EVENTS[body.status ?? ''];
  if (event) recordEvent(event, { tenantId: tenant.tenantId });
  return ok(changed);
});
