import { GetUserCommand, NotAuthorizedException } from '@aws-sdk/client-cognito-identity-provider';
import { UnauthorizedError } from '../errors';
import { cognitoClient } from './cognito-client';

export interface UserProfile {
  email: string;
  emailVerified: boolean;
}

/**
 * The caller's profile straight from Cognito, using their own (already verified) access token.
 * Access tokens carry no email, and attributes are read here rather than from claims a UI may shape.
 */
export async function currentUserProfile(accessToken: string): Promise<UserProfile> {
  try {
    const out = await cognitoClient().send(new GetUserCommand({ AccessToken: accessToken }));
    const attr = (name: string) => out.UserAttributes?.find((a) => a.Name === name)?.Value;
    return { email: attr('email') ?? '', emailVerified: attr('email_verified') === 'true' };
  } catch (err) {
    // A token revoked (global sign-out) since the authorizer cached its decision.
    if (err instanceof NotAuthorizedException) throw new UnauthorizedError();
    throw err;
  }
}
