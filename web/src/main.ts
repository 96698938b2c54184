import './styles.css';
import { ApiError } from './api/client.ts';
import {
  forgetToken,
  signIn,
  signInByCookie,
  signOutSso,
  ssoStatus,
  takeToken,
  type Session,
  type SsoStatus,
} from './api/session.ts';
import { parseRoute, routeHash, type Route } from './router.ts';
import { h, replace } from './ui/dom.ts';
import { NO_FILTERS } from './ui/filters.ts';
import { failure, loading } from './ui/states.ts';
import { VIEWS_BY_ROLE, VIEW_TITLES, type AppContext, type View } from './views/context.ts';
import { VIEW_FACTORIES } from './views/index.ts';
import { signInForm } from './views/sign-in.ts';

/**
 * The dashboard's entry: sign in, then show the view the fragment names, within what the role
 * may see. Views are rebuilt when the route or the filters change; each cleans up after itself.
 */

const root = document.getElementById('app')!;
let current: View | null = null;
/** What the server said of single sign-on when the page loaded. */
let sso: SsoStatus = { sso: false, signedIn: false, csrfToken: null };

function signedOut(message?: string) {
  forgetToken();
  current?.dispose?.();
  current = null;
  replace(
    root,
    signInForm(message, (token) => void start(token), sso.sso),
  );
}

/** Signed in by the session cookie single sign-on left, if there is one. */
async function startFromCookie() {
  replace(root, loading('your session'));
  try {
    sso = await ssoStatus();
    if (!sso.signedIn) return signedOut();
    mount(await signInByCookie(sso, () => signedOut('Your session has ended. Sign in again.')));
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) replace(root, failure(error));
  }
}

async function start(token: string) {
  replace(root, loading('your session'));
  let session: Session;
  try {
    session = await signIn(token, () => signedOut('The token was not accepted. Sign in again.'));
  } catch (error) {
    // A refused token has already brought back the sign-in form, saying so.
    if (!(error instanceof ApiError && error.status === 401)) replace(root, failure(error));
    return;
  }
  mount(session);
}

function mount(session: Session) {
  const allowed = VIEWS_BY_ROLE[session.role];
  const main = h('main', { attrs: { id: 'main', tabindex: '-1' } });
  const nav = h(
    'nav',
    { attrs: { 'aria-label': 'Views' } },
    h(
      'ul',
      {},
      ...allowed.map((view) =>
        h(
          'li',
          {},
          h('a', {
            text: view === 'person' ? 'Me' : VIEW_TITLES[view],
            attrs: { href: homeOf(view, session), 'data-view': view },
          }),
        ),
      ),
    ),
  );
  const who = session.person?.name ?? null;
  const header = h(
    'header',
    { class: 'top' },
    h('a', { class: 'skip', text: 'Skip to content', attrs: { href: '#main' } }),
    h('h1', { text: 'helpflow' }),
    nav,
    h(
      'div',
      { class: 'who' },
      h('span', { text: `${who ? `${who} · ` : ''}${session.role}` }),
      h('button', {
        text: 'Sign out',
        attrs: { type: 'button' },
        on: {
          click: () => {
            if (!session.sso) return signedOut();
            void signOutSso(sso).finally(() => {
              sso = { ...sso, signedIn: false, csrfToken: null };
              signedOut();
            });
          },
        },
      }),
    ),
  );
  replace(root, header, main);

  const context: AppContext = {
    session,
    filters: { ...NO_FILTERS },
    setFilters(filters) {
      context.filters = filters;
      show();
    },
    navigate(hash) {
      if (location.hash === hash) show();
      else location.hash = hash;
    },
  };

  let moved = false;
  const show = () => {
    let route = parseRoute(location.hash);
    if (!route || !allowed.includes(route.view)) {
      // A person's page and follow-up are open to everyone who may see them; the API decides.
      if (!((route?.view === 'person' || route?.view === 'follow') && route.arg)) {
        history.replaceState(null, '', homeOf(allowed[0]!, session));
        route = parseRoute(location.hash)!;
      }
    }
    for (const link of nav.querySelectorAll('a')) {
      const active = link.dataset.view === route.view;
      if (active) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    current?.dispose?.();
    current = VIEW_FACTORIES[route.view](context, route);
    replace(main, current.element);
    document.title = `${VIEW_TITLES[route.view]} · helpflow`;
    // Keyboard and screen-reader users land on the new view, not on the link they left.
    if (moved) main.focus({ preventScroll: true });
    moved = true;
  };
  window.onhashchange = show;
  show();
}

function homeOf(view: Route['view'], session: Session): string {
  return view === 'person' ? routeHash('person', session.person?.person ?? '') : routeHash(view);
}

const token = takeToken();
if (token) void start(token);
else void startFromCookie();
