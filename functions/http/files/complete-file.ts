import * as z from 'zod/mini';
import { completeFile as route } from '../../routes';
import { FileParams } from '../../shared/domain/file-input';
import { ok } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { completeFile } from '../../shared/repositories/files';

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
/** No fields; an empty object (or no body) only, so a stray body is 400 rather than ignored. */
const CompleteBody = z.optional(z.strictObject({}));

export const schemas = { params: FileParams, body: CompleteBody };

export const handler = httpRoute(route, schemas, async ({ tenant, params }) => ok(await completeFile(tenant, params.fileId)));
