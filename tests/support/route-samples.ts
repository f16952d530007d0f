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
}

const unique = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

export const sampleClientBody = () => ({
  name: 'Sample Client',
  email: `client-${unique()}@example.test`,
  phone: '+33 6 12 34 56 78',
});
export const sampleServiceBody = () => ({ name: 'Coupe femme', durationMinutes: 45, price: { amount: 4500, currency: 'EUR' } });

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
  updateClient: () => ({ name: 'Renamed Client', notes: null }),
  createService: sampleServiceBody,
  updateService: () => ({ active: false, price: { amount: 5000, currency: 'EUR' } }),
};

const params: Record<string, (c: SampleContext) => string> = {
  tenantId: (c) => c.tenantId,
  userId: (c) => c.targetUserId,
  invitationId: (c) => c.invitationId,
  clientId: (c) => c.clientId,
  serviceId: (c) => c.serviceId,
};

export const tenantRoutes = routeList.filter((r): r is RouteDef & { id: RouteId; auth: 'tenant' } => r.auth === 'tenant');

export function sampleRequest(route: RouteDef & { id: RouteId }, c: SampleContext): { path: string; body?: unknown } {
  const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const fill = params[name];
    if (!fill) throw new Error(`No sample value for path parameter {${name}} of ${route.id}`);
    return fill(c);
  });
  const body = bodies[route.id];
  if (!body && ['POST', 'PUT', 'PATCH'].includes(route.method)) throw new Error(`No sample body for ${route.id}`);
  return body ? { path, body: body(c) } : { path };
}
