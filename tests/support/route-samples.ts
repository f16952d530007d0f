/**
 * A valid request for every tenant route, built from the route table: path parameters filled from a
 * context, bodies from the samples below. The matrices iterate the route table through this, and fail
 * for a new route that has no sample, so no route escapes them.
 */
import { type RouteDef, type RouteId, routeList } from '../../functions/routes';

export interface SampleContext {
  tenantId: string;
  /** A member of the tenant whom the call may act upon (a viewer, unless the test says otherwise). */
  targetUserId: string;
  /** A pending invitation of the tenant. */
  invitationId: string;
  /** A client of the tenant. */
  clientId: string;
  /** A service of the tenant. */
  serviceId: string;
  /** A staff member of the tenant (offering `serviceId`, working every day, linked to the caller when possible). */
  staffId: string;
  /** An appointment of the tenant with that staff member. */
  appointmentId?: string;
  /** The tenant's slug, for its public routes. */
  slug?: string;
  /** The email of `clientId`, for lookups by email. */
  clientEmail?: string;
  /** A file of the tenant. */
  fileId?: string;
  /** An export of the tenant. */
  exportId?: string;
}

/** Starts of the sample appointments: far ahead, on an hour, one for the fixture and one for the create. */
export const SAMPLE_APPOINTMENT_START = '2031-03-04T10:00:00+01:00';
export const SAMPLE_BOOKING_START = '2031-03-04T14:00:00+01:00';

/** A staff member who works around the clock every day: any sample start fits. */
export const allWeekStaffBody = (serviceIds: string[], userId?: string) => ({
  name: 'Dominique',
  serviceIds,
  workingHours: Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start: '00:00', end: '24:00' }]]),
  ),
  ...(userId ? { userId } : {}),
});

const unique = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

export const sampleClientBody = () => ({
  name: 'Sample Client',
  email: `client-${unique()}@example.test`,
  phone: '+33 6 12 34 56 78',
});
export const sampleServiceBody = () => ({ name: 'Coupe femme', durationMinutes: 45, price: { amount: 4500, currency: 'EUR' } });
export const sampleStaffBody = () => ({
  name: 'Camille',
  serviceIds: [] as string[],
  workingHours: {
    mon: [
      { start: '13:30', end: '19:00' },
      { start: '09:00', end: '12:30' },
    ],
    sat: [{ start: '10:00', end: '24:00' }],
  },
});

const bodies: Partial<Record<RouteId, (c: SampleContext) => unknown>> = {
  updateTenant: () => ({ name: 'Renamed Salon' }),
  updateMember: () => ({ role: 'viewer' }),
  createInvitation: () => ({
    email: `invitee-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}@example.test`,
    role: 'viewer',
  }),
  createCheckoutSession: () => ({ plan: 'starter' }),
  createPortalSession: () => ({}),
  createClient: sampleClientBody,
  createFile: () => ({ purpose: 'logo', contentType: 'image/png', size: 100, fileName: 'logo.png' }),
  completeFile: () => ({}),
  eraseClient: () => ({}),
  createExport: () => ({}),
  rotateTenantKey: () => ({}),
  updateClient: () => ({ name: 'Renamed Client', notes: null }),
  createService: sampleServiceBody,
  updateService: () => ({ active: false, price: { amount: 5000, currency: 'EUR' } }),
  createStaff: sampleStaffBody,
  createAppointment: (c) => ({ clientId: c.clientId, serviceId: c.serviceId, staffId: c.staffId, start: SAMPLE_BOOKING_START }),
  updateAppointment: () => ({ status: 'confirmed', notes: 'Confirmed by phone' }),
  updateStaff: () => ({
    name: 'Camille D.',
    timeOff: [{ start: '2026-08-01T00:00:00+02:00', end: '2026-08-16T00:00:00+02:00' }],
  }),
};

const params: Record<string, (c: SampleContext) => string> = {
  tenantId: (c) => c.tenantId,
  userId: (c) => c.targetUserId,
  invitationId: (c) => c.invitationId,
  clientId: (c) => c.clientId,
  serviceId: (c) => c.serviceId,
  staffId: (c) => c.staffId,
  appointmentId: (c) => c.appointmentId ?? '01JABCDEFGHJKMNPQRSTVWXYZ0',
  fileId: (c) => c.fileId ?? '01JABCDEFGHJKMNPQRSTVWXYZ0',
  exportId: (c) => c.exportId ?? '01JABCDEFGHJKMNPQRSTVWXYZ0',
  slug: (c) => c.slug ?? 'no-such-salon',
};

/** Query strings of routes that require one. */
const queries: Partial<Record<RouteId, (c: SampleContext) => string>> = {
  getAvailability: (c) => `?serviceId=${c.serviceId}&date=2031-03-04`,
  getPublicAvailability: (c) => `?serviceId=${c.serviceId}&date=2031-03-04`,
  getAnalytics: () => '?period=month&date=2031-03-04',
};

/** Whether a route needs a query string to answer 200 (so "no query at all" is bad input for it). */
export const requiresQuery = (route: RouteDef & { id: RouteId }) => queries[route.id] !== undefined;

/**
 * The pages a paged route serves, as query strings (each another partition, index or range of the same
 * list); '' alone for a route not listed here.
 */
const pageVariants: Partial<Record<RouteId, (c: SampleContext) => string[]>> = {
  listClients: (c) => ['', ...(c.clientEmail ? [`email=${encodeURIComponent(c.clientEmail)}`] : [])],
  listAppointments: (c) => ['', `staffId=${c.staffId}`, `clientId=${c.clientId}`],
};

export const pagedRoutes = routeList.filter((r) => r.paged === true);

export function pageVariantsOf(route: RouteDef & { id: RouteId }, c: SampleContext): string[] {
  return pageVariants[route.id]?.(c) ?? [''];
}

/** Bodies of the routes outside a tenant that take one (public booking, onboarding). */
const otherBodies: Partial<Record<RouteId, (c: SampleContext) => unknown>> = {
  createTenant: () => ({ name: 'Sample Salon', slug: `sample-${unique()}` }),
  createPublicBooking: (c) => ({
    serviceId: c.serviceId,
    start: SAMPLE_BOOKING_START,
    client: { name: 'Online Client', email: `online-${unique()}@example.test` },
  }),
  cancelPublicBooking: () => ({ token: 'A'.repeat(43) }),
};

export const tenantRoutes = routeList.filter((r): r is RouteDef & { id: RouteId; auth: 'tenant' } => r.auth === 'tenant');

export function sampleRequest(route: RouteDef & { id: RouteId }, c: SampleContext): { path: string; body?: unknown } {
  const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const fill = params[name];
    if (!fill) throw new Error(`No sample value for path parameter {${name}} of ${route.id}`);
    return fill(c);
  });
  const body = bodies[route.id] ?? otherBodies[route.id];
  if (!body && ['POST', 'PUT', 'PATCH'].includes(route.method) && route.auth === 'tenant') {
    throw new Error(`No sample body for ${route.id}`);
  }
  const query = queries[route.id]?.(c) ?? '';
  return body ? { path: `${path}${query}`, body: body(c) } : { path: `${path}${query}` };
}
