import { createFile as route } from '../../routes';
import { CreateFileBody } from '../../shared/domain/file-input';
import { TenantParams } from '../../shared/http/params';
import { created } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { createFile } from '../../shared/repositories/files';

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: TenantParams, body: CreateFileBody };

export const handler = httpRoute(route, schemas, async ({ tenant, body }) => created(await createFile(tenant, body)));
