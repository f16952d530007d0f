/**
 * Cognito's answers for a token whose user may no longer act (AWS errors the local emulator does not
 * give: it never checks that a user is enabled) become 401; anything else stays a failure of ours.
 */
import {
  CognitoIdentityProviderClient,
  GetUserCommand,
  InternalErrorException,
  NotAuthorizedException,
  PasswordResetRequiredException,
  UserNotConfirmedException,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UnauthorizedError } from '../../../functions/shared/errors';

const cognito = mockClient(CognitoIdentityProviderClient);
const meta = { $metadata: {} };
let currentUserProfile: typeof import('../../../functions/shared/identity/current-user').currentUserProfile;

beforeAll(async () => {
  process.env.AWS_REGION ??= 'eu-west-3';
  ({ currentUserProfile } = await import('../../../functions/shared/identity/current-user'));
});
beforeEach(() => cognito.reset());

describe('currentUserProfile', () => {
  it('reads email and its verification from Cognito', async () => {
    cognito.on(GetUserCommand, { AccessToken: 'token' }).resolves({
      Username: 'u',
      UserAttributes: [
        { Name: 'email', Value: 'a@example.test' },
        { Name: 'email_verified', Value: 'true' },
      ],
    });
    expect(await currentUserProfile('token')).toEqual({ email: 'a@example.test', emailVerified: true });
  });

  it.each([
    ['deleted', new UserNotFoundException({ message: 'User does not exist.', ...meta })],
    ['disabled', new NotAuthorizedException({ message: 'User is disabled.', ...meta })],
    ['signed out everywhere', new NotAuthorizedException({ message: 'Access Token has been revoked', ...meta })],
    ['unconfirmed', new UserNotConfirmedException({ message: 'User is not confirmed.', ...meta })],
    ['told to reset their password', new PasswordResetRequiredException({ message: 'Password reset required.', ...meta })],
  ])('answers 401 for a user who was %s', async (_state, error) => {
    cognito.on(GetUserCommand).rejects(error);
    await expect(currentUserProfile('token')).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('lets a Cognito outage through as our failure (500), not as the caller being signed out', async () => {
    cognito.on(GetUserCommand).rejects(new InternalErrorException({ message: 'boom', ...meta }));
    await expect(currentUserProfile('token')).rejects.toBeInstanceOf(InternalErrorException);
  });
});
