import type { Api } from '../api/client.ts';
import { download, h } from './dom.ts';
import { filterQuery, type Filters } from './filters.ts';

/**
 * "Brief for leadership": downloads the server's one-page HTML brief for the filters in use,
 * made for this token's role (GET /brief), ready to mail or print.
 */
export function briefButton(api: Api, filters: Filters): HTMLElement {
  const button = h('button', {
    class: 'brief',
    text: 'Brief for leadership',
    attrs: { type: 'button', title: 'A one-page HTML brief of this window, to mail or print' },
  });
  button.addEventListener('click', () => {
    button.disabled = true;
    button.textContent = 'Making the brief…';
    void api
      .fetch('/brief', filterQuery(filters))
      .then((response) => response.blob())
      .then((blob) => download(blob, 'helpflow-brief.html'))
      .catch((error: unknown) => {
        button.title = `Could not make the brief: ${(error as Error).message}`;
      })
      .finally(() => {
        button.disabled = false;
        button.textContent = 'Brief for leadership';
      });
  });
  return button;
}
