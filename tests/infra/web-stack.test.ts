/**
 * The Web stack: private bucket behind CloudFront with origin access control, the security headers
 * (the CSP as the browser receives it, with the other stacks' values filled in), the page fallback
 * function run on sample requests, caching, `/config.json` as deployed, and the sign-in URLs and CORS
 * origins that follow the console's address.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import type { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { beforeAll, describe, expect, it } from 'vitest';
import { localWebConfig } from '../../local/web';
import { buildApp } from '../../lib/app';
import { buildStageConfig } from '../../lib/stage-config';
import {
  CACHE_HASHED,
  CACHE_REVALIDATE,
  contentSecurityPolicy,
  PERMISSIONS_POLICY,
  VIEWER_REQUEST_FILE,
} from '../../lib/stacks/web-stack';
import { pageFor } from '../../web/vite.config';
import { cdkJsonContext, type Resources, resources, resourcesOfType, type SynthesizedApp, synthesize } from './support';

const REGION = 'eu-west-3';
const CONSOLE = 'https://d111111abcdef8.cloudfront.net';

let dev: SynthesizedApp;
let custom: SynthesizedApp;

beforeAll(() => {
  dev = synthesize({ stage: 'dev', account: '123456789012', region: REGION, appUrl: CONSOLE });
  custom = synthesize({
    stage: 'prod',
    webDomainName: 'app.example.com',
    webCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
  });
}, 120_000);

/**
 * Evaluates a CloudFormation expression the way CloudFormation would at deploy time, following
 * Fn::ImportValue into the exporting stack. A resource's Ref renders as `<LogicalId>`, except a user
 * pool domain's, which is its prefix.
 */
function evaluate(
  app: SynthesizedApp,
  stack: keyof SynthesizedApp & ('web' | 'api' | 'identity' | 'data'),
  node: unknown,
): unknown {
  const all = resources(app[stack]);
  const recurse = (value: unknown): unknown => evaluate(app, stack, value);
  if (typeof node !== 'object' || node === null) return node;
  if (Array.isArray(node)) return node.map(recurse);
  const [[fn, arg]] = Object.entries(node as Record<string, unknown>) as [[string, unknown]];
  switch (fn) {
    case 'Ref': {
      const pseudo: Record<string, string> = {
        'AWS::AccountId': '123456789012',
        'AWS::Region': REGION,
        'AWS::URLSuffix': 'amazonaws.com',
        'AWS::Partition': 'aws',
      };
      const name = String(arg);
      const resource = all[name];
      if (pseudo[name]) return pseudo[name];
      if (resource?.Type === 'AWS::Cognito::UserPoolDomain') return resource.Properties?.Domain;
      return `<${name}>`;
    }
    case 'Fn::GetAtt':
      return `<${(arg as string[]).join('.')}>`;
    case 'Fn::Join': {
      const [separator, parts] = arg as [string, unknown[]];
      return parts.map(recurse).join(separator);
    }
    case 'Fn::Split': {
      const [separator, source] = arg as [string, unknown];
      return String(recurse(source)).split(separator);
    }
    case 'Fn::Select': {
      const [index, list] = arg as [number | string, unknown];
      return (recurse(list) as unknown[])[Number(index)];
    }
    case 'Fn::ImportValue': {
      for (const from of ['api', 'identity', 'data'] as const) {
        const outputs = (app[from].toJSON() as { Outputs?: Record<string, { Value: unknown; Export?: { Name: string } }> })
          .Outputs;
        const output = Object.values(outputs ?? {}).find((o) => o.Export?.Name === arg);
        if (output) return evaluate(app, from, output.Value);
      }
      throw new Error(`No stack exports ${String(arg)}`);
    }
    default:
      return Object.fromEntries(Object.entries(node as Record<string, unknown>).map(([k, v]) => [k, recurse(v)]));
  }
}

function only(app: SynthesizedApp, type: string): NonNullable<Resources[string]> {
  const found = resourcesOfType(app.web, type);
  expect(found, type).toHaveLength(1);
  return (found[0] as [string, NonNullable<Resources[string]>])[1];
}

function logicalId(app: SynthesizedApp, stack: 'web' | 'api' | 'identity' | 'data', type: string): string {
  const found = resourcesOfType(app[stack], type);
  expect(found, type).toHaveLength(1);
  return (found[0] as [string, unknown])[0];
}

function distributionConfig(app: SynthesizedApp): Record<string, unknown> {
  return only(app, 'AWS::CloudFront::Distribution').Properties?.DistributionConfig as Record<string, unknown>;
}

function deployment(app: SynthesizedApp, id: 'DeployAssets' | 'DeployPages'): Record<string, unknown> {
  const found = resourcesOfType(app.web, 'Custom::CDKBucketDeployment').filter(([logical]) => logical.startsWith(id));
  expect(found).toHaveLength(1);
  return (found[0] as [string, NonNullable<Resources[string]>])[1].Properties ?? {};
}

/** The API's origin and the hosted UI's, as `evaluate` renders them. */
const apiOrigin = () => `https://<${logicalId(dev, 'api', 'AWS::ApiGateway::RestApi')}>.execute-api.${REGION}.amazonaws.com`;
const hostedUi = `https://rendezvous-dev-auth.auth.${REGION}.amazoncognito.com`;
/** The app bucket's regional endpoint (where presigned GETs point), as `evaluate` renders it. */
const filesOrigin = () => {
  const [bucket] = resourcesOfType(dev.data, 'AWS::S3::Bucket').filter(([id]) => /^Bucket[0-9A-F]{8}$/.test(id));
  if (!bucket) throw new Error('no app bucket in the data stack');
  return `https://<${bucket[0]}.RegionalDomainName>`;
};

describe('site bucket and origin access', () => {
  it('the bucket blocks public access, is encrypted, refuses plain HTTP and logs access', () => {
    const sites = resourcesOfType(dev.web, 'AWS::S3::Bucket').filter(([id]) => id.startsWith('SiteBucket'));
    expect(sites).toHaveLength(1);
    const [siteId, site] = sites[0] as [string, NonNullable<Resources[string]>];
    expect(site.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      LoggingConfiguration: {
        DestinationBucketName: { Ref: expect.stringMatching(/^LogsBucket/) },
        LogFilePrefix: 'site-bucket/',
      },
    });
    expect(site.Properties?.WebsiteConfiguration).toBeUndefined();

    const policy = resourcesOfType(dev.web, 'AWS::S3::BucketPolicy').find(
      ([, p]) => JSON.stringify(p.Properties?.Bucket) === JSON.stringify({ Ref: siteId }),
    );
    const statements = ((policy?.[1].Properties?.PolicyDocument ?? {}) as { Statement: Array<Record<string, unknown>> })
      .Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    // The only reader: CloudFront, for this distribution.
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows).toEqual([
      expect.objectContaining({
        Action: 's3:GetObject',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Condition: { StringEquals: { 'AWS:SourceArn': expect.anything() } },
      }),
    ]);
    const sourceArn = ((allows[0]?.Condition ?? {}) as { StringEquals: Record<string, unknown> }).StringEquals['AWS:SourceArn'];
    expect(evaluate(dev, 'web', sourceArn)).toBe(
      `arn:aws:cloudfront::123456789012:distribution/<${logicalId(dev, 'web', 'AWS::CloudFront::Distribution')}>`,
    );
  });

  it('CloudFront reaches the bucket through origin access control, never an origin access identity', () => {
    const oacId = logicalId(dev, 'web', 'AWS::CloudFront::OriginAccessControl');
    expect(only(dev, 'AWS::CloudFront::OriginAccessControl').Properties).toMatchObject({
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
    });
    expect(resourcesOfType(dev.web, 'AWS::CloudFront::CloudFrontOriginAccessIdentity')).toEqual([]);
    const origins = distributionConfig(dev).Origins as Array<Record<string, unknown>>;
    expect(origins).toHaveLength(1);
    expect(origins[0]).toMatchObject({
      DomainName: { 'Fn::GetAtt': [expect.stringMatching(/^SiteBucket/), 'RegionalDomainName'] },
      OriginAccessControlId: { 'Fn::GetAtt': [oacId, 'Id'] },
      S3OriginConfig: { OriginAccessIdentity: '' },
    });
  });

  it('serves HTTPS only and logs to the log bucket; no error response turns a missing file into a page', () => {
    const config = distributionConfig(dev);
    expect(config).toMatchObject({
      DefaultCacheBehavior: { ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'], Compress: true },
      Logging: { Bucket: { 'Fn::GetAtt': [expect.stringMatching(/^LogsBucket/), 'RegionalDomainName'] } },
    });
    expect(config.CustomErrorResponses).toBeUndefined();
  });
});

describe('security headers', () => {
  function headers(app: SynthesizedApp): Record<string, unknown> {
    return evaluate(
      app,
      'web',
      only(app, 'AWS::CloudFront::ResponseHeadersPolicy').Properties?.ResponseHeadersPolicyConfig,
    ) as Record<string, unknown>;
  }

  it('the Content-Security-Policy allows only this origin, the API, the hosted UI and (images) the app bucket', () => {
    const csp = (
      headers(dev).SecurityHeadersConfig as { ContentSecurityPolicy: { ContentSecurityPolicy: string; Override: boolean } }
    ).ContentSecurityPolicy;
    expect(csp.Override).toBe(true);
    expect(csp.ContentSecurityPolicy).toBe(
      `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' ${apiOrigin()} ${filesOrigin()}; font-src 'self'; ` +
        `connect-src 'self' ${apiOrigin()} ${hostedUi}; manifest-src 'self'; base-uri 'none'; ` +
        "form-action 'self'; frame-ancestors 'none'; object-src 'none'; upgrade-insecure-requests",
    );
    expect(csp.ContentSecurityPolicy).toBe(contentSecurityPolicy({ api: apiOrigin(), hostedUi, files: filesOrigin() }));
    // The API origin is the API's own invoke URL without its stage path.
    const apiUrl = evaluate(
      dev,
      'api',
      Object.values((dev.api.toJSON() as { Outputs: Record<string, { Value: unknown }> }).Outputs).find((o) =>
        JSON.stringify(o.Value).includes('execute-api'),
      )?.Value,
    );
    expect(String(apiUrl).startsWith(`${apiOrigin()}/`)).toBe(true);
  });

  it('sends HSTS, nosniff, no referrer, DENY framing and a Permissions-Policy, overriding the origin', () => {
    const config = headers(dev);
    expect(config.SecurityHeadersConfig).toMatchObject({
      StrictTransportSecurity: { AccessControlMaxAgeSec: 63_072_000, IncludeSubdomains: true, Override: true },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
      XSSProtection: { Protection: false, Override: true },
    });
    expect((config.CustomHeadersConfig as { Items: unknown[] }).Items).toEqual(
      expect.arrayContaining([
        { Header: 'Permissions-Policy', Value: PERMISSIONS_POLICY, Override: true },
        { Header: 'Cross-Origin-Opener-Policy', Value: 'same-origin', Override: true },
      ]),
    );
    expect(PERMISSIONS_POLICY).toMatch(/camera=\(\)/);
    expect((distributionConfig(dev).DefaultCacheBehavior as Record<string, unknown>).ResponseHeadersPolicyId).toEqual({
      Ref: logicalId(dev, 'web', 'AWS::CloudFront::ResponseHeadersPolicy'),
    });
  });
});

describe('page fallback (CloudFront Function)', () => {
  const code = readFileSync(VIEWER_REQUEST_FILE, 'utf8');
  /** Runs the function as CloudFront does: a fresh global scope, `handler(event)` answering the request. */
  const rewrite = (uri: string): string => {
    const event = {
      version: '1.0',
      context: { eventType: 'viewer-request' },
      request: { method: 'GET', uri, querystring: {}, headers: {} },
    };
    const request = runInNewContext(`${code}\nhandler(event);`, { event }) as { uri: string };
    return request.uri;
  };

  it('is the deployed code, a cloudfront-js-2.0 viewer-request function of the default behaviour', () => {
    const fn = only(dev, 'AWS::CloudFront::Function');
    expect(fn.Properties).toMatchObject({
      FunctionCode: code,
      FunctionConfig: { Runtime: 'cloudfront-js-2.0' },
      AutoPublish: true,
    });
    expect((distributionConfig(dev).DefaultCacheBehavior as Record<string, unknown>).FunctionAssociations).toEqual([
      {
        EventType: 'viewer-request',
        FunctionARN: { 'Fn::GetAtt': [logicalId(dev, 'web', 'AWS::CloudFront::Function'), 'FunctionARN'] },
      },
    ]);
  });

  const cases: Array<[string, string]> = [
    ['/book/demo-salon', '/book.html'],
    ['/book/demo-salon/bookings/01JABCDEF/confirm', '/book.html'],
    ['/book/salon.with.dots', '/book.html'],
    ['/book', '/book.html'],
    ['/', '/index.html'],
    ['/callback', '/index.html'],
    ['/tenants/01JABCDEF/calendar', '/index.html'],
    ['/invitations/01JABCDEF', '/index.html'],
    ['/bookings', '/index.html'],
    ['/assets/console-BZ0ERabH.js', '/assets/console-BZ0ERabH.js'],
    ['/assets/time-Brby-3sV.css', '/assets/time-Brby-3sV.css'],
    ['/config.json', '/config.json'],
    ['/index.html', '/index.html'],
    ['/book.html', '/book.html'],
    ['/favicon.ico', '/favicon.ico'],
  ];
  it.each(cases)('%s → %s', (uri, expected) => {
    expect(rewrite(uri)).toBe(expected);
  });

  it("agrees with the dev server's fallback (web/vite.config.ts) on every sample", () => {
    for (const [uri] of cases) expect(rewrite(uri), uri).toBe(pageFor(uri) ?? uri);
  });
});

describe('deployment of the build', () => {
  it('hashed assets are cached a year and kept; pages and config.json revalidate and are pruned, after the assets', () => {
    expect(deployment(dev, 'DeployAssets')).toMatchObject({
      Include: ['assets/*'],
      Exclude: ['*'],
      SystemMetadata: { 'cache-control': CACHE_HASHED },
      Prune: false,
    });
    expect(CACHE_HASHED).toBe('public, max-age=31536000, immutable');
    expect(deployment(dev, 'DeployPages')).toMatchObject({
      Exclude: ['assets/*'],
      SystemMetadata: { 'cache-control': CACHE_REVALIDATE },
      Prune: true,
    });
    expect(CACHE_REVALIDATE).toBe('no-cache');
    const pages = resourcesOfType(dev.web, 'Custom::CDKBucketDeployment').find(([id]) => id.startsWith('DeployPages'));
    expect(pages?.[1].DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^DeployAssetsCustomResource/)]));
    // The CDN keeps what the objects say: no minimum TTL holds a page past its no-cache.
    expect(only(dev, 'AWS::CloudFront::CachePolicy').Properties).toMatchObject({ CachePolicyConfig: { MinTTL: 0 } });
  });

  it('config.json holds the API URL and the user pool client, in the shape the page reads locally', () => {
    const props = deployment(dev, 'DeployPages') as { SourceObjectKeys: string[]; SourceMarkers: Array<Record<string, unknown>> };
    const key = props.SourceObjectKeys[1] as string;
    const dir = join(dev.app.synth().directory, `asset.${key.replace(/\.zip$/, '')}`);
    expect(readdirSync(dir)).toEqual(['config.json']);
    let text = readFileSync(join(dir, 'config.json'), 'utf8');
    for (const [marker, expression] of Object.entries(props.SourceMarkers[1] ?? {})) {
      text = text.split(marker).join(JSON.stringify(evaluate(dev, 'web', expression)).slice(1, -1));
    }
    const config = JSON.parse(text) as unknown;

    const pool = logicalId(dev, 'identity', 'AWS::Cognito::UserPool');
    const client = logicalId(dev, 'identity', 'AWS::Cognito::UserPoolClient');
    const stage = logicalId(dev, 'api', 'AWS::ApiGateway::Stage');
    expect(config).toEqual({
      apiUrl: `${apiOrigin()}/<${stage}>/`,
      auth: {
        authority: `https://cognito-idp.${REGION}.amazonaws.com/<${pool}>`,
        clientId: `<${client}>`,
        authorizationEndpoint: `${hostedUi}/oauth2/authorize`,
        tokenEndpoint: `${hostedUi}/oauth2/token`,
        logoutEndpoint: `${hostedUi}/logout`,
      },
    });
    // Same keys as the file local/web.ts serves, plus Cognito's /logout (cognito-local has none).
    const local = localWebConfig('http://localhost:3000', 'http://localhost:9229', 'http://localhost:9229/pool', 'client');
    expect(Object.keys(config as object)).toEqual(Object.keys(local));
    expect(Object.keys((config as { auth: object }).auth)).toEqual([...Object.keys(local.auth), 'logoutEndpoint']);
  });
});

describe("the console's address", () => {
  function appClient(app: SynthesizedApp): Record<string, unknown> {
    return resourcesOfType(app.identity, 'AWS::Cognito::UserPoolClient')[0]?.[1].Properties ?? {};
  }

  it('is in the app client callback and logout URLs, the API CORS allow-list and APP_URL', () => {
    expect(appClient(dev)).toMatchObject({
      CallbackURLs: [`${CONSOLE}/callback`, 'http://localhost:5173/callback'],
      LogoutURLs: [`${CONSOLE}/`, 'http://localhost:5173/'],
    });
    expect(dev.config.corsOrigins).toContain(CONSOLE);
    // The preflight answers and the functions' allow-list both name it.
    expect(JSON.stringify(dev.api.toJSON())).toContain(CONSOLE);
    const fn = resourcesOfType(dev.api, 'AWS::Lambda::Function').find(([, r]) =>
      JSON.stringify(r.Properties).includes('APP_URL'),
    );
    expect(JSON.stringify(fn?.[1].Properties)).toContain(`"APP_URL":"${CONSOLE}"`);
  });

  it('a custom domain: alias, its us-east-1 certificate with TLS 1.2, and the sign-in URLs on it', () => {
    expect(distributionConfig(custom)).toMatchObject({
      Aliases: ['app.example.com'],
      ViewerCertificate: {
        AcmCertificateArn: expect.stringMatching(/^arn:aws:acm:us-east-1:/),
        MinimumProtocolVersion: 'TLSv1.2_2021',
        SslSupportMethod: 'sni-only',
      },
    });
    expect(custom.config.appUrl).toBe('https://app.example.com');
    expect(appClient(custom)).toMatchObject({
      CallbackURLs: ['https://app.example.com/callback'],
      LogoutURLs: ['https://app.example.com/'],
    });
    expect(custom.config.auth.placeholderCallbackUrls).toBe(false);
    Annotations.fromStack(custom.stacks.web).hasNoWarning('*', Match.anyValue());
  });

  it('without a known address, synth warns that appUrl must be set after the first deploy', () => {
    const fresh = synthesize({ stage: 'dev' });
    Annotations.fromStack(fresh.stacks.web).hasWarning('*', Match.stringLikeRegexp('deploy again with -c appUrl='));
    Annotations.fromStack(dev.stacks.web).hasNoWarning('*', Match.anyValue());
  });

  it('the Web stack reads the Identity and Api stacks, which never depend on it (no cycle)', () => {
    const { web, identity, api, data } = dev.stacks;
    expect(web.dependencies).toEqual(expect.arrayContaining([identity, api]));
    for (const other of [identity, api, data, dev.stacks.notifications]) expect(other.dependencies).not.toContain(web);
  });
});

describe('the build during synth', () => {
  it('cdk synth builds web/ itself: both pages, hashed assets, no inline script or style, no manifest', () => {
    const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': ['Rendezvous-dev-Web'] } });
    const stacks = buildApp(app, buildStageConfig({ stage: 'dev' }));
    const assembly = app.synth();
    const build = stacks.web.node.findChild('Build') as Asset;
    const dir = join(assembly.directory, build.assetPath);
    const files = readdirSync(dir, { recursive: true }).map(String).sort();
    expect(files).toEqual(expect.arrayContaining(['book.html', 'index.html', 'assets']));
    expect(files.filter((f) => f.startsWith('assets/') && f.endsWith('.js')).length).toBeGreaterThan(1);
    expect(files.some((f) => f.startsWith('.vite'))).toBe(false);
    for (const page of ['index.html', 'book.html']) {
      const html = readFileSync(join(dir, page), 'utf8');
      // script-src/style-src 'self': every script and style must be a file.
      expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
      expect(html).not.toMatch(/<style|\sstyle=/);
    }
    const pages = resourcesOfType(Template.fromStack(stacks.web), 'Custom::CDKBucketDeployment');
    expect(JSON.stringify(pages)).toContain(`${build.assetHash}.zip`);
  }, 120_000);
});
