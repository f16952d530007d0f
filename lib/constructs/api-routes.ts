/**
 * The REST API's methods, built from the route table: one function per route, its grants from
 * `route.access`, its authorizer from `route.auth`. Nothing here is specific to a route. Functions of
 * `tenant` routes reach the table through the tenant-scoped roles (lib/constructs/tenant-data-roles.ts),
 * never with their execution role; `user` and `public` routes and the authorizer use their own role.
 *
 * CloudFormation allows 500 resources per stack and a route costs about seven. So the methods, resources
 * and authorizers stay in the API stack, while each route's function (role, policy, log group, invoke
 * permission, latency alarm) lives in a nested stack of its route group (`routeGroup`): a key read from the path alone,
 * so adding a route never moves an existing function to another stack (which would replace it).
 */
import { Duration, NestedStack } from 'aws-cdk-lib';
import {
  AuthorizationType,
  AwsIntegration,
  IdentitySource,
  type IntegrationConfig,
  type Method,
  RequestAuthorizer,
  type RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { AuthMode, RouteDef } from '../../functions/routes';
import { acknowledge } from '../nag';
import { grantUnsubscribeSecret, unsubscribeEnvironment } from './notifications';
import type { StageConfig } from '../stage-config';
import { billingEnvironment, grantBillingSecrets } from './billing-config';
import { AppFunction, type AppResources } from './app-function';
import { TenantDataRoles } from './tenant-data-roles';

export type RouteEntry = RouteDef & { readonly id: string };

export interface ApiRoutesProps {
  readonly api: RestApi;
  /**
   * The deployment stage's name, as a literal: invoke permissions name it, and a reference to the Stage
   * resource from a nested stack would form a cycle (Stage → Deployment → Method → nested stack).
   */
  readonly stageName: string;
  readonly routes: ReadonlyArray<RouteEntry>;
  /** Entry of the Lambda authorizer shared by `user` and `tenant` routes. */
  readonly authorizerEntry: string;
  /** Variables the authorizer needs to verify tokens (issuer, client id). */
  readonly authorizerEnvironment: Readonly<Record<string, string>>;
  readonly resources: AppResources;
  readonly config: StageConfig;
}

/**
 * Identity sources per auth mode. API Gateway caches an authorizer's decision per identity source
 * value, so the tenant authorizer keys on the path's tenantId as well as the token: a decision cached
 * for tenant A can never answer a request for tenant B.
 */
export const AUTHORIZER_IDENTITY_SOURCES: Readonly<Record<Exclude<AuthMode, 'public'>, ReadonlyArray<string>>> = {
  user: [IdentitySource.header('Authorization')],
  tenant: [IdentitySource.header('Authorization'), 'method.request.path.tenantId'],
};

const TENANT_PREFIX = '/v1/tenants/{tenantId}/';
const PUBLIC_PREFIX = '/v1/public/';

/**
 * The nested stack a route's function belongs to, from its path alone: the segment after
 * `/v1/tenants/{tenantId}/` (appointments, clients, staff...), `public` for `/v1/public/...`, and
 * `platform` for everything else (health, me, tenants, plans, webhooks...).
 */
export function routeGroup(path: string): string {
  if (path.startsWith(PUBLIC_PREFIX)) return 'public';
  if (!path.startsWith(TENANT_PREFIX)) return 'platform';
  const segment = path.slice(TENANT_PREFIX.length).split('/')[0] ?? '';
  if (!/^[a-z][a-z0-9-]*$/.test(segment)) throw new Error(`No route group for the path ${path}`);
  return segment;
}

/** `service-areas` → `ServiceAreas`: the group's nested stack id. */
const pascal = (group: string) =>
  group
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');

/**
 * A Lambda proxy integration whose invoke permission belongs to the function (hence to the function's
 * nested stack), where LambdaIntegration puts it beside the method in the API stack. Same permission:
 * API Gateway, this method and path, this stage.
 */
class FunctionIntegration extends AwsIntegration {
  constructor(
    private readonly handler: IFunction,
    private readonly stageName: string,
  ) {
    super({ proxy: true, service: 'lambda', path: `2015-03-31/functions/${handler.functionArn}/invocations` });
  }

  override bind(method: Method): IntegrationConfig {
    const config = super.bind(method);
    const path = method.resource.path;
    this.handler.addPermission(`ApiPermission.${method.httpMethod}.${path.replace(/\//g, '.')}`, {
      principal: new ServicePrincipal('apigateway.amazonaws.com'),
      sourceArn: method.api.arnForExecuteApi(method.httpMethod, path.replace(/\{[^}]*\}/g, '*'), this.stageName),
    });
    return config;
  }
}

export class ApiRoutes extends Construct {
  /** The Lambda authorizer function (one for both authorizers). */
  readonly authorizerFunction: AppFunction;
  /** The tenant-scoped roles that `tenant` routes assume with a tenantId session tag. */
  readonly tenantRoles: TenantDataRoles;
  private readonly functions = new Map<string, AppFunction>();
  private readonly groupStacks = new Map<string, NestedStack>();
  private readonly methods = new Map<string, Method>();
  private readonly authorizers = new Map<Exclude<AuthMode, 'public'>, RequestAuthorizer>();

  constructor(
    scope: Construct,
    id: string,
    private readonly props: ApiRoutesProps,
  ) {
    super(scope, id);
    const { config, resources } = props;

    this.tenantRoles = new TenantDataRoles(this, 'TenantData', { resources });

    // The authorizer reads tenant memberships later, hence the table read grant.
    this.authorizerFunction = new AppFunction(this, 'Authorizer', {
      entry: props.authorizerEntry,
      description: 'Rendezvous API authorizer',
      access: ['table:read'],
      resources,
      config,
      environment: props.authorizerEnvironment,
    });

    for (const route of props.routes) this.addRoute(route);
  }

  /** The function serving a route, by route id. */
  functionFor(routeId: string): AppFunction {
    const fn = this.functions.get(routeId);
    if (!fn) throw new Error(`No function for route ${routeId}`);
    return fn;
  }

  /** The nested stacks of the route functions, by route group. */
  get functionStacks(): ReadonlyMap<string, NestedStack> {
    return this.groupStacks;
  }

  /** The nested stack of a route's function (its route group's). */
  functionStackFor(routeId: string): NestedStack {
    const stack = this.groupStacks.get(routeGroup(this.routeFor(routeId).path));
    if (!stack) throw new Error(`No function stack for route ${routeId}`);
    return stack;
  }

  methodFor(routeId: string): Method {
    const method = this.methods.get(routeId);
    if (!method) throw new Error(`No method for route ${routeId}`);
    return method;
  }

  private routeFor(routeId: string): RouteEntry {
    const route = this.props.routes.find((r) => r.id === routeId);
    if (!route) throw new Error(`No route ${routeId}`);
    return route;
  }

  private addRoute(route: RouteEntry): void {
    if (this.functions.has(route.id)) throw new Error(`Duplicate route id ${route.id}`);
    const { api, config, resources } = this.props;

    const fn = new AppFunction(this.groupStack(routeGroup(route.path)), route.id, {
      entry: route.handler,
      description: `${route.method} ${route.path}: ${route.summary}`.slice(0, 256),
      access: route.access,
      resources,
      config,
      // Tenant routes, and public routes serving one salon by slug, reach its data only through the tenant role.
      ...(route.auth === 'tenant' || route.tenantScope !== undefined ? { tenantRoles: this.tenantRoles } : {}),
      environment: {
        ...(route.billing ? billingEnvironment(route.billing, config) : {}),
        ...(route.notifications?.includes('unsubscribe-secret') ? unsubscribeEnvironment(config) : {}),
      },
    });
    if (route.billing) grantBillingSecrets(fn.function, route.billing, config);
    if (route.notifications?.includes('unsubscribe-secret')) grantUnsubscribeSecret(fn.function, config);

    // resourceForPath reuses existing resources, so /v1/tenants/{tenantId} is created once.
    const resource = api.root.resourceForPath(route.path);
    const integration = new FunctionIntegration(fn.function, this.props.stageName);
    const method =
      route.auth === 'public'
        ? resource.addMethod(route.method, integration, {
            operationName: route.id,
            authorizationType: AuthorizationType.NONE,
          })
        : resource.addMethod(route.method, integration, {
            operationName: route.id,
            authorizationType: AuthorizationType.CUSTOM,
            authorizer: this.authorizer(route.auth),
          });

    if (route.auth === 'public') {
      acknowledge(
        method,
        'AwsSolutions-APIG4',
        `Public by design in the route table (${route.id}: ${route.summary}); it needs no caller identity.`,
      );
      acknowledge(method, 'AwsSolutions-COG4', `Public by design in the route table (${route.id}); no authorizer at all.`);
    } else {
      acknowledge(
        method,
        'AwsSolutions-COG4',
        'A Lambda REQUEST authorizer verifies the Cognito access token (signature, issuer, expiry, ' +
          'token_use, client_id); a COGNITO_USER_POOLS authorizer could not key its cache on the tenant ' +
          'in the path nor check tenant membership.',
      );
    }

    this.functions.set(route.id, fn);
    this.methods.set(route.id, method);
  }

  private groupStack(group: string): NestedStack {
    let stack = this.groupStacks.get(group);
    if (!stack) {
      stack = new NestedStack(this, `${pascal(group)}Functions`, {
        description: `Rendezvous API: functions of the ${group} routes`,
      });
      this.groupStacks.set(group, stack);
    }
    return stack;
  }

  /** One authorizer per auth mode, created when the first route needs it (an unused one fails synth). */
  private authorizer(mode: Exclude<AuthMode, 'public'>): RequestAuthorizer {
    let authorizer = this.authorizers.get(mode);
    if (!authorizer) {
      authorizer = new RequestAuthorizer(this, mode === 'user' ? 'UserAuthorizer' : 'TenantAuthorizer', {
        handler: this.authorizerFunction.function,
        identitySources: [...AUTHORIZER_IDENTITY_SOURCES[mode]],
        resultsCacheTtl: Duration.seconds(this.props.config.api.authorizerCacheTtlSeconds),
      });
      this.authorizers.set(mode, authorizer);
    }
    return authorizer;
  }
}
