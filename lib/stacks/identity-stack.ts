/**
 * Who the users are: the Cognito user pool, its hosted UI domain and the web app client. Tenancy is not
 * here: memberships live in the table, so no token claim about a tenant is something a user can write.
 */
import { Annotations, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
  VerificationEmailStyle,
} from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import { acknowledge } from '../nag';
import type { StageConfig } from '../stage-config';

export interface IdentityStackProps extends StackProps {
  readonly config: StageConfig;
}

/** Standard attributes the app client may write; no custom attribute exists, so none is writable. */
export const CLIENT_WRITABLE_ATTRIBUTES = { email: true, givenName: true, familyName: true, locale: true } as const;

/** Lifetimes of the web client's tokens (README, "Sign-in and tokens"). */
export const TOKEN_VALIDITY = {
  access: Duration.minutes(15),
  id: Duration.minutes(15),
  refresh: Duration.days(30),
} as const;

export class IdentityStack extends Stack {
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly domain: UserPoolDomain;

  constructor(scope: Construct, id: string, props: IdentityStackProps) {
    super(scope, id, props);
    const { config } = props;
    const { auth } = config;

    this.userPool = new UserPool(this, 'UserPool', {
      signInAliases: { email: true },
      signInCaseSensitive: false,
      selfSignUpEnabled: true,
      autoVerify: { email: true },
      userVerification: { emailStyle: VerificationEmailStyle.CODE },
      // A changed email only replaces the old one once the new one is verified.
      keepOriginal: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        givenName: { required: false, mutable: true },
        familyName: { required: false, mutable: true },
        locale: { required: false, mutable: true },
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 5,
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: auth.threatProtection ? FeaturePlan.PLUS : FeaturePlan.ESSENTIALS,
      ...(auth.threatProtection ? { standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION } : {}),
      deletionProtection: config.retainData,
      removalPolicy: config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    acknowledge(
      this.userPool,
      'AwsSolutions-COG2',
      'Salon owners and staff sign themselves up; MFA is optional (TOTP only, no SMS) so self sign-up is not ' +
        'blocked, and every user can turn it on.',
    );
    if (!auth.threatProtection) {
      acknowledge(
        this.userPool,
        'AwsSolutions-COG8',
        `The ${config.stage} pool holds test users only; the Plus tier (threat protection) is enabled for prod.`,
      );
    }

    this.domain = this.userPool.addDomain('HostedUi', { cognitoDomain: { domainPrefix: auth.domainPrefix } });

    this.userPoolClient = this.userPool.addClient('WebClient', {
      // A browser app cannot keep a secret: authorization code + PKCE.
      generateSecret: false,
      authFlows: { userSrp: true, userPassword: auth.allowPasswordAuth },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [...auth.callbackUrls],
        logoutUrls: [...auth.logoutUrls],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      // A deleted or disabled user's tokens still verify until they expire, and the authorizer checks
      // signatures only: short access and ID tokens bound that window. Refresh tokens die with the user
      // (and on sign-out, revocation), so they can stay long and keep people signed in.
      enableTokenRevocation: true,
      accessTokenValidity: TOKEN_VALIDITY.access,
      idTokenValidity: TOKEN_VALIDITY.id,
      refreshTokenValidity: TOKEN_VALIDITY.refresh,
      readAttributes: new ClientAttributes().withStandardAttributes({ ...CLIENT_WRITABLE_ATTRIBUTES, emailVerified: true }),
      writeAttributes: new ClientAttributes().withStandardAttributes(CLIENT_WRITABLE_ATTRIBUTES),
    });

    if (auth.placeholderCallbackUrls) {
      Annotations.of(this).addWarningV2(
        'rendezvous:placeholderCallbackUrls',
        `No callbackUrls for ${config.stage}: the app client uses ${auth.callbackUrls.join(', ')}. ` +
          "Pass the console's address before deploying: -c appUrl=https://<console>, a custom domain " +
          '(-c webDomainName=... -c webCertificateArn=...) or -c callbackUrls=https://<console>/callback.',
      );
    }

    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'HostedUiDomain', { value: this.domain.baseUrl() });
  }
}
