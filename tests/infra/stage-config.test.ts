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

  it.each([
    [{ stage: 'staging' }, /Unknown stage/],
    [{ authDomainPrefix: 'Has_Capitals' }, /authDomainPrefix/],
    [{ authDomainPrefix: 'my-cognito-login' }, /may not contain/],
    [{ callbackUrls: 'http://app.example.com/callback' }, /must use https/],
    [{ callbackUrls: 'not a url' }, /not a URL/],
  ])('rejects %j', (inputs, message) => {
    expect(() => buildStageConfig(inputs)).toThrow(message);
  });
});
