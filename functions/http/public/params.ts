/** The path of public booking routes: the salon's slug, as onboarding accepts it. */
import * as z from 'zod/mini';
import { Ulid } from '../../shared/http/params';

const Slug = z.string().check(z.regex(/^[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9]$/, 'Expected a salon slug.'));

export const SlugParams = z.object({ slug: Slug });
export const BookingParams = z.object({ slug: Slug, appointmentId: Ulid });
