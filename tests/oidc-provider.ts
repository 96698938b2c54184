/**
 * A real OpenID provider for the sign-in tests: node-oidc-provider (the certified
 * implementation) on a free local port, with its development login page (any password) and a
 * few people whose claims the tests choose.
 */
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestAccount {
  email: string;
  email_verified: boolean;
  name?: string;
  groups?: string[];
}

export interface TestProvider {
  issuer: string;
  /** Lets the provider send people back to `redirectUri`, once helpflow's address is known. */
  start(redirectUri: string): void;
  close(): Promise<void>;
}

export const CLIENT_ID = 'helpflow';
export const CLIENT_SECRET = 'a-test-secret-that-is-long-enough-for-hs256';

export async function startProvider(accounts: Record<string, TestAccount>): Promise<TestProvider> {
  const server: Server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    start(redirectUri) {
      const provider = new Provider(issuer, {
        clients: [
          {
            client_id: CLIENT_ID,
            client_secret: CLIENT_SECRET,
            redirect_uris: [redirectUri],
            grant_types: ['authorization_code'],
            response_types: ['code'],
          },
        ],
        claims: {
          openid: ['sub'],
          email: ['email', 'email_verified'],
          profile: ['name'],
          groups: ['groups'],
        },
        scopes: ['openid', 'email', 'profile', 'groups'],
        // Scope claims in the ID token too, as Entra ID, Okta, Google and Keycloak send them.
        conformIdTokenClaims: false,
        cookies: { keys: ['test-cookie-key'] },
        findAccount: async (_context, sub) => ({
          accountId: sub,
          claims: async () => ({ sub, ...accounts[sub] }),
        }),
      });
      server.on('request', provider.callback());
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
