import { confirmPublicBooking as route } from '../../routes';
import { ConfirmBookingBody } from '../../shared/domain/appointment-input';
import { ok } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/http-route';
import { confirmOnline } from '../../shared/repositories/public-booking';
import { consumePublicWrite, publicScope } from '../../shared/repositories/public-salon';
import { publicBooking } from './booking-answer';
import { BookingParams } from './params';

export const handler = httpRoute(
  'confirmPublicBooking',
  route,
  { params: BookingParams, body: ConfirmBookingBody },
  async ({ params, body, event }) => {
    await consumePublicWrite(event.requestContext.identity.sourceIp);
    return ok(publicBooking(await confirmOnline(await publicScope(params.slug), params.appointmentId, body.token)));
  },
);
