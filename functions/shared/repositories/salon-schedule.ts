/**
 * Reads booking needs: the salon's catalog (its own item, services and staff: one Query on the `SALON`
 * sort-key prefix) and its staff days (occupied spans: one Query on `DAY#` around a date or a range). Both work on
 * a TenantScope: a tenant id and the client allowed to read it (the tenant role's for members, the
 * function's own for public booking after the slug is resolved).
 */
import { batchGetAll, queryAll } from '../db/read';
import { str } from '../entities/codec';
import { tableName } from '../db/client';
import {
  SALON_SK,
  SERVICE_PREFIX,
  STAFF_DAY_PREFIX,
  STAFF_PREFIX,
  serviceKey,
  staffDayKey,
  staffKey,
  tenantMetaKey,
  tenantPk,
} from '../db/keys';
import { isDeleted, salonSettings } from '../entities/salon';
import { type StaffDay, staffDayOf } from '../entities/staff-day';
import type { BookingRules, Staff } from '../domain/schedule';
import type { TenantSettings } from '../domain/tenant';
import { addDays } from '../domain/zoned-time';
import { NotFoundError } from '../errors';
import type { TenantScope } from './scope';
import type { Item } from './tenant-items';
import { type Service, toService } from '../entities/service';
import { toStaff } from '../entities/staff';

export interface SalonCatalog {
  salon: Item;
  settings: TenantSettings;
  rules: BookingRules;
  services: Map<string, Service>;
  staff: Map<string, Staff>;
}

export function rulesOf(settings: TenantSettings): BookingRules {
  return {
    timezone: settings.timezone,
    slotStepMinutes: settings.slotStepMinutes,
    minimumNoticeMinutes: settings.minimumNoticeMinutes,
    bookingHorizonDays: settings.bookingHorizonDays,
  };
}

/** A salon that is deleted does not exist for booking. */
export function liveSalon(item: Item | undefined): Item {
  if (!item || isDeleted(item)) throw new NotFoundError();
  return item;
}

/** One Query (more only past 1 MB, hundreds of services and staff). */
export async function readCatalog(scope: TenantScope, consistent = false): Promise<SalonCatalog> {
  return catalogOf(await readCatalogItems(scope, consistent));
}

/** The catalog's items as stored (the salon, its services and staff, in sort-key order): one Query. */
export async function readCatalogItems(scope: TenantScope, consistent = false): Promise<Item[]> {
  return queryAll(scope.db, {
    TableName: tableName(),
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :salon)',
    ExpressionAttributeValues: { ':pk': tenantPk(scope.tenantId), ':salon': SALON_SK },
    ConsistentRead: consistent,
  });
}

export function catalogOf(items: ReadonlyArray<Item>): SalonCatalog {
  const salon = liveSalon(items.find((i) => i.SK === SALON_SK));
  const settings = salonSettings(salon);
  const services = new Map<string, Service>();
  const staff = new Map<string, Staff>();
  for (const item of items) {
    const sk = item.SK;
    if (typeof sk !== 'string') continue;
    if (sk.startsWith(SERVICE_PREFIX)) {
      const service = toService(item);
      services.set(service.serviceId, service);
    } else if (sk.startsWith(STAFF_PREFIX)) {
      const member = toStaff(item);
      staff.set(member.staffId, member);
    }
  }
  return { salon, settings, rules: rulesOf(settings), services, staff };
}

/**
 * What availability reads of the catalog: the salon, the service asked for (absent if unknown) and the
 * staff members read with it, those who offer the service or the one named (absent if unknown).
 */
export interface ServiceCatalog {
  salon: Item;
  rules: BookingRules;
  service: Service | undefined;
  staff: Staff[];
}

function serviceCatalogOf(
  salonItem: Item | undefined,
  serviceItem: Item | undefined,
  staffItems: ReadonlyArray<Item>,
): ServiceCatalog {
  const salon = liveSalon(salonItem);
  return {
    salon,
    rules: rulesOf(salonSettings(salon)),
    service: serviceItem ? toService(serviceItem) : undefined,
    staff: staffItems.map(toStaff),
  };
}

/**
 * The salon and one service (one BatchGet) and, at the same time, the staff who offer it (one Query of
 * the staff prefix, filtered on `serviceIds`): the other services are not read. Staff items have no key
 * by service, so those who do not offer it are read (and billed) but left on the server.
 */
export async function readServiceCatalog(scope: TenantScope, serviceId: string): Promise<ServiceCatalog> {
  const [items, staffItems] = await Promise.all([
    batchGetAll(scope.db, [tenantMetaKey(scope.tenantId), serviceKey(scope.tenantId, serviceId)]),
    queryAll(scope.db, {
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :staff)',
      FilterExpression: 'contains(serviceIds, :service)',
      ExpressionAttributeValues: { ':pk': tenantPk(scope.tenantId), ':staff': STAFF_PREFIX, ':service': serviceId },
    }),
  ]);
  const bySk = new Map(items.map((item) => [item.SK, item]));
  return serviceCatalogOf(bySk.get(SALON_SK), bySk.get(serviceKey(scope.tenantId, serviceId).SK), staffItems);
}

/**
 * With a staff member named, every item the answer needs has a known key: the salon, the service, the
 * staff member, and their day items from the day before `from` to the day after `to` (at most 44, one
 * per date; most absent). One BatchGet reads exactly those, nothing of the other staff members. Each
 * key (absent ones too) bills half a read unit or more, where a Query bills the sum of what it reads
 * rounded up once: about 18 read units for a month (36 keys), 3 for a day (6 keys).
 */
export async function readStaffCatalogAndDays(
  scope: TenantScope,
  serviceId: string,
  staffId: string,
  from: string,
  to: string,
): Promise<{ catalog: ServiceCatalog; days: StaffDay[] }> {
  const t = scope.tenantId;
  const dayKeys: Array<{ PK: string; SK: string }> = [];
  for (let d = addDays(from, -1); d <= addDays(to, 1); d = addDays(d, 1)) dayKeys.push(staffDayKey(t, d, staffId));
  const keys = [tenantMetaKey(t), serviceKey(t, serviceId), staffKey(t, staffId), ...dayKeys];
  const bySk = new Map((await batchGetAll(scope.db, keys)).map((item) => [item.SK, item]));
  const staffItem = bySk.get(staffKey(t, staffId).SK);
  return {
    catalog: serviceCatalogOf(bySk.get(SALON_SK), bySk.get(serviceKey(t, serviceId).SK), staffItem ? [staffItem] : []),
    days: dayKeys.flatMap((k) => {
      const item = bySk.get(k.SK);
      return item ? [staffDayOf(item)] : [];
    }),
  };
}

export type { Span, StaffDay } from '../entities/staff-day';
export { staffDayOf } from '../entities/staff-day';

/**
 * One Query: every staff member's day items from the day before `date` to the day after, so spans that
 * cross midnight, or were filed under another date before a timezone change, still count.
 */
export async function readStaffDays(scope: TenantScope, date: string, consistent = false): Promise<StaffDay[]> {
  return readStaffDaysBetween(scope, date, date, { consistent });
}

/** Past this many staff members a filter is not worth its expression (and `IN` takes at most 100 operands). */
const MAX_FILTERED_STAFF = 100;

/**
 * The day items from the day before `from` to the day after `to`, in one Query (its pages all read).
 * With `staffIds`, only those staff members' items come back: day items are keyed date first
 * (`DAY#<date>#<staffId>`), so a staff member has no key range of their own, and one item per staff
 * member and date by BatchGet would cost far more for several of them (each key bills at least half a
 * read unit; a Query bills the sum, rounded up once). A filter reads (and bills) the same items but
 * returns and decodes only these. One named staff member's days are read by key instead
 * (`readStaffCatalogAndDays`).
 */
export async function readStaffDaysBetween(
  scope: TenantScope,
  from: string,
  to: string,
  opts: { staffIds?: ReadonlyArray<string> | undefined; consistent?: boolean } = {},
): Promise<StaffDay[]> {
  return (await readStaffDayItems(scope, from, to, opts)).map(staffDayOf);
}

/** `readStaffDaysBetween`'s items as stored. */
export async function readStaffDayItems(
  scope: TenantScope,
  from: string,
  to: string,
  opts: { staffIds?: ReadonlyArray<string> | undefined; consistent?: boolean } = {},
): Promise<Item[]> {
  const staffIds = opts.staffIds && opts.staffIds.length <= MAX_FILTERED_STAFF ? opts.staffIds : undefined;
  if (staffIds?.length === 0) return [];
  const names = staffIds?.map((_, i) => `:s${i}`) ?? [];
  return queryAll(scope.db, {
    TableName: tableName(),
    KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
    ...(staffIds ? { FilterExpression: `staffId IN (${names.join(', ')})` } : {}),
    ExpressionAttributeValues: {
      ':pk': tenantPk(scope.tenantId),
      ':from': `${STAFF_DAY_PREFIX}${addDays(from, -1)}#`,
      ':to': `${STAFF_DAY_PREFIX}${addDays(to, 1)}#\uffff`,
      ...Object.fromEntries(names.map((name, i) => [name, staffIds?.[i]])),
    },
    ConsistentRead: opts.consistent ?? false,
  });
}

/** One BatchGet (repeated only for keys DynamoDB left unprocessed), consistent; items by sort key. */
export async function batchGet(scope: TenantScope, keys: ReadonlyArray<{ PK: string; SK: string }>): Promise<Map<string, Item>> {
  const unique = [...new Map(keys.map((k) => [k.SK, k])).values()];
  const found = await batchGetAll(scope.db, unique, { consistent: true });
  return new Map(found.map((item) => [str(item, 'item', 'SK'), item]));
}
