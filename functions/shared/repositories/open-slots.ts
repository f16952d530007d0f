/**
 * Availability of a salon on one date: two Queries (the catalog, the staff days around the date), then
 * pure computation (domain/availability.ts).
 */
import { type StaffSchedule, availableSlots } from '../domain/availability';
import { toOffsetIso } from '../domain/zoned-time';
import { ValidationError } from '../errors';
import { type SalonCatalog, type Span, readCatalog, readStaffDays } from './salon-schedule';
import type { TenantScope } from './scope';

export interface AvailabilityAnswer {
  date: string;
  timezone: string;
  slots: Array<{ start: string; staffId: string }>;
}

const unknownInQuery = (path: string, message: string, code = 'VALIDATION_FAILED') =>
  new ValidationError(message, [{ in: 'query', path, message }], code);

export async function openSlots(
  scope: TenantScope,
  query: { serviceId: string; date: string; staffId?: string | undefined },
  now = new Date(),
  /** Checks the salon may answer (public booking: not suspended) before anything is computed. */
  check?: (catalog: SalonCatalog) => void,
): Promise<AvailabilityAnswer> {
  const [salon, days] = await Promise.all([readCatalog(scope), readStaffDays(scope, query.date)]);
  check?.(salon);
  const service = salon.services.get(query.serviceId);
  if (!service) throw unknownInQuery('serviceId', 'No service with this id in this salon.');
  if (!service.active) throw unknownInQuery('serviceId', 'This service is not offered any more.', 'SERVICE_INACTIVE');
  let staff = [...salon.staff.values()].filter((s) => s.serviceIds.includes(service.serviceId));
  if (query.staffId !== undefined) {
    const one = salon.staff.get(query.staffId);
    if (!one) throw unknownInQuery('staffId', 'No staff member with this id in this salon.');
    if (!one.serviceIds.includes(service.serviceId)) {
      throw unknownInQuery('staffId', 'This staff member does not offer this service.', 'STAFF_DOES_NOT_OFFER_SERVICE');
    }
    staff = [one];
  }
  const busyByStaff = new Map<string, Span[]>();
  for (const day of days) {
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
  const slots = availableSlots({ date: query.date, rules: salon.rules, service, staff: schedules, now });
  const { timezone } = salon.rules;
  return { date: query.date, timezone, slots: slots.map((s) => ({ start: toOffsetIso(s.start, timezone), staffId: s.staffId })) };
}
