import { ApiError } from '../api/client.ts';
import { h, replace, type Child } from './dom.ts';

/**
 * Loading, empty and error states. A region keeps its size while it loads (its min-height is
 * in the stylesheet), so the page does not jump when the data arrives.
 */

/** After this long, a loading state counts the seconds and says why the wait. */
const PATIENT_AFTER_MS = 3000;

/**
 * A spinner and what is loading. The first look at a window after new data is computed from
 * every event (half a minute cold for 50,000 people and 15 M events), so after a few seconds it
 * counts the wait and says, once, that later looks are quick, instead of leaving a spinner that
 * looks stuck. The count is hidden from screen readers (a live region read out every second);
 * it stops once the state leaves the page.
 */
export function loading(what: string): HTMLElement {
  const elapsed = h('span', { class: 'elapsed', attrs: { 'aria-hidden': 'true' } });
  const state = h(
    'div',
    { class: 'state loading', attrs: { role: 'status', 'aria-busy': 'true' } },
    h('span', { class: 'spinner', attrs: { 'aria-hidden': 'true' } }),
    `Loading ${what}…`,
    elapsed,
  );
  const started = Date.now();
  const timer = setInterval(() => {
    if (!state.isConnected) {
      clearInterval(timer);
      return;
    }
    const waited = Date.now() - started;
    if (waited < PATIENT_AFTER_MS) return;
    if (!elapsed.textContent) {
      state.append(
        h('span', {
          class: 'hint',
          text: 'The first look after new data is computed from every event; later looks come from the cache.',
        }),
      );
    }
    elapsed.textContent = ` ${Math.floor(waited / 1000)} s`;
  }, 1000);
  return state;
}

export function empty(message: string): HTMLElement {
  return h('p', { class: 'state empty', text: message });
}

export function failure(error: unknown): HTMLElement {
  const message =
    error instanceof ApiError
      ? `${error.message}${error.field ? ` (${error.field})` : ''}`
      : error instanceof Error
        ? error.message
        : String(error);
  return h('p', { class: 'state error', attrs: { role: 'alert' } }, `Could not load: ${message}`);
}

/** Shows a loading state in `region`, then what `render` makes of the data, or the error. */
export async function fill<T>(
  region: HTMLElement,
  what: string,
  load: () => Promise<T>,
  render: (data: T) => Child | Child[],
): Promise<T | undefined> {
  replace(region, loading(what));
  region.setAttribute('aria-busy', 'true');
  try {
    const data = await load();
    const content = render(data);
    replace(region, ...(Array.isArray(content) ? content : [content]));
    return data;
  } catch (error) {
    replace(region, failure(error));
    return undefined;
  } finally {
    region.removeAttribute('aria-busy');
  }
}
