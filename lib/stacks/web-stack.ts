/**
 * The console and the online booking page on AWS: the static build of `web/` in a private bucket,
 * served by CloudFront through origin access control, with strict security headers, the pages'
 * fallback in a CloudFront Function and `/config.json` written at deploy time from the Identity and
 * Api stacks' values (the same file `local/web.ts` serves locally). docs/deployment.md.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  Annotations,
  AssetHashType,
  type BundlingOptions,
  CfnOutput,
  DockerImage,
  Duration,
  Fn,
  RemovalPolicy,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  Function as CloudFrontFunction,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { IUserPool, IUserPoolClient, UserPoolDomain } from 'aws-cdk-lib/aws-cognito';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import type { WebConfig } from '../../web/src/shared/config';
import { acknowledge, acknowledgeResolved } from '../nag';
import { repoRoot } from '../paths';
import type { StageConfig } from '../stage-config';

export interface WebStackProps extends StackProps {
  readonly config: StageConfig;
  /** The API's invoke URL (`https://<id>.execute-api.<region>.amazonaws.com/<stage>/`). */
  readonly apiUrl: string;
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;
  readonly userPoolDomain: UserPoolDomain;
  /** The app bucket (data stack): the booking page's logo is a presigned GET there, after the API's redirect. */
  readonly filesBucket: IBucket;
}

/** Vite's content-hashed output: cached for a year. Everything else is revalidated on every load. */
export const HASHED_ASSETS = 'assets/*';
export const CACHE_HASHED = 'public, max-age=31536000, immutable';
export const CACHE_REVALIDATE = 'no-cache';
export const CONFIG_FILE = 'config.json';
export const VIEWER_REQUEST_FILE = join(repoRoot, 'lib/web/viewer-request.js');

/**
 * The pages load their own scripts and styles only (Vite emits no inline script or style), talk to
 * the API and to the hosted UI's token endpoint, and may be framed by no one. Images come from here,
 * and the salon's logo from the API (`/v1/public/{slug}/logo`), which redirects to a presigned GET on
 * the app bucket (`files`).
 */
export function contentSecurityPolicy(origins: {
  readonly api: string;
  readonly hostedUi: string;
  readonly files: string;
}): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' ${origins.api} ${origins.files}`,
    "font-src 'self'",
    `connect-src 'self' ${origins.api} ${origins.hostedUi}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    'upgrade-insecure-requests',
  ].join('; ');
}

/** Browser features neither page uses. */
export const PERMISSIONS_POLICY =
  'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()';

export class WebStack extends Stack {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** What `/config.json` holds (tokens resolved at deploy time). */
  readonly runtimeConfig: WebConfig;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    // Strong references (Fn::ImportValue), as in the api stack: the user pool, its client and the API
    // cannot be removed while the deployed config.json names them.
    this.node.setContext('@aws-cdk/core:defaultCrossStackReferences', 'strong');
    // Access-log delivery through a bucket policy (as in the data stack), pinned here.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    const { config } = props;
    const removalPolicy = config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    // CloudFront's standard logs are written with ACLs by its log-delivery account, so this bucket
    // keeps ACLs enabled (objects still end up owned by the bucket owner); S3 server access logs of the
    // site bucket arrive through the bucket policy.
    const logs = new Bucket(this, 'LogsBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(config.logRetention) }],
      removalPolicy,
    });
    acknowledge(
      logs,
      'AwsSolutions-S1',
      'This is the log destination of the site bucket and the distribution; logging it to itself would loop ' +
        'and logging it elsewhere would need yet another bucket.',
    );

    // Rebuildable static files only. A non-empty dev bucket blocks stack deletion: empty it first
    // (no autoDeleteObjects, as in the data stack: it deploys a function with broad delete rights).
    this.bucket = new Bucket(this, 'SiteBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'site-bucket/',
      removalPolicy,
    });

    const hostedUi = props.userPoolDomain.baseUrl();
    // `https://<host>/<stage>/` → `https://<host>`, at deploy time (the URL is another stack's export).
    const apiOrigin = `https://${Fn.select(2, Fn.split('/', props.apiUrl))}`;
    // Presigned URLs are virtual-hosted on the bucket's regional endpoint (<bucket>.s3.<region>.amazonaws.com).
    const filesOrigin = `https://${props.filesBucket.bucketRegionalDomainName}`;
    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: `Rendezvous ${config.stage}: security headers of the console and booking page`,
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicy({ api: apiOrigin, hostedUi, files: filesOrigin }),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        // Console paths carry salon ids; no page needs to tell another site where the visitor was.
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        // "0": the legacy XSS auditor is itself a leak; the CSP does the work.
        xssProtection: { protection: false, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [
          { header: 'Permissions-Policy', value: PERMISSIONS_POLICY, override: true },
          { header: 'Cross-Origin-Opener-Policy', value: 'same-origin', override: true },
          { header: 'Cross-Origin-Resource-Policy', value: 'same-origin', override: true },
        ],
      },
    });

    // The objects' own Cache-Control decides (hashed assets a year, pages and config.json revalidated):
    // no minimum TTL, and nothing from the request in the cache key (static files).
    const cachePolicy = new CachePolicy(this, 'CachePolicy', {
      comment: `Rendezvous ${config.stage}: honour the objects' Cache-Control`,
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.days(1),
      maxTtl: Duration.days(365),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });

    // Deep links (`/book/<slug>`, `/tenants/<id>/calendar`) load their page without an error-response
    // detour, so a missing file still answers an error rather than a page.
    const pageFallback = new CloudFrontFunction(this, 'PageFallback', {
      comment: 'Deep links load book.html or index.html; files pass through',
      code: FunctionCode.fromFile({ filePath: VIEWER_REQUEST_FILE }),
      runtime: FunctionRuntime.JS_2_0,
    });

    const { domainName, certificateArn } = config.web;
    const customDomain = domainName && certificateArn ? { domainName, certificateArn } : undefined;
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Rendezvous ${config.stage}: console and booking page`,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        compress: true,
        cachePolicy,
        responseHeadersPolicy: headers,
        functionAssociations: [{ function: pageFallback, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
      ...(customDomain
        ? {
            domainNames: [customDomain.domainName],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', customDomain.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR1',
      "Salons' clients book from wherever they are; nothing served here is subject to export or licensing limits.",
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR2',
      'Static files only, nothing behind them computes or stores: a web ACL (in us-east-1 for CloudFront) ' +
        'would guard nothing. The API, where requests do work, has its own WAF.',
    );
    if (!customDomain) {
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR4',
        'Without webDomainName the distribution answers on its *.cloudfront.net name, whose default ' +
          'certificate CloudFront serves with its own TLS policy; a custom domain sets TLSv1.2_2021.',
      );
    }

    this.runtimeConfig = {
      apiUrl: props.apiUrl,
      auth: {
        authority: `https://cognito-idp.${this.region}.${this.urlSuffix}/${props.userPool.userPoolId}`,
        clientId: props.userPoolClient.userPoolClientId,
        authorizationEndpoint: `${hostedUi}/oauth2/authorize`,
        tokenEndpoint: `${hostedUi}/oauth2/token`,
        logoutEndpoint: `${hostedUi}/logout`,
      },
    };

    const build = new Asset(this, 'Build', {
      path: join(repoRoot, 'web'),
      assetHashType: AssetHashType.OUTPUT,
      bundling: consoleBuild(),
    });
    const deploymentLogs = new LogGroup(this, 'DeploymentLogs', { retention: config.logRetention, removalPolicy });
    // Hashed assets first and never pruned: a page loaded before a deploy still finds its chunks.
    const assets = new BucketDeployment(this, 'DeployAssets', {
      sources: [Source.bucket(build.bucket, build.s3ObjectKey)],
      destinationBucket: this.bucket,
      exclude: ['*'],
      include: [HASHED_ASSETS],
      cacheControl: [CacheControl.fromString(CACHE_HASHED)],
      prune: false,
      logGroup: deploymentLogs,
    });
    // Then the pages and config.json, which name those chunks.
    const pages = new BucketDeployment(this, 'DeployPages', {
      sources: [Source.bucket(build.bucket, build.s3ObjectKey), Source.jsonData(CONFIG_FILE, this.runtimeConfig)],
      destinationBucket: this.bucket,
      exclude: [HASHED_ASSETS],
      cacheControl: [CacheControl.fromString(CACHE_REVALIDATE)],
      prune: true,
      logGroup: deploymentLogs,
    });
    pages.node.addDependency(assets);
    acknowledgeDeploymentHandler(assets, this.bucket, build);

    if (!config.auth.callbackUrls.includes(`${config.appUrl}/callback`)) {
      Annotations.of(this).addWarningV2(
        'rendezvous:consoleCallback',
        `The app client's callback URLs (${config.auth.callbackUrls.join(', ')}) lack ${config.appUrl}/callback: ` +
          'the console served at appUrl cannot sign in.',
      );
    }
    if (!customDomain && !new URL(config.appUrl).hostname.endsWith('.cloudfront.net')) {
      Annotations.of(this).addWarningV2(
        'rendezvous:consoleUrlUnknown',
        `appUrl is ${config.appUrl}, not the distribution's address: after the first deploy, deploy again with ` +
          '-c appUrl=<the ConsoleUrl output> (or give webDomainName and webCertificateArn) so sign-in, CORS ' +
          'and email links point at the console.',
      );
    }

    new CfnOutput(this, 'ConsoleUrl', {
      value: `https://${customDomain ? customDomain.domainName : this.distribution.distributionDomainName}`,
    });
    // With a custom domain, its DNS record (CNAME or alias) points here.
    new CfnOutput(this, 'DistributionDomainName', { value: this.distribution.distributionDomainName });
    new CfnOutput(this, 'DistributionId', { value: this.distribution.distributionId });
    new CfnOutput(this, 'SiteBucketName', { value: this.bucket.bucketName });
  }
}

/**
 * `vite build` on this machine while CDK stages the asset (`cdk synth`/`deploy`), so a fresh clone
 * deploys without a separate build step and never ships a stale `web/dist`. The image is never
 * pulled: local bundling either succeeds or throws, it never falls back to Docker.
 */
function consoleBuild(): BundlingOptions {
  return {
    image: DockerImage.fromRegistry('rendezvous-console-build-runs-locally'),
    local: {
      tryBundle(outputDir: string): boolean {
        const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin/vite.js');
        try {
          execFileSync(
            process.execPath,
            [vite, 'build', '--config', join(repoRoot, 'web/vite.config.ts'), '--outDir', outputDir, '--emptyOutDir'],
            // Vite's output goes to stderr: stdout may be the synthesized template.
            { cwd: repoRoot, stdio: ['ignore', process.stderr, process.stderr] },
          );
        } catch (error) {
          throw new Error(`Building the console failed (vite build; run npm run web:build to see why): ${String(error)}`);
        }
        for (const page of ['index.html', 'book.html']) {
          if (!existsSync(join(outputDir, page))) throw new Error(`The console build has no ${page} (web/vite.config.ts)`);
        }
        // Vite's manifest is for tooling, not for browsers.
        rmSync(join(outputDir, '.vite'), { recursive: true, force: true });
        return true;
      },
    },
  };
}

/**
 * The bucket deployments' shared handler (CDK's, one per stack) copies the build into the site bucket:
 * it needs to read the asset and write and prune this bucket's objects, and logs to its own log group.
 */
function acknowledgeDeploymentHandler(deployment: BucketDeployment, site: Bucket, build: Asset): void {
  const role = deployment.handlerRole;
  const handler = role.node.scope;
  if (handler) {
    acknowledge(
      handler,
      'AwsSolutions-L1',
      "CDK's bucket-deployment handler: its Python runtime is chosen and updated by aws-cdk-lib, together " +
        'with the AWS CLI layer it runs.',
    );
  }
  acknowledge(
    role,
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    "CDK's bucket-deployment handler role: the AWS-managed basic execution policy only lets it write its logs.",
  );
  acknowledgeResolved(role, (ref) => [
    {
      id: 'AwsSolutions-IAM5[Action::s3:GetObject*]',
      reason: 'The deployment handler reads the build archive and the site objects (CDK grant): read actions only.',
    },
    {
      id: 'AwsSolutions-IAM5[Action::s3:GetBucket*]',
      reason: 'The deployment handler reads bucket metadata of the asset and site buckets for the sync (CDK grant).',
    },
    {
      id: 'AwsSolutions-IAM5[Action::s3:List*]',
      reason: 'The deployment handler lists the site bucket to prune files that left the build (CDK grant).',
    },
    {
      id: 'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
      reason: 'The deployment handler prunes pages that left the build, in the site bucket only (CDK grant).',
    },
    {
      id: 'AwsSolutions-IAM5[Action::s3:Abort*]',
      reason: 'The deployment handler aborts its own failed multipart uploads to the site bucket (CDK grant).',
    },
    {
      id: `AwsSolutions-IAM5[Resource::${ref(site.bucketArn)}/*]`,
      reason: 'Every object of the site bucket is the build, which the deployment handler replaces as a whole.',
    },
    {
      id: `AwsSolutions-IAM5[Resource::${ref(build.bucket.bucketArn)}/*]`,
      reason: "The build archive's key is chosen by CDK's asset publishing; the grant is CDK's read on that bucket.",
    },
  ]);
}
