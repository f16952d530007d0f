/** What the file routes accept; the allow-lists and per-file sizes are checked by domain/files.ts. */
import * as z from 'zod/mini';
import { Ulid } from '../http/params';
import { FILE_PURPOSES } from './files';

export const CreateFileBody = /* @__PURE__ */ (() =>
  z.strictObject({
    purpose: z.enum(FILE_PURPOSES),
    clientId: z.optional(Ulid),
    contentType: z.string().check(z.minLength(3), z.maxLength(100)),
    size: z.int().check(z.positive()),
    fileName: z.string().check(z.minLength(1), z.maxLength(200)),
  }))();
export type CreateFileBodyInput = z.infer<typeof CreateFileBody>;

export const FileParams = /* @__PURE__ */ (() => z.object({ tenantId: Ulid, fileId: Ulid }))();
