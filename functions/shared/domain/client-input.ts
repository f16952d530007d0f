/**
 * What a member may send about a salon's client, as zod schemas, each built in a `/* @__PURE__ *\/`
 * closure so that a route bundles only those it uses (see appointment-input.ts).
 */
import * as z from 'zod/mini';
import { displayName } from './text';

const Name = /* @__PURE__ */ (() => displayName())();
const Email = /* @__PURE__ */ (() => z.email().check(z.maxLength(254)))();
const Phone = /* @__PURE__ */ (() =>
  z.string().check(z.regex(/^\+?[0-9][0-9 ().-]{2,30}$/, 'Use digits, spaces, ( ) . - and an optional leading +.')))();
const Notes = /* @__PURE__ */ (() => z.string().check(z.maxLength(2000)))();
/** Both channels, always: a patch replaces the preferences as a whole. */
export const Notifications = /* @__PURE__ */ (() => z.strictObject({ email: z.boolean(), sms: z.boolean() }))();

export const CreateClientBody = /* @__PURE__ */ (() =>
  z.strictObject({
    name: Name,
    email: z.optional(Email),
    phone: z.optional(Phone),
    notes: z.optional(Notes),
    notifications: z.optional(Notifications),
  }))();
export type CreateClientInput = z.infer<typeof CreateClientBody>;

/** `null` removes an optional field. */
export const UpdateClientBody = /* @__PURE__ */ (() =>
  z
    .strictObject({
      name: z.optional(Name),
      email: z.optional(z.nullable(Email)),
      phone: z.optional(z.nullable(Phone)),
      notes: z.optional(z.nullable(Notes)),
      notifications: z.optional(Notifications),
    })
    .check(z.refine((b) => Object.keys(b).length > 0, 'Send at least one field to change.')))();
export type UpdateClientInput = z.infer<typeof UpdateClientBody>;
