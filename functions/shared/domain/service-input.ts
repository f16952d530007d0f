/**
 * What a member may send about a salon's service, as zod schemas. Money is `{amount, currency}`:
 * integer minor units and an ISO 4217 code. The currency is required: defaulting it to the salon's
 * `settings.currency` would cost a read of the tenant on every create. Each schema is built in a
 * closure marked `@__PURE__` so that a route bundles only those it uses (see appointment-input.ts).
 */
import * as z from 'zod/mini';
import { displayName } from './text';

/** Built at the first currency checked, not at cold start. */
let currencies: ReadonlySet<string> | undefined;
const isCurrency = (c: string) => {
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  return currencies.has(c);
};
const int = (min: number, max: number) => z.number().check(z.int(), z.gte(min), z.lte(max));

const Name = /* @__PURE__ */ (() => displayName())();
const Currency = /* @__PURE__ */ (() => z.string().check(z.refine(isCurrency, 'Use an ISO 4217 currency code such as EUR.')))();
export const Money = /* @__PURE__ */ (() => z.strictObject({ amount: int(0, 100_000_000), currency: Currency }))();
const Duration = /* @__PURE__ */ (() => int(1, 24 * 60))();
const BufferMinutes = /* @__PURE__ */ (() => int(0, 240))();

export const CreateServiceBody = /* @__PURE__ */ (() =>
  z.strictObject({
    name: Name,
    durationMinutes: Duration,
    price: Money,
    bufferBeforeMinutes: z.optional(BufferMinutes),
    bufferAfterMinutes: z.optional(BufferMinutes),
    active: z.optional(z.boolean()),
  }))();
export type CreateServiceInput = z.infer<typeof CreateServiceBody>;

export const UpdateServiceBody = /* @__PURE__ */ (() =>
  z
    .strictObject({
      name: z.optional(Name),
      durationMinutes: z.optional(Duration),
      price: z.optional(Money),
      bufferBeforeMinutes: z.optional(BufferMinutes),
      bufferAfterMinutes: z.optional(BufferMinutes),
      active: z.optional(z.boolean()),
    })
    .check(z.refine((b) => Object.keys(b).length > 0, 'Send at least one field to change.')))();
export type UpdateServiceInput = z.infer<typeof UpdateServiceBody>;
