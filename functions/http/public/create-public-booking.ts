import { createPublicBooking as route } from '../../routes';
import { PublicBookingBody } from '../../shared/domain/appointment-input';
import { BUSINESS_METRICS, recordEvent } from '../../shared/metrics';
import { httpRoute } from '../../shared/middleware/http-route';
import { idempotentCreate } from '../../shared/middleware/idempotency';
import { type OnlineBooking, bookOnline } from '../../shared/repositories/public-booking';
import { consumePublicWrite, publicScope } from '../../shared/repositories/public-salon';
import { publicNewBooking } from './booking-answer';
import { SlugParams } from './params';
import { requestMetaOf } from '../../shared/http/request-meta';

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: SlugParams, body: PublicBookingBody };

export const handler = httpRoute(route, schemas, async ({ params, body, event }) => {
  await consumePublicWrite(event.requestContext.identity.sourceIp);
  const scope = { ...(await publicScope(params.slug)), request: requestMetaOf(event) };
  // The replay of an Idempotency-Key answers the recorded body: it is recorded in its public form too,
  // without the manage token, which the replay derives again from the key (middleware/idempotency.ts).
  return idempotentCreate(
    scope,
    route,
    event,
    body,
    async (recordFor, manageToken) => {
      const record = recordFor && ((answer: OnlineBooking) => recordFor(publicNewBooking(answer)));
      const booked = await bookOnline(scope, body, record, manageToken);
      recordEvent(BUSINESS_METRICS.onlineBooking, { tenantId: scope.tenantId });
      return publicNewBooking(booked);
    },
    { secretField: 'manageToken' },
  );
});
