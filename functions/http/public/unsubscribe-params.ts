/** The query of unsubscribe links: the signed token (mail/unsubscribe.ts). */
import * as z from 'zod/mini';

export const UnsubscribeQuery = /* @__PURE__ */ (() =>
  z.strictObject({
    token: z.string().check(z.regex(/^[A-Za-z0-9_-]{10,200}\.[A-Za-z0-9_-]{43}$/, 'Expected an unsubscribe token.')),
  }))();
