/**
 * The analytics query as a zod schema, apart from the rules (domain/analytics.ts), which the booking
 * functions bundle: they need no validation code for it.
 */
import * as z from 'zod/mini';
import { PERIODS } from './analytics';
import { WindowDate } from './date-window';

/** `?period=day|week|month&date=YYYY-MM-DD` (a salon-local date; today there when absent). */
export const AnalyticsQuery = /* @__PURE__ */ (() =>
  z.object({
    period: z.enum(PERIODS, 'Use day, week or month.'),
    date: z.optional(WindowDate),
  }))();
