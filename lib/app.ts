/**
 * The whole app for one stage. `bin/app.ts` (what `cdk synth` runs) and the infrastructure tests both
 * build it through here, so the tests check exactly what is deployed, cdk-nag checks included.
 */
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { RouteEntry } from './constructs/api-routes';
import type { StageConfig } from './stage-config';
import { ApiStack } from './stacks/api-stack';
import { DataStack } from './stacks/data-stack';
import { IdentityStack } from './stacks/identity-stack';
import { NotificationsStack } from './stacks/notifications-stack';
import { WebStack } from './stacks/web-stack';

export interface RendezvousStacks {
  readonly data: DataStack;
  readonly identity: IdentityStack;
  readonly api: ApiStack;
  readonly notifications: NotificationsStack;
  readonly web: WebStack;
}

export interface BuildOptions {
  /** Another route table (tests); the default is `functions/routes.ts`. */
  readonly routes?: ReadonlyArray<RouteEntry>;
}

export function buildApp(app: App, config: StageConfig, options: BuildOptions = {}): RendezvousStacks {
  const env = Object.keys(config.env).length > 0 ? { env: config.env } : {};
  const tags = { tags: { project: 'rendezvous', stage: config.stage } };

  const data = new DataStack(app, `${config.stackPrefix}-Data`, {
    ...env,
    ...tags,
    description: `Rendezvous ${config.stage}: table, bucket, data key`,
    config,
  });
  const identity = new IdentityStack(app, `${config.stackPrefix}-Identity`, {
    ...env,
    ...tags,
    description: `Rendezvous ${config.stage}: Cognito user pool and app client`,
    config,
  });
  const api = new ApiStack(app, `${config.stackPrefix}-Api`, {
    ...env,
    ...tags,
    description: `Rendezvous ${config.stage}: REST API, functions, WAF`,
    config,
    data,
    userPool: identity.userPool,
    userPoolClient: identity.userPoolClient,
    ...(options.routes ? { routes: options.routes } : {}),
  });

  const notifications = new NotificationsStack(app, `${config.stackPrefix}-Notifications`, {
    ...env,
    ...tags,
    description: `Rendezvous ${config.stage}: message delivery (SES, SMS) and the table stream's consumers`,
    config,
    data,
    userPool: identity.userPool,
    apiUrl: api.api.url,
    alarmTopic: api.monitoring.topic,
  });

  // The message consumers measure each record's work for the salon (functions/streams/stream-batch.ts);
  // usage alerts do not (metering's own writes trigger them).
  api.jobs.meterLogsOf(notifications.notifications.consumers.deliverMessages);
  api.jobs.meterLogsOf(notifications.notifications.consumers.appointmentMessages);

  const web = new WebStack(app, `${config.stackPrefix}-Web`, {
    ...env,
    ...tags,
    description: `Rendezvous ${config.stage}: console and booking page (S3, CloudFront)`,
    config,
    apiUrl: api.api.url,
    userPool: identity.userPool,
    userPoolClient: identity.userPoolClient,
    userPoolDomain: identity.domain,
    filesBucket: data.bucket,
  });

  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { data, identity, api, notifications, web };
}
