/**
 * Path and query shapes shared by many routes. Query values arrive as strings. Each schema is built in
 * a closure marked `@__PURE__` so that a route bundles only those it uses (see
 * domain/appointment-input.ts): only list routes need the paging query, for one.
 */
import * as z from 'zod/mini';
import { ULID } from '../domain/tenant-context';
import { PAGE_SIZE } from '../repositories/pagination';

export const Ulid = /* @__PURE__ */ (() => z.string().check(z.regex(ULID, 'Expected an id of 26 characters.')))();
/** Cognito subjects (UUIDs) and any id we did not mint: conservative characters, bounded length. */
export const ExternalId = /* @__PURE__ */ (() => z.string().check(z.regex(/^[A-Za-z0-9-]{1,128}$/, 'Expected an id.')))();

export const TenantParams = /* @__PURE__ */ (() => z.object({ tenantId: Ulid }))();

export const PageQuery = /* @__PURE__ */ (() =>
  z.object({
    limit: z.optional(
      z
        .pipe(z.string().check(z.regex(/^\d{1,3}$/, `Use a whole number from 1 to ${PAGE_SIZE.max}.`)), z.transform(Number))
        .check(z.refine((n) => n >= 1 && n <= PAGE_SIZE.max, `Use a whole number from 1 to ${PAGE_SIZE.max}.`)),
    ),
    // Checked (length included) by the list that reads it, so every bad cursor is one INVALID_CURSOR.
    cursor: z.optional(z.string()),
  }))();

export function pageOf(query: { limit?: number | undefined; cursor?: string | undefined }) {
  return { limit: query.limit ?? PAGE_SIZE.default, ...(query.cursor !== undefined ? { cursor: query.cursor } : {}) };
}
