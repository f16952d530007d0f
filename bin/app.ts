/**
 * CDK entry point (`cdk synth|deploy [-c stage=dev|prod]`). The only place that reads CDK context.
 *   -c stage=dev|prod               default dev
 *   -c authDomainPrefix=<prefix>    hosted UI domain prefix, globally unique; default rendezvous-<stage>-auth
 *   -c callbackUrls=<url>[,<url>]   OAuth callback URLs; default http://localhost:5173/callback in dev
 *   -c logoutUrls=<url>[,<url>]     default: the origins of the callback URLs
 *   -c appUrl=<url>                 the console's origin (email links, CORS, default callback URLs); default:
 *                                   https://<webDomainName>, else the origin of the first callback URL
 *   -c webDomainName=<host>         custom domain of the console's distribution, with
 *   -c webCertificateArn=<arn>      its ACM certificate in us-east-1 (docs/deployment.md)
 */
import { App } from 'aws-cdk-lib';
import { buildApp } from '../lib/app';
import { buildStageConfig } from '../lib/stage-config';

const app = new App();

const config = buildStageConfig({
  stage: app.node.tryGetContext('stage'),
  authDomainPrefix: app.node.tryGetContext('authDomainPrefix'),
  callbackUrls: app.node.tryGetContext('callbackUrls'),
  logoutUrls: app.node.tryGetContext('logoutUrls'),
  appUrl: app.node.tryGetContext('appUrl'),
  webDomainName: app.node.tryGetContext('webDomainName'),
  webCertificateArn: app.node.tryGetContext('webCertificateArn'),
  billingCurrency: app.node.tryGetContext('billingCurrency'),
  stripePriceStarter: app.node.tryGetContext('stripePriceStarter'),
  stripePriceProfessional: app.node.tryGetContext('stripePriceProfessional'),
  stripePriceEnterprise: app.node.tryGetContext('stripePriceEnterprise'),
  emailIdentity: app.node.tryGetContext('emailIdentity'),
  emailFromAddress: app.node.tryGetContext('emailFromAddress'),
  smsOriginationIdentityArn: app.node.tryGetContext('smsOriginationIdentityArn'),
  account: process.env.CDK_DEFAULT_ACCOUNT,
  region: process.env.CDK_DEFAULT_REGION,
});

buildApp(app, config);
app.synth();
