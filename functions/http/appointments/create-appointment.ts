import { originOf } from '../../shared/entities/audit';
import { createAppointment as route } from '../../routes';
import { CreateAppointmentBody } from '../../shared/domain/appointment-input';
import { TenantParams } from '../../shared/http/params';
import { BUSINESS_METRICS, recordEvent } from '../../shared/metrics';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { idempotentCreate } from '../../shared/middleware/idempotency';
import { bookAppointment } from '../../shared/repositories/appointments';
import { scopeOf } from '../../shared/repositories/scope';
import { memberGuard } from '../../shared/repositories/write-guard';

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: TenantParams, body: CreateAppointmentBody };

export const handler = httpRoute(route, schemas, async ({ tenant, body, event }) =>
  idempotentCreate(tenant, route, event, body, async (recordFor) => {
    const booked = await bookAppointment(
      scopeOf(tenant),
      { ...body, start: new Date(body.start), source: 'staff', createdBy: tenant.userId, enforceRules: false },
      { recordFor, guard: memberGuard(tenant), audit: originOf(tenant) },
    );
    recordEvent(BUSINESS_METRICS.appointmentBooked, { tenantId: tenant.tenantId });
    return booked;
  }),
);
