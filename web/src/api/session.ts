import { createApi, type Api } from './client.ts';
import type { PersonRef, Role } from './types.ts';

/**
 * Sign-in with an API token. The demo link carries it in the fragment (#token=…, which never
 * reaches server logs); it is kept in sessionStorage, gone when the tab closes, and taken out of
 * the address bar at once so it is not bookmarked or shared by accident.
 */

const KEY = 'helpflow.token';

export interface Session {
  api: Api;
  /** Signed in with single sign-on (a session cookie), not a token. */
  sso: boolean;
  role: Role;
  /** The token's own person (a manager's or member's), when it names one. */
  person: PersonRef | null;
}

/** The token from the address (then removed from it) or from this tab's storage. */
export function takeToken(): string | null {
  // #token=…, or a view's link with it: #/network?level=people&token=…
  const match = /([#?&])token=([^&]*)/.exec(location.hash);
  if (match) {
    const token = decodeURIComponent(match[2]!);
    const rest = location.hash
      .replace(match[0], match[1]!)
      .replace(/([#?&])&/, '$1')
      .replace(/[#?&]+$/, '');
    history.replaceState(null, '', `${location.pathname}${location.search}${rest}`);
    return token;
  }
  return sessionStorage.getItem(KEY);
}

export function forgetToken(): void {
  sessionStorage.removeItem(KEY);
}

/** Checks the token with the server and keeps it for this tab. */
export async function signIn(token: string, onSignedOut: () => void): Promise<Session> {
  const api = createApi(token, onSignedOut);
  const { role, person } = await api.get<{ role: Role; person: PersonRef | null }>('/session');
  sessionStorage.setItem(KEY, token);
  return { api, sso: false, role, person };
}

export interface SsoStatus {
  sso: boolean;
  signedIn: boolean;
  csrfToken: string | null;
}

/** Whether the server offers single sign-on, and whether this browser has a session. */
export async function ssoStatus(): Promise<SsoStatus> {
  const response = await fetch('/auth/status');
  if (!response.ok) return { sso: false, signedIn: false, csrfToken: null };
  return (await response.json()) as SsoStatus;
}

/** The session this browser's cookie holds (after `ssoStatus` said there is one). */
export async function signInByCookie(status: SsoStatus, onSignedOut: () => void): Promise<Session> {
  const api = createApi(null, onSignedOut, status.csrfToken);
  const { role, person } = await api.get<{ role: Role; person: PersonRef | null }>('/session');
  return { api, sso: true, role, person };
}

/** Ends the cookie session on the server (the cookie is cleared by the answer). */
export async function signOutSso(status: { csrfToken: string | null }): Promise<void> {
  await fetch('/auth/logout', {
    method: 'POST',
    headers: status.csrfToken ? { 'x-csrf-token': status.csrfToken } : {},
  });
}
