import { describe, expect, it } from 'vitest';
import { buildStageConfig } from '../../lib/stage-config';

describe('stage config', () => {
  it('defaults to dev: disposable data, local callback, password auth for scripts, no threat protection', () => {
    const config = buildStageConfig();
    expect(config).toMatchObject({
      stage: 'dev',
      stackPrefix: 'Rendezvous-dev',
      retainData: false,
      appUrl: 'http://localhost:5173',
      auth: {
        domainPrefix: 'rendezvous-dev-auth',
        callbackUrls: ['http://localhost:5173/callback'],
        logoutUrls: ['http://localhost:5173/'],
        allowPasswordAuth: true,
        threatProtection: false,
        placeholderCallbackUrls: false,
      },
    });
  });

  it('prod retains data, enforces threat protection and never allows password auth', () => {
    const config = buildStageConfig({ stage: 'prod', callbackUrls: 'https://app.example.com/callback' });
    expect(config).toMatchObject({
      stage: 'prod',
      retainData: true,
      appUrl: 'https://app.example.com',
      auth: { allowPasswordAuth: false, threatProtection: true, placeholderCallbackUrls: false },
    });
  });

  it('marks prod callback URLs as a placeholder when none are given', () => {
    expect(buildStageConfig({ stage: 'prod' }).auth.placeholderCallbackUrls).toBe(true);
  });

  it('keeps the authorizer cache within 300 s', () => {
    for (const stage of ['dev', 'prod']) {
      const ttl = buildStageConfig({ stage }).api.authorizerCacheTtlSeconds;
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(300);
    }
  });

  it('accepts lists as comma-separated strings or arrays', () => {
    const urls = ['https://a.example.com/cb', 'https://b.example.com/cb'];
    expect(buildStageConfig({ callbackUrls: urls.join(',') }).auth.callbackUrls).toEqual(urls);
    expect(buildStageConfig({ callbackUrls: urls }).auth.callbackUrls).toEqual(urls);
  });

  it("derives the callback and logout URLs and the CORS origins from the console's address (appUrl)", () => {
    const config = buildStageConfig({ stage: 'dev', appUrl: 'https://d111111abcdef8.cloudfront.net' });
    expect(config.appUrl).toBe('https://d111111abcdef8.cloudfront.net');
    expect(config.auth.callbackUrls).toEqual([
      'https://d111111abcdef8.cloudfront.net/callback',
      'http://localhost:5173/callback',
    ]);
    expect(config.auth.logoutUrls).toEqual(['https://d111111abcdef8.cloudfront.net/', 'http://localhost:5173/']);
    expect(config.corsOrigins).toEqual(['https://d111111abcdef8.cloudfront.net', 'http://localhost:5173']);
    // prod: the console only, and no placeholder once its address is known.
    const prod = buildStageConfig({ stage: 'prod', appUrl: 'https://d111111abcdef8.cloudfront.net' });
    expect(prod.auth.callbackUrls).toEqual(['https://d111111abcdef8.cloudfront.net/callback']);
    expect(prod.corsOrigins).toEqual(['https://d111111abcdef8.cloudfront.net']);
    expect(prod.auth.placeholderCallbackUrls).toBe(false);
  });

  it('a custom console domain sets appUrl; given callback URLs are kept as they are', () => {
    const certificateArn = 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
    const config = buildStageConfig({ stage: 'prod', webDomainName: 'app.example.com', webCertificateArn: certificateArn });
    expect(config).toMatchObject({
      appUrl: 'https://app.example.com',
      web: { domainName: 'app.example.com', certificateArn },
      auth: { callbackUrls: ['https://app.example.com/callback'], placeholderCallbackUrls: false },
    });
    const given = buildStageConfig({
      stage: 'prod',
      appUrl: 'https://app.example.com',
      callbackUrls: 'https://app.example.com/cb',
    });
    expect(given.auth.callbackUrls).toEqual(['https://app.example.com/cb']);
    expect(buildStageConfig().web).toEqual({ domainName: undefined, certificateArn: undefined });
  });

  it.each([
    [{ webDomainName: 'app.example.com' }, /go together/],
    [
      { webDomainName: 'App.Example.com', webCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' },
      /lowercase host/,
    ],
    [{ webDomainName: 'app.example.com', webCertificateArn: 'arn:aws:acm:eu-west-3:123456789012:certificate/abc' }, /us-east-1/],
    [
      {
        webDomainName: 'app.example.com',
        webCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
        appUrl: 'https://www.example.com',
      },
      /must be on webDomainName/,
    ],
    [{ stage: 'staging' }, /Unknown stage/],
    [{ authDomainPrefix: 'Has_Capitals' }, /authDomainPrefix/],
    [{ authDomainPrefix: 'my-cognito-login' }, /may not contain/],
    [{ callbackUrls: 'http://app.example.com/callback' }, /must use https/],
    [{ callbackUrls: 'not a url' }, /not a URL/],
  ])('rejects %j', (inputs, message) => {
    expect(() => buildStageConfig(inputs)).toThrow(message);
  });
});
