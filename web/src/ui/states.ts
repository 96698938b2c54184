import { ApiError } from '../api/client.ts';
import { h, replace, type Child } from './dom.ts';

/**
 * Loading, empty and error states. A region keeps its size while it loads (its min-height is
 * in the stylesheet), so the page does not jump when the data arrives.
 */

export function loading(what: string): HTMLElement {
  return h(
    'div',
    { class: 'state loading', attrs: { role: 'status', 'aria-busy': 'true' } },
    h('span', { class: 'spinner', attrs: { 'aria-hidden': 'true' } }),
    `Loading ${what}…`,
  );
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
