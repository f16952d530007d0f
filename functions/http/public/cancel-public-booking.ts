import { cancelPublicBooking as route } from '../../routes';
import { CancelBookingBody } from '../../shared/domain/appointment-input';
import { ok } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/http-route';
import { cancelOnline } from '../../shared/repositories/public-booking';
import { consumePublicWrite, publicScope } from '../../shared/repositories/public-salon';
import { publicBooking } from './booking-answer';
import { BookingParams } from './params';

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: BookingParams, body: CancelBookingBody };

export const handler = httpRoute('cancelPublicBooking', route, schemas, async ({ params, body, event }) => {
  await consumePublicWrite(event.requestContext.identity.sourceIp);
  return ok(publicBooking(await cancelOnline(await publicScope(params.slug), params.appointmentId, body.token)));
});
