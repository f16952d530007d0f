/**
 * What a member may send about a salon's service, as zod schemas. Money is `{amount, currency}`:
 * integer minor units and an ISO 4217 code. The currency is required: defaulting it to the salon's
 * `settings.currency` would cost a read of the tenant on every create.
 */
import * as z from 'zod/mini';

const currencies = new Set(Intl.supportedValuesOf('currency'));
const int = (min: number, max: number) => z.number().check(z.int(), z.gte(min), z.lte(max));

const Name = z.string().check(z.trim(), z.minLength(1), z.maxLength(120));
const Currency = z.string().check(z.refine((c) => currencies.has(c), 'Use an ISO 4217 currency code such as EUR.'));
export const Money = z.strictObject({ amount: int(0, 100_000_000), currency: Currency });
const Duration = int(1, 24 * 60);
const BufferMinutes = int(0, 240);

export const CreateServiceBody = z.strictObject({
  name: Name,
  durationMinutes: Duration,
  price: Money,
  bufferBeforeMinutes: z.optional(BufferMinutes),
  bufferAfterMinutes: z.optional(BufferMinutes),
  active: z.optional(z.boolean()),
});
export type CreateServiceInput = z.infer<typeof CreateServiceBody>;

export const UpdateServiceBody = z
  .strictObject({
    name: z.optional(Name),
    durationMinutes: z.optional(Duration),
    price: z.optional(Money),
    bufferBeforeMinutes: z.optional(BufferMinutes),
    bufferAfterMinutes: z.optional(BufferMinutes),
    active: z.optional(z.boolean()),
  })
  .check(z.refine((b) => Object.keys(b).length > 0, 'Send at least one field to change.'));
export type UpdateServiceInput = z.infer<typeof UpdateServiceBody>;
