/**
 * What the page needs to know about its deployment, read once from `/config.json`: written at deploy
 * time on AWS and served by the local web server (local/web.ts) here, so one build runs anywhere.
 */
export interface WebConfig {
  apiUrl: string;
  /** OAuth 2 endpoints of the user pool (cognito-local's discovery document lacks them: named explicitly). */
  auth: {
    authority: string;
    clientId: string;
    authorizationEndpoint: string;
    tokenEndpoint: string;
    /** Cognito's `/logout`; absent locally (cognito-local has none), so sign-out only forgets the tokens. */
    logoutEndpoint?: string;
  };
}

let loaded: Promise<WebConfig> | undefined;

export function webConfig(): Promise<WebConfig> {
  loaded ??= fetch('/config.json').then(async (res) => {
    if (!res.ok) throw new Error(`config.json answered ${res.status}`);
    return (await res.json()) as WebConfig;
  });
  return loaded;
}
