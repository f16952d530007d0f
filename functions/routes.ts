/**
 * The route table: every HTTP route the API serves, declared once. CDK builds API Gateway and one
 * Lambda function per route from it, the local gateway serves from it, tests iterate over it.
 */
import type { Permission } from './shared/domain/rbac';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * `public`: no token. `user`: a verified access token. `tenant`: a verified token and, from the
 * tenancy layer, a membership in the `{tenantId}` of the path.
 */
export type AuthMode = 'public' | 'user' | 'tenant';

/** What the function's execution role may touch; CDK grants exactly this. */
export type ResourceAccess =
  | 'table:read'
  | 'table:write'
  | 'bucket:read'
  | 'bucket:write'
  | 'kms:data-key'
  /** AdminGetUser and AdminCreateUser on the user pool (invitations). */
  | 'userpool:invite';

interface RouteBase {
  method: HttpMethod;
  /** API Gateway resource path, `{name}` for path parameters; always under /v1. */
  path: string;
  /** Entry file of the handler, relative to the repository root; it exports `handler`. */
  handler: string;
  access: ReadonlyArray<ResourceAccess>;
  summary: string;
}

export type RouteDef =
  | (RouteBase & { auth: 'public'; permission: 'public' })
  | (RouteBase & { auth: 'user'; permission: 'authenticated' })
  | (RouteBase & { auth: 'tenant'; permission: Permission });

export const getHealth = {
  method: 'GET',
  path: '/v1/health',
  handler: 'functions/http/health/get-health.ts',
  auth: 'public',
  permission: 'public',
  access: ['table:read'],
  summary: 'Liveness and the state of DynamoDB.',
} as const satisfies RouteDef;

export const getMe = {
  method: 'GET',
  path: '/v1/me',
  handler: 'functions/http/me/get-me.ts',
  auth: 'user',
  permission: 'authenticated',
  access: ['table:read'],
  summary: 'The signed-in user and the salons they belong to, with their role in each.',
} as const satisfies RouteDef;

export const createTenant = {
  method: 'POST',
  path: '/v1/tenants',
  handler: 'functions/http/tenants/create-tenant.ts',
  auth: 'user',
  permission: 'authenticated',
  access: ['table:write'],
  summary: 'Create a salon; the caller becomes its owner.',
} as const satisfies RouteDef;

export const getTenant = {
  method: 'GET',
  path: '/v1/tenants/{tenantId}',
  handler: 'functions/http/tenants/get-tenant.ts',
  auth: 'tenant',
  permission: 'tenant:read',
  access: ['table:read'],
  summary: 'The salon: plan, status, settings, branding, features, limits.',
} as const satisfies RouteDef;

export const updateTenant = {
  method: 'PATCH',
  path: '/v1/tenants/{tenantId}',
  handler: 'functions/http/tenants/update-tenant.ts',
  auth: 'tenant',
  permission: 'settings:update',
  access: ['table:write'],
  summary: 'Change name, billing email, settings or branding.',
} as const satisfies RouteDef;

export const deleteTenant = {
  method: 'DELETE',
  path: '/v1/tenants/{tenantId}',
  handler: 'functions/http/tenants/delete-tenant.ts',
  auth: 'tenant',
  permission: 'tenant:delete',
  access: ['table:write'],
  summary: 'Soft-delete the salon (owner only); purged after the retention period.',
} as const satisfies RouteDef;

export const getUsage = {
  method: 'GET',
  path: '/v1/tenants/{tenantId}/usage',
  handler: 'functions/http/tenants/get-usage.ts',
  auth: 'tenant',
  permission: 'billing:read',
  access: ['table:read'],
  summary: 'Plan, limits and current usage.',
} as const satisfies RouteDef;

export const listMembers = {
  method: 'GET',
  path: '/v1/tenants/{tenantId}/members',
  handler: 'functions/http/members/list-members.ts',
  auth: 'tenant',
  permission: 'users:read',
  access: ['table:read'],
  summary: 'Members of the salon with their roles.',
} as const satisfies RouteDef;

export const updateMember = {
  method: 'PATCH',
  path: '/v1/tenants/{tenantId}/members/{userId}',
  handler: 'functions/http/members/update-member.ts',
  auth: 'tenant',
  permission: 'users:update',
  access: ['table:write'],
  summary: "Change a member's role (never above your own; the last owner stays).",
} as const satisfies RouteDef;

export const removeMember = {
  method: 'DELETE',
  path: '/v1/tenants/{tenantId}/members/{userId}',
  handler: 'functions/http/members/remove-member.ts',
  auth: 'tenant',
  permission: 'users:delete',
  access: ['table:write'],
  summary: 'Remove a member (the last owner stays).',
} as const satisfies RouteDef;

export const createInvitation = {
  method: 'POST',
  path: '/v1/tenants/{tenantId}/invitations',
  handler: 'functions/http/invitations/create-invitation.ts',
  auth: 'tenant',
  permission: 'users:create',
  access: ['table:write', 'userpool:invite'],
  summary: 'Invite someone by email with a role (never above your own).',
} as const satisfies RouteDef;

export const listInvitations = {
  method: 'GET',
  path: '/v1/tenants/{tenantId}/invitations',
  handler: 'functions/http/invitations/list-invitations.ts',
  auth: 'tenant',
  permission: 'users:read',
  access: ['table:read'],
  summary: 'Pending invitations.',
} as const satisfies RouteDef;

export const revokeInvitation = {
  method: 'DELETE',
  path: '/v1/tenants/{tenantId}/invitations/{invitationId}',
  handler: 'functions/http/invitations/revoke-invitation.ts',
  auth: 'tenant',
  permission: 'users:delete',
  access: ['table:write'],
  summary: 'Withdraw a pending invitation.',
} as const satisfies RouteDef;

export const acceptInvitation = {
  method: 'POST',
  path: '/v1/invitations/{invitationId}/accept',
  handler: 'functions/http/invitations/accept-invitation.ts',
  auth: 'user',
  permission: 'authenticated',
  access: ['table:write'],
  summary: 'Join the salon that invited your verified email address.',
} as const satisfies RouteDef;

/** Every route by id. Handlers import their own route by name, so a bundle carries only that one. */
export const routes = {
  getHealth,
  getMe,
  createTenant,
  getTenant,
  updateTenant,
  deleteTenant,
  getUsage,
  listMembers,
  updateMember,
  removeMember,
  createInvitation,
  listInvitations,
  revokeInvitation,
  acceptInvitation,
} as const;

export type RouteId = keyof typeof routes;

export const routeList: ReadonlyArray<RouteDef & { id: RouteId }> = /* @__PURE__ */ Object.entries(routes).map(([id, def]) => ({
  id: id as RouteId,
  ...(def as RouteDef),
}));

/** The API Gateway Lambda authorizer, shared by the `user` and `tenant` routes. */
export const authorizerEntry = 'functions/authorizer/authorize.ts';
