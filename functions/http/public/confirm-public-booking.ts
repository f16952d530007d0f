import { confirmPublicBooking as route } from '../../routes';
import { ConfirmBookingBody } from '../../shared/domain/appointment-input';
import { ok } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/http-route';
import { confirmOnline } from '../../shared/repositories/public-booking';
import { consumePublicWrite, publicScope } from '../../shared/repositories/public-salon';
import { publicBooking } from './booking-answer';
import { BookingParams } from './params';
import { requestMetaOf } from '../../shared/http/request-meta';

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: BookingParams, body: ConfirmBookingBody };

export const handler = httpRoute(route, schemas, async ({ params, body, event }) => {
  await consumePublicWrite(event.requestContext.identity.sourceIp);
  const scope = { ...(await publicScope(params.slug)), request: requestMetaOf(event) };
  return ok(publicBooking(await confirmOnline(scope, params.appointmentId, body.token)));
});
