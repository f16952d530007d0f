/**
 * Sign-in with the authorization code flow and PKCE (S256) through the user pool's hosted UI
 * (cognito-local's `/oauth2/authorize` locally). Tokens stay in sessionStorage (gone with the tab);
 * the refresh token renews the access token; when that fails, the user signs in again and comes back
 * to the page they were on (carried in the OAuth `state`).
 */
import { User, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { WebConfig } from '../shared/config';

export const CALLBACK_PATH = '/callback';

interface ReturnState {
  returnTo: string;
}

export class Session {
  readonly manager: UserManager;

  constructor(private readonly config: WebConfig) {
    const { auth } = config;
    const origin = window.location.origin;
    this.manager = new UserManager({
      authority: auth.authority,
      client_id: auth.clientId,
      redirect_uri: `${origin}${CALLBACK_PATH}`,
      post_logout_redirect_uri: `${origin}/`,
      response_type: 'code',
      scope: 'openid email',
      loadUserInfo: false,
      // Renewed on demand by refresh() below, not by the library's timer.
      automaticSilentRenew: false,
      userStore: new WebStorageStateStore({ store: window.sessionStorage }),
      metadata: {
        issuer: auth.authority,
        authorization_endpoint: auth.authorizationEndpoint,
        token_endpoint: auth.tokenEndpoint,
        jwks_uri: `${auth.authority}/.well-known/jwks.json`,
        ...(auth.logoutEndpoint ? { end_session_endpoint: auth.logoutEndpoint } : {}),
      },
    });
  }

  /** Sends the browser to the hosted UI; it comes back to `returnTo` once signed in. */
  async signIn(returnTo = currentPage()): Promise<never> {
    await this.manager.signinRedirect({ state: { returnTo } satisfies ReturnState });
    return new Promise<never>(() => undefined);
  }

  /** Finishes the redirect from the hosted UI; answers the page to return to. */
  async completeSignIn(): Promise<string> {
    const user = await this.manager.signinRedirectCallback();
    const state = user.state as Partial<ReturnState> | undefined;
    return typeof state?.returnTo === 'string' && state.returnTo.startsWith('/') ? state.returnTo : '/';
  }

  /** A signed-in user with a live access token (renewed when it has expired), or undefined. */
  async user(): Promise<User | undefined> {
    const user = await this.manager.getUser();
    if (!user) return undefined;
    if (!user.expired) return user;
    if (!user.refresh_token) return undefined;
    const renewed = await this.refresh(user).catch(() => undefined);
    if (!renewed) await this.manager.removeUser();
    return renewed;
  }

  /**
   * A plain refresh_token grant at the token endpoint (Cognito and cognito-local both answer it). Not
   * the library's signinSilent: it holds the new ID token's auth_time to the first one, and
   * cognito-local stamps a new one, so every local renewal would fail. The ID token's claims are kept.
   */
  private async refresh(user: User): Promise<User | undefined> {
    const body = new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: this.config.auth.clientId,
      refresh_token: user.refresh_token ?? '',
    });
    const res = await fetch(this.config.auth.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    if (!res.ok) return undefined;
    const tokens = (await res.json()) as { access_token?: unknown; expires_in?: unknown };
    if (typeof tokens.access_token !== 'string') return undefined;
    const lifetime = typeof tokens.expires_in === 'number' ? tokens.expires_in : 3600;
    const renewed = new User({
      id_token: user.id_token,
      session_state: user.session_state,
      access_token: tokens.access_token,
      refresh_token: user.refresh_token,
      token_type: user.token_type,
      scope: user.scope,
      profile: user.profile,
      expires_at: Math.floor(Date.now() / 1000) + lifetime,
    });
    await this.manager.storeUser(renewed);
    return renewed;
  }

  async accessToken(): Promise<string | undefined> {
    return (await this.user())?.access_token;
  }

  async signOut(): Promise<void> {
    await this.manager.removeUser();
    if (this.config.auth.logoutEndpoint) {
      // Cognito's /logout takes client_id and logout_uri rather than the OIDC parameters.
      const url = new URL(this.config.auth.logoutEndpoint);
      url.searchParams.set('client_id', this.config.auth.clientId);
      url.searchParams.set('logout_uri', `${window.location.origin}/`);
      window.location.assign(url.toString());
      return;
    }
    window.location.assign('/');
  }
}

export function currentPage(): string {
  return `${window.location.pathname}${window.location.search}`;
}
