/** What a member may send about a salon's client, as zod schemas. */
import * as z from 'zod/mini';

const Name = z.string().check(z.trim(), z.minLength(1), z.maxLength(120));
const Email = z.email().check(z.maxLength(254));
const Phone = z.string().check(z.regex(/^\+?[0-9][0-9 ().-]{2,30}$/, 'Use digits, spaces, ( ) . - and an optional leading +.'));
const Notes = z.string().check(z.maxLength(2000));

export const CreateClientBody = z.strictObject({
  name: Name,
  email: z.optional(Email),
  phone: z.optional(Phone),
  notes: z.optional(Notes),
});
export type CreateClientInput = z.infer<typeof CreateClientBody>;

/** `null` removes an optional field. */
export const UpdateClientBody = z
  .strictObject({
    name: z.optional(Name),
    email: z.optional(z.nullable(Email)),
    phone: z.optional(z.nullable(Phone)),
    notes: z.optional(z.nullable(Notes)),
  })
  .check(z.refine((b) => Object.keys(b).length > 0, 'Send at least one field to change.'));
export type UpdateClientInput = z.infer<typeof UpdateClientBody>;
