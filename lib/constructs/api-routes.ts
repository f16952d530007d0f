/**
 * The REST API's methods, built from the route table: one function per route, its grants from
 * `route.access`, its authorizer from `route.auth`. Nothing here is specific to a route. Functions of
 * `tenant` routes reach the table through the tenant-scoped roles (lib/constructs/tenant-data-roles.ts),
 * never with their execution role; `user` and `public` routes and the authorizer use their own role.
 */
import { Duration } from 'aws-cdk-lib';
import {
  AuthorizationType,
  IdentitySource,
  LambdaIntegration,
  type Method,
  RequestAuthorizer,
  type RestApi,
} from 'aws-cdk-lib/aws-apigateway';
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

export class ApiRoutes extends Construct {
  /** The Lambda authorizer function (one for both authorizers). */
  readonly authorizerFunction: AppFunction;
  /** The tenant-scoped roles that `tenant` routes assume with a tenantId session tag. */
  readonly tenantRoles: TenantDataRoles;
  private readonly functions = new Map<string, AppFunction>();
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

  methodFor(routeId: string): Method {
    const method = this.methods.get(routeId);
    if (!method) throw new Error(`No method for route ${routeId}`);
    return method;
  }

  private addRoute(route: RouteEntry): void {
    if (this.functions.has(route.id)) throw new Error(`Duplicate route id ${route.id}`);
    const { api, config, resources } = this.props;

    const fn = new AppFunction(this, route.id, {
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
    const integration = new LambdaIntegration(fn.function, { proxy: true, allowTestInvoke: false });
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
