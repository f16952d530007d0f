/**
 * The Cognito user pool as a directory of people: find a user by email, or create one for an
 * invitation (Cognito emails them a temporary password; our invitation email carries the accept link),
 * and delete one who deletes their account.
 */
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { userPoolConfig } from '../config';
import { cognitoClient } from './cognito-client';

const subOf = (attributes: Array<{ Name?: string; Value?: string }> | undefined) =>
  attributes?.find((a) => a.Name === 'sub')?.Value;

export async function findOrCreateUserByEmail(email: string): Promise<{ userId: string; created: boolean }> {
  const { userPoolId } = userPoolConfig();
  try {
    const found = await cognitoClient().send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: email }));
    const sub = subOf(found.UserAttributes);
    if (sub) return { userId: sub, created: false };
  } catch (err) {
    if (!(err instanceof UserNotFoundException)) throw err;
  }
  const created = await cognitoClient().send(
    new AdminCreateUserCommand({
      UserPoolId: userPoolId,
      Username: email,
      // Verified because the temporary password only ever reaches this address.
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'email_verified', Value: 'true' },
      ],
      DesiredDeliveryMediums: ['EMAIL'],
    }),
  );
  const sub = subOf(created.User?.Attributes);
  if (!sub) throw new Error('Cognito created a user without a subject');
  return { userId: sub, created: true };
}

/**
 * Deletes a user by their subject (the pool's username for sign-in by email). A user already gone is
 * done: a second `DELETE /v1/me` racing the first must not fail.
 */
export async function deleteUserById(userId: string): Promise<void> {
  try {
    await cognitoClient().send(new AdminDeleteUserCommand({ UserPoolId: userPoolConfig().userPoolId, Username: userId }));
  } catch (err) {
    if (!(err instanceof UserNotFoundException)) throw err;
  }
}
