import { randomBytes, timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import createError from '@fastify/error';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { SsoStatusSchema } from '../api/responses.ts';
import { messagePage } from '../sso/pages.ts';
import { OidcClient, type LoginAttempt } from '../sso/oidc-client.ts';
import { decideSignIn } from '../sso/roles.ts';
import { createSession, deleteSession, findSession, type SignInSession } from '../sso/sessions.ts';
import './types.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The sign-in session its cookie opened, if any (set before the auth plugin runs). */
    signInSession: SignInSession | null;
  }
}

const CsrfError = createError(
  'HELPFLOW_CSRF',
  'this request changes data and was signed in by cookie, so it needs the session’s X-CSRF-Token header (GET /auth/status gives it)',
  403,
);

const SESSION_COOKIE = 'helpflow_session';
/** Over https the cookie takes the __Host- prefix: no Domain, Path=/, Secure, set by this host. */
const SECURE_SESSION_COOKIE = '__Host-helpflow_session';
const LOGIN_COOKIE = 'helpflow_login';
const LOGIN_TTL_MS = 10 * 60_000;
const SESSION_CACHE_MS = 5_000;
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const Html = Type.String({ description: 'an HTML page that says what went wrong' });

/**
 * Single sign-on with OpenID Connect, beside the bearer tokens of the auth plugin: a session
 * cookie yields the same viewer a token does, so routes and privacy shaping can't tell them
 * apart. A cookie-signed request that changes data must carry the session's CSRF token (the
 * synchronizer-token pattern; SameSite=Lax alone leaves top-level cross-site POSTs of old
 * browsers and same-site subdomains). Registered before the auth plugin.
 */
export default fp(
  async (untyped) => {
    const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
    const settings = app.config.oidc;
    await app.register(cookie);
    app.decorateRequest('signInSession', null);
    if (!app.hasRequestDecorator('viewer')) app.decorateRequest('viewer', null as never);
    const oidc = settings ? new OidcClient(settings) : null;
    const attempts = new Map<string, LoginAttempt & { expires: number }>();
    const sessions = new Map<string, { session: Promise<SignInSession | null>; expires: number }>();
    // An erasure or a revocation ends a session at once, not when its cache entry expires.
    app.tokens.onForget(() => sessions.clear());

    const isSecure = (request: FastifyRequest) =>
      request.protocol === 'https' || (settings?.publicUrl ?? '').startsWith('https:');
    const sessionSecret = (request: FastifyRequest) =>
      request.cookies[SECURE_SESSION_COOKIE] ?? request.cookies[SESSION_COOKIE];

    const lookup = (secret: string) => {
      const now = Date.now();
      let entry = sessions.get(secret);
      if (!entry || entry.expires < now) {
        if (sessions.size > 10_000) sessions.clear();
        entry = {
          session: findSession(app.store, secret),
          expires: now + SESSION_CACHE_MS,
        };
        sessions.set(secret, entry);
      }
      return entry.session;
    };

    app.addHook('onRequest', async (request) => {
      // A bearer token wins: scripts keep working the way they did.
      if (request.headers.authorization) return;
      const secret = sessionSecret(request);
      if (!secret) return;
      const session = await lookup(secret);
      if (!session || Date.parse(session.expiresAt) < Date.now()) return;
      if (UNSAFE.has(request.method)) {
        const sent = request.headers['x-csrf-token'];
        const given = Buffer.from(typeof sent === 'string' ? sent : '');
        const wanted = Buffer.from(session.csrfToken);
        if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
          throw new CsrfError();
        }
      }
      request.signInSession = session;
      request.viewer = await app.viewers.of({
        role: session.role,
        tokenId: `sso_${session.hash.slice(0, 12)}`,
        person: session.person,
      });
    });

    const base = (request: FastifyRequest) =>
      settings?.publicUrl?.replace(/\/+$/, '') ?? `${request.protocol}://${request.host}`;

    app.get(
      '/auth/status',
      {
        schema: {
          summary: 'Whether single sign-on is on, and this browser’s session (public)',
          tags: ['access'],
          response: {
            200: SsoStatusSchema,
          },
        },
      },
      async (request) => ({
        sso: oidc !== null,
        signedIn: request.signInSession !== null,
        csrfToken: request.signInSession?.csrfToken ?? null,
      }),
    );

    app.post(
      '/auth/logout',
      {
        schema: {
          summary: 'Sign out: ends this browser’s session',
          tags: ['access'],
          response: { 204: Type.Null(), 403: Type.Ref('Problem') },
        },
      },
      async (request, reply) => {
        const session = request.signInSession;
        if (session) {
          await deleteSession(app.store, session.hash);
          sessions.delete(sessionSecret(request)!);
        }
        clearSessionCookie(reply, isSecure(request));
        return reply.status(204).send(null);
      },
    );

    if (!oidc || !settings) return;

    app.get(
      '/auth/login',
      {
        schema: {
          summary: 'Sign in: sends the browser to the OpenID provider',
          tags: ['access'],
          response: { 302: Type.Null(), 502: Html },
        },
      },
      async (request, reply) => {
        let started;
        try {
          started = await oidc.start(`${base(request)}/auth/callback`);
        } catch (error) {
          request.log.error(error, 'oidc login');
          return reply
            .status(502)
            .type('text/html')
            .send(messagePage('Sign-in is unavailable', (error as Error).message));
        }
        const now = Date.now();
        for (const [id, attempt] of attempts) if (attempt.expires < now) attempts.delete(id);
        const id = randomBytes(24).toString('base64url');
        attempts.set(id, { ...started.attempt, expires: now + LOGIN_TTL_MS });
        reply.setCookie(LOGIN_COOKIE, id, {
          path: '/auth',
          httpOnly: true,
          sameSite: 'lax',
          secure: isSecure(request),
          maxAge: LOGIN_TTL_MS / 1000,
        });
        return reply.redirect(started.url.href, 302);
      },
    );

    app.get(
      '/auth/callback',
      {
        schema: {
          summary: 'Where the OpenID provider sends the browser back; signs in',
          tags: ['access'],
          querystring: Type.Record(Type.String(), Type.String()),
          response: { 302: Type.Null(), 400: Html, 403: Html, 502: Html },
        },
      },
      async (request, reply) => {
        const page = (status: 400 | 403, title: string, message: string) =>
          reply.status(status).type('text/html').send(messagePage(title, message));
        const id = request.cookies[LOGIN_COOKIE];
        const attempt = id ? attempts.get(id) : undefined;
        if (id) attempts.delete(id);
        reply.clearCookie(LOGIN_COOKIE, { path: '/auth' });
        if (!attempt || attempt.expires < Date.now()) {
          return page(
            400,
            'Sign-in expired',
            'This sign-in was started too long ago or in another browser. Start again from helpflow.',
          );
        }
        const query = request.query;
        if (query.error) {
          return page(
            403,
            'Sign-in refused',
            `The provider said: ${query.error_description ?? query.error}`,
          );
        }
        const callback = new URL(attempt.redirectUri);
        callback.search = new URLSearchParams(query).toString();
        let claims;
        try {
          claims = await oidc.finish(callback, attempt);
        } catch (error) {
          request.log.warn(error, 'oidc callback');
          return page(
            400,
            'Sign-in failed',
            `helpflow could not verify the sign-in: ${(error as Error).message}`,
          );
        }
        const outcome = await decideSignIn(app.store, settings, claims);
        if (!outcome.ok) return page(403, 'Not signed in', outcome.reason);
        const { secret, session } = await createSession(
          app.store,
          outcome.person,
          outcome.role,
          settings.sessionHours,
        );
        const secure = isSecure(request);
        reply.setCookie(secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE, secret, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure,
          expires: new Date(session.expiresAt),
        });
        app.log.info({ person: outcome.person, role: outcome.role }, 'signed in');
        return reply.redirect('/', 302);
      },
    );
  },
  {
    name: 'helpflow-sso',
    dependencies: ['helpflow-settings', 'helpflow-docs', 'helpflow-tokens', 'helpflow-viewers'],
  },
);

function clearSessionCookie(reply: FastifyReply, secure: boolean) {
  reply.clearCookie(secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
  });
}
