import { beforeAll, describe, expect, it } from 'vitest';
import { resourcesOfType, type SynthesizedApp, synthesize } from './support';

let dev: SynthesizedApp;
let prod: SynthesizedApp;

beforeAll(() => {
  dev = synthesize({ stage: 'dev' });
  prod = synthesize({
    stage: 'prod',
    authDomainPrefix: 'salon-login-prod',
    callbackUrls: 'https://app.example.com/callback,https://www.example.com/callback',
  });
}, 60_000);

function userPool(app: SynthesizedApp): Record<string, unknown> {
  const pools = resourcesOfType(app.identity, 'AWS::Cognito::UserPool');
  expect(pools).toHaveLength(1);
  return pools[0]?.[1].Properties ?? {};
}

function client(app: SynthesizedApp): Record<string, unknown> {
  const clients = resourcesOfType(app.identity, 'AWS::Cognito::UserPoolClient');
  expect(clients).toHaveLength(1);
  return clients[0]?.[1].Properties ?? {};
}

describe('user pool', () => {
  it('signs in by email, with self sign-up and email verification', () => {
    expect(userPool(dev)).toMatchObject({
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
      UsernameConfiguration: { CaseSensitive: false },
    });
  });

  it('requires a strong password', () => {
    expect(userPool(dev)).toMatchObject({
      Policies: {
        PasswordPolicy: {
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
    });
  });

  it('has no custom attribute, so no tenant claim a user could write', () => {
    const schema = (userPool(dev).Schema ?? []) as Array<{ Name: string }>;
    const standard = new Set(['email', 'given_name', 'family_name', 'locale']);
    for (const attribute of schema) expect(standard.has(attribute.Name), attribute.Name).toBe(true);
    expect(JSON.stringify(schema)).not.toMatch(/tenant/i);
  });

  it('has threat protection on the Plus tier in prod, and is retained there', () => {
    expect(userPool(prod)).toMatchObject({
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      DeletionProtection: 'ACTIVE',
    });
    prod.identity.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Retain' });
    expect(userPool(dev).UserPoolTier).toBe('ESSENTIALS');
  });

  it('has a hosted UI domain with the configured prefix', () => {
    dev.identity.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'rendezvous-dev-auth' });
    prod.identity.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'salon-login-prod' });
  });
});

describe('app client', () => {
  it('uses the authorization code grant without a client secret (PKCE)', () => {
    expect(client(dev)).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: expect.arrayContaining(['openid', 'email', 'profile']),
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
    });
  });

  it('issues 15-minute access and ID tokens, 30-day refresh tokens, and can revoke them', () => {
    for (const app of [dev, prod]) {
      expect(client(app)).toMatchObject({
        AccessTokenValidity: 15,
        IdTokenValidity: 15,
        RefreshTokenValidity: 30 * 24 * 60,
        TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
        EnableTokenRevocation: true,
      });
    }
  });

  it('takes callback and logout URLs from the stage config', () => {
    expect(client(dev)).toMatchObject({
      CallbackURLs: ['http://localhost:5173/callback'],
      LogoutURLs: ['http://localhost:5173/'],
    });
    expect(client(prod)).toMatchObject({
      CallbackURLs: ['https://app.example.com/callback', 'https://www.example.com/callback'],
      LogoutURLs: ['https://app.example.com/', 'https://www.example.com/'],
    });
  });

  it('allows SRP and refresh everywhere, USER_PASSWORD_AUTH in dev only', () => {
    expect(client(dev).ExplicitAuthFlows).toEqual(
      expect.arrayContaining(['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_PASSWORD_AUTH']),
    );
    expect(client(prod).ExplicitAuthFlows).toEqual(expect.arrayContaining(['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']));
    expect(client(prod).ExplicitAuthFlows).not.toContain('ALLOW_USER_PASSWORD_AUTH');
  });

  it('may write standard attributes only', () => {
    const writable = client(dev).WriteAttributes as string[];
    expect(writable).toContain('email');
    expect(writable.filter((a) => a.startsWith('custom:'))).toEqual([]);
  });
});

describe('outputs', () => {
  it('give pool id, client id and hosted UI domain', () => {
    dev.identity.hasOutput('UserPoolId', {});
    dev.identity.hasOutput('UserPoolClientId', {});
    dev.identity.hasOutput('HostedUiDomain', {});
  });
});
