import { getFile as route } from '../../routes';
import { FileParams } from '../../shared/domain/file-input';
import { ok } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { getFile } from '../../shared/repositories/files';

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: FileParams };

export const handler = httpRoute(route, schemas, async ({ tenant, params }) => ok(await getFile(tenant, params.fileId)));
