import { listPublicServices as route } from '../../routes';
import { ok } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/http-route';
import { publicServices } from '../../shared/repositories/public-booking';
import { publicScope } from '../../shared/repositories/public-salon';
import { SlugParams } from './params';

export const handler = httpRoute('listPublicServices', route, { params: SlugParams }, async ({ params }) =>
  ok(await publicServices(await publicScope(params.slug))),
);
