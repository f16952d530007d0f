import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { awsConfig, identityConfig } from '../config';

let client: CognitoIdentityProviderClient | undefined;

export function cognitoClient(): CognitoIdentityProviderClient {
  if (!client) {
    const { endpoint } = identityConfig();
    client = new CognitoIdentityProviderClient({ region: awsConfig().region, ...(endpoint ? { endpoint } : {}) });
  }
  return client;
}
