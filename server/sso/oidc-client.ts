import * as client from 'openid-client';
import type { OidcSettings } from '../deploy/config.ts';

/**
 * The OpenID Connect relying party, through openid-client: Authorization Code with PKCE (S256),
 * `state` and `nonce`, the ID token's signature, issuer, audience, expiry and nonce checked by
 * the library.
 */
export interface LoginAttempt {
  codeVerifier: string;
  state: string;
  nonce: string;
  redirectUri: string;
}

export class OidcClient {
  private configuration: Promise<client.Configuration> | null = null;
  private readonly settings: OidcSettings;

  constructor(settings: OidcSettings) {
    this.settings = settings;
  }

  /** The provider's metadata, fetched on first use (and again after a failure). */
  private config(): Promise<client.Configuration> {
    this.configuration ??= this.discover().catch((error: unknown) => {
      this.configuration = null;
      throw new Error(
        `cannot reach the OpenID provider ${this.settings.issuer}: ${(error as Error).message}`,
        { cause: error },
      );
    });
    return this.configuration;
  }

  private async discover(): Promise<client.Configuration> {
    const issuer = new URL(this.settings.issuer);
    const secretEnv = this.settings.clientSecretEnv;
    const secret = secretEnv ? process.env[secretEnv] : undefined;
    if (secretEnv && !secret) throw new Error(`the environment variable ${secretEnv} is not set`);
    // Plain http only to a provider on this machine (development, tests): anywhere else the
    // tokens would cross the network in the clear.
    const local = ['localhost', '127.0.0.1', '[::1]'].includes(issuer.hostname);
    if (issuer.protocol !== 'https:' && !local) {
      throw new Error('the issuer must be an https:// address');
    }
    return client.discovery(
      issuer,
      this.settings.clientId,
      secret,
      secret ? undefined : client.None(),
      issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : undefined,
    );
  }

  /** Where to send the browser, and what to remember until it comes back. */
  async start(redirectUri: string): Promise<{ url: URL; attempt: LoginAttempt }> {
    const config = await this.config();
    const attempt: LoginAttempt = {
      codeVerifier: client.randomPKCECodeVerifier(),
      state: client.randomState(),
      nonce: client.randomNonce(),
      redirectUri,
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: this.settings.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(attempt.codeVerifier),
      code_challenge_method: 'S256',
      state: attempt.state,
      nonce: attempt.nonce,
    });
    return { url, attempt };
  }

  /** Redeems the code of `callbackUrl`; the verified ID token's claims. */
  async finish(callbackUrl: URL, attempt: LoginAttempt): Promise<Record<string, unknown>> {
    const config = await this.config();
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: attempt.codeVerifier,
      expectedState: attempt.state,
      expectedNonce: attempt.nonce,
      idTokenExpected: true,
    });
    return { ...tokens.claims() };
  }
}
