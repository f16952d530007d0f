import { cancelPublicBooking as route } from '../../routes';
import { CancelBookingBody } from '../../shared/domain/appointment-input';
import { ok } from '../../shared/http/responses';
import { BUSINESS_METRICS, recordEvent } from '../../shared/metrics';
import { httpRoute } from '../../shared/middleware/http-route';
import { cancelOnline } from '../../shared/repositories/public-booking';
import { consumePublicWrite, publicScope } from '../../shared/repositories/public-salon';
import { publicBooking } from './booking-answer';
import { BookingParams } from './params';
import { requestMetaOf } from '../../shared/http/request-meta';

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: BookingParams, body: CancelBookingBody };

export const handler = httpRoute(route, schemas, async ({ params, body, event }) => {
  await consumePublicWrite(event.requestContext.identity.sourceIp);
  const scope = { ...(await publicScope(params.slug)), request: requestMetaOf(event) };
  const cancelled = await cancelOnline(scope, params.appointmentId, body.token);
  recordEvent(BUSINESS_METRICS.appointmentCancelled, { tenantId: scope.tenantId, source: 'online' });
  return ok(publicBooking(cancelled));
});
