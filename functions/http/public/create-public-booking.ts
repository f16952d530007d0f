import { createPublicBooking as route } from '../../routes';
import { PublicBookingBody } from '../../shared/domain/appointment-input';
import { httpRoute } from '../../shared/middleware/http-route';
import { idempotentCreate } from '../../shared/middleware/idempotency';
import { bookOnline } from '../../shared/repositories/public-booking';
import { consumePublicWrite, publicScope } from '../../shared/repositories/public-salon';
import { SlugParams } from './params';

export const handler = httpRoute(
  'createPublicBooking',
  route,
  { params: SlugParams, body: PublicBookingBody },
  async ({ params, body, event }) => {
    await consumePublicWrite(event.requestContext.identity.sourceIp);
    const scope = await publicScope(params.slug);
    return idempotentCreate(scope, 'createPublicBooking', event, body, (recordFor) => bookOnline(scope, body, recordFor));
  },
);
