/**
 * Local account chores the helper commands share with the tests, so a test of the README's journey
 * runs the very code `npm run user:confirm` does.
 */
import {
  AdminConfirmSignUpCommand,
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';

/**
 * What entering the emailed code does on AWS (ConfirmSignUp): the sign-up is confirmed *and* the email
 * verified. AdminConfirmSignUp alone leaves `email_verified` false, so accepting an invitation would
 * then answer 403 EMAIL_NOT_VERIFIED. cognito-local resets `email_verified` when `email` is sent without
 * it, and wants `email` sent along: both go, with the address the user signed up with. Safe to repeat.
 */
export async function confirmSignUp(cognito: CognitoIdentityProviderClient, userPoolId: string, username: string): Promise<void> {
  const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
  if (user.UserStatus === 'UNCONFIRMED') {
    await cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: userPoolId, Username: username }));
  }
  const email = user.UserAttributes?.find((a) => a.Name === 'email')?.Value ?? username;
  await cognito.send(
    new AdminUpdateUserAttributesCommand({
      UserPoolId: userPoolId,
      Username: username,
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'email_verified', Value: 'true' },
      ],
    }),
  );
}
