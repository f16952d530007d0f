import {
  GetUserCommand,
  NotAuthorizedException,
  PasswordResetRequiredException,
  UserNotConfirmedException,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { UnauthorizedError } from '../errors';
import { cognitoClient } from './cognito-client';

export interface UserProfile {
  email: string;
  emailVerified: boolean;
}

/**
 * Cognito's answers meaning "this token's user may no longer act", although the token itself still
 * verifies: deleted (UserNotFound), disabled or signed out globally (NotAuthorized), and the states
 * that block sign-in. The token outlives them until it expires, so each is a 401, never a 500.
 */
export function isUserGone(err: unknown): boolean {
  return (
    err instanceof UserNotFoundException ||
    err instanceof NotAuthorizedException ||
    err instanceof UserNotConfirmedException ||
    err instanceof PasswordResetRequiredException
  );
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
    if (isUserGone(err)) throw new UnauthorizedError();
    throw err;
  }
}
