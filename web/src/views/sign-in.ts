import { h } from '../ui/dom.ts';

/**
 * Sign-in: with the organisation's single sign-on when the server offers it, and with an API
 * token (made with `helpflow token create`) always.
 */
export function signInForm(
  message: string | undefined,
  onToken: (token: string) => void,
  sso = false,
) {
  const input = h('input', {
    attrs: {
      id: 'token',
      name: 'token',
      type: 'password',
      required: true,
      autocomplete: 'off',
      spellcheck: 'false',
    },
  });
  const form = h(
    'form',
    { class: 'sign-in' },
    h('h1', { text: 'helpflow' }),
    h('p', {
      text: 'Who helps whom in your organisation, from collaboration metadata (never message text).',
    }),
    message ? h('p', { class: 'state error', attrs: { role: 'alert' }, text: message }) : null,
    sso
      ? h('a', {
          class: 'button sso',
          text: 'Sign in',
          attrs: { href: '/auth/login', 'data-sign-in': 'sso' },
        })
      : null,
    sso ? h('p', { class: 'hint', text: 'Or, for scripts and admins, with an API token:' }) : null,
    h('label', { attrs: { for: 'token' }, text: 'API token' }),
    input,
    h('p', {
      class: 'hint',
      text: 'Ask your administrator for a token, or make one with: npx helpflow token create --role admin',
    }),
    h('button', { text: sso ? 'Sign in with the token' : 'Sign in', attrs: { type: 'submit' } }),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onToken(input.value.trim());
  });
  if (!sso) queueMicrotask(() => input.focus());
  return h('main', { class: 'centred' }, form);
}
