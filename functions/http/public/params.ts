/** The path of public booking routes: the salon's slug, as onboarding accepts it. Pure, as in shared/http/params.ts. */
import * as z from 'zod/mini';
import { Ulid } from '../../shared/http/params';

const Slug = /* @__PURE__ */ (() =>
  z.string().check(z.regex(/^[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9]$/, 'Expected a salon slug.')))();

export const SlugParams = /* @__PURE__ */ (() => z.object({ slug: Slug }))();
export const BookingParams = /* @__PURE__ */ (() => z.object({ slug: Slug, appointmentId: Ulid }))();
