/** The audit log's query filters, shared by the list and the export. */
import * as z from 'zod/mini';
import { AUDIT_ACTIONS, AUDIT_RESOURCES } from '../../shared/domain/audit';

const Instant = /* @__PURE__ */ (() => z.iso.datetime({ offset: true }))();

/** `from` <= `to` when both are given. */
export const inOrder = (q: { from?: string | undefined; to?: string | undefined }) =>
  q.from === undefined || q.to === undefined || Date.parse(q.from) <= Date.parse(q.to);

export const RangeQuery = /* @__PURE__ */ (() => z.object({ from: z.optional(Instant), to: z.optional(Instant) }))();

export const FilterQuery = /* @__PURE__ */ (() =>
  z.object({
    ...RangeQuery.shape,
    // A user id (Cognito subject) or `system:<name>`.
    actorId: z.optional(
      z.string().check(z.regex(/^(system:[a-z]{1,32}|[A-Za-z0-9-]{1,128})$/, 'Expected a user id or system:<name>.')),
    ),
    action: z.optional(z.enum(AUDIT_ACTIONS)),
    resource: z.optional(z.enum(AUDIT_RESOURCES)),
    resourceId: z.optional(z.string().check(z.regex(/^[A-Za-z0-9-]{1,128}$/, 'Expected an id.'))),
  }))();
