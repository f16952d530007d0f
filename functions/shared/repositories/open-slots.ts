/**
 * Availability of a salon on one date or a range of dates (at most 42): the catalog (one Query), the
 * staff days of the range for the staff members that matter (one Query), then pure computation
 * (domain/availability.ts). With `staffId` both Queries run at once; without, the catalog says who
 * offers the service, and the staff days are read for them only.
 */
import type { AvailabilityInput } from '../domain/appointment-input';
import { type OpenSlot, type StaffSchedule, openSlotCounts, openSlotsByDate } from '../domain/availability';
import type { Staff } from '../domain/schedule';
import { addDays } from '../domain/zoned-time';
import { ValidationError } from '../errors';
import { type SalonCatalog, type Span, type StaffDay, readCatalog, readStaffDaysBetween } from './salon-schedule';
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
type CatalogCheck = (catalog: SalonCatalog) => void;

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
  const { from, to } = query;
  const readDays = (staffIds: string[] | undefined) => readStaffDaysBetween(scope, from, to, { staffIds });
  // With a staff member named, their days are read alongside the catalog, awaited once it passed its checks.
  const early: Promise<StaffDay[]> | undefined = query.staffId !== undefined ? readDays([query.staffId]) : undefined;
  early?.catch(() => undefined);
  const salon = await readCatalog(scope);
  check?.(salon);
  const service = salon.services.get(query.serviceId);
  if (!service) throw unknownInQuery('serviceId', 'No service with this id in this salon.');
  if (!service.active) throw unknownInQuery('serviceId', 'This service is not offered any more.', 'SERVICE_INACTIVE');
  let staff: Staff[] = [...salon.staff.values()].filter((s) => s.serviceIds.includes(service.serviceId));
  if (query.staffId !== undefined) {
    const one = salon.staff.get(query.staffId);
    if (!one) throw unknownInQuery('staffId', 'No staff member with this id in this salon.');
    if (!one.serviceIds.includes(service.serviceId)) {
      throw unknownInQuery('staffId', 'This staff member does not offer this service.', 'STAFF_DOES_NOT_OFFER_SERVICE');
    }
    staff = [one];
  }
  // No filter when everyone offers the service: it would leave nothing on the server.
  const dayItems = await (early ?? readDays(staff.length < salon.staff.size ? staff.map((s) => s.staffId) : undefined));
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
  const q = { dates, rules: salon.rules, service, staff: schedules, now };
  const { timezone } = salon.rules;
  return query.summary ? { timezone, days: openSlotCounts(q) } : { timezone, days: openSlotsByDate(q) };
}
