/**
 * Availability of a salon on one date or a range of dates (at most 42), reading only what the answer
 * needs, then pure computation (domain/availability.ts). With `staffId`: one BatchGet of the salon, the
 * service, that staff member and their day items (salon-schedule.ts `readStaffCatalogAndDays`).
 * Without: the salon and the service (one BatchGet) with the staff who offer it (one Query), then those
 * staff members' days of the range (one Query).
 */
import type { AvailabilityInput } from '../domain/appointment-input';
import { type OpenSlot, type StaffSchedule, openSlotCounts, openSlotsByDate } from '../domain/availability';
import { addDays } from '../domain/zoned-time';
import { ValidationError } from '../errors';
import {
  type ServiceCatalog,
  type Span,
  readServiceCatalog,
  readStaffCatalogAndDays,
  readStaffDaysBetween,
} from './salon-schedule';
import type { TenantScope } from './scope';

/** The single-date form (`date`). */
export interface AvailabilityAnswer {
  date: string;
  timezone: string;
  slots: OpenSlot[];
}

/** The range form (`from`, `to`). */
export interface RangeAvailabilityAnswer {
  timezone: string;
  days: Array<{ date: string; slots: OpenSlot[] }>;
}

/** The range form with `summary=1`: how many (start, staff member) pairs are open each date. */
export interface AvailabilitySummary {
  timezone: string;
  days: Array<{ date: string; count: number }>;
}

export type AnyAvailabilityAnswer = AvailabilityAnswer | RangeAvailabilityAnswer | AvailabilitySummary;

const unknownInQuery = (path: string, message: string, code = 'VALIDATION_FAILED') =>
  new ValidationError(message, [{ in: 'query', path, message }], code);

/** Checks the salon may answer (public booking: not suspended) before anything is computed. */
type CatalogCheck = (catalog: ServiceCatalog) => void;

/** Answers a validated availability query in the form it asked for. */
export async function availability(
  scope: TenantScope,
  query: AvailabilityInput,
  now = new Date(),
  check?: CatalogCheck,
): Promise<AnyAvailabilityAnswer> {
  if (query.date !== undefined) return openSlots(scope, { ...query, date: query.date }, now, check);
  const { from, to } = query as { from: string; to: string };
  const summary = query.summary === '1' || query.summary === 'true';
  return openSlotsInRange(scope, { serviceId: query.serviceId, staffId: query.staffId, from, to, summary }, now, check);
}

export async function openSlots(
  scope: TenantScope,
  query: { serviceId: string; date: string; staffId?: string | undefined },
  now = new Date(),
  check?: CatalogCheck,
): Promise<AvailabilityAnswer> {
  const answer = await openSlotsInRange(scope, { ...query, from: query.date, to: query.date, summary: false }, now, check);
  return { date: query.date, timezone: answer.timezone, slots: answer.days[0]?.slots ?? [] };
}

export function openSlotsInRange(
  scope: TenantScope,
  query: { serviceId: string; staffId?: string | undefined; from: string; to: string; summary: true },
  now?: Date,
  check?: CatalogCheck,
): Promise<AvailabilitySummary>;
export function openSlotsInRange(
  scope: TenantScope,
  query: { serviceId: string; staffId?: string | undefined; from: string; to: string; summary: false },
  now?: Date,
  check?: CatalogCheck,
): Promise<RangeAvailabilityAnswer>;
export function openSlotsInRange(
  scope: TenantScope,
  query: { serviceId: string; staffId?: string | undefined; from: string; to: string; summary: boolean },
  now?: Date,
  check?: CatalogCheck,
): Promise<RangeAvailabilityAnswer | AvailabilitySummary>;
export async function openSlotsInRange(
  scope: TenantScope,
  query: { serviceId: string; staffId?: string | undefined; from: string; to: string; summary: boolean },
  now = new Date(),
  check?: CatalogCheck,
): Promise<RangeAvailabilityAnswer | AvailabilitySummary> {
  const { from, to, staffId } = query;
  const named = staffId !== undefined ? await readStaffCatalogAndDays(scope, query.serviceId, staffId, from, to) : undefined;
  const catalog = named?.catalog ?? (await readServiceCatalog(scope, query.serviceId));
  check?.(catalog);
  const { service, staff } = catalog;
  if (!service) throw unknownInQuery('serviceId', 'No service with this id in this salon.');
  if (!service.active) throw unknownInQuery('serviceId', 'This service is not offered any more.', 'SERVICE_INACTIVE');
  if (staffId !== undefined) {
    const one = staff[0];
    if (!one) throw unknownInQuery('staffId', 'No staff member with this id in this salon.');
    if (!one.serviceIds.includes(service.serviceId)) {
      throw unknownInQuery('staffId', 'This staff member does not offer this service.', 'STAFF_DOES_NOT_OFFER_SERVICE');
    }
  }
  const dayItems =
    named?.days ??
    (staff.length === 0 ? [] : await readStaffDaysBetween(scope, from, to, { staffIds: staff.map((s) => s.staffId) }));
  const busyByStaff = new Map<string, Span[]>();
  for (const day of dayItems) {
    const list = busyByStaff.get(day.staffId) ?? [];
    list.push(...day.spans.values());
    busyByStaff.set(day.staffId, list);
  }
  const schedules: StaffSchedule[] = staff.map((s) => ({
    staffId: s.staffId,
    workingHours: s.workingHours,
    timeOff: s.timeOff,
    busy: busyByStaff.get(s.staffId) ?? [],
  }));
  const dates: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) dates.push(d);
  const q = { dates, rules: catalog.rules, service, staff: schedules, now };
  const { timezone } = catalog.rules;
  return query.summary ? { timezone, days: openSlotCounts(q) } : { timezone, days: openSlotsByDate(q) };
}
