/**
 * Routes live in the fragment (#/network, #/person/p0042, #/experts?topic=go), so the server
 * serves one page and a link to a view works after sign-in. No DOM here.
 */

export type ViewName =
  'network' | 'person' | 'follow' | 'team' | 'flows' | 'experts' | 'communities' | 'imports';

export interface Route {
  view: ViewName;
  /** The path part after the view: a person id. */
  arg: string | null;
  params: URLSearchParams;
}

const VIEWS: readonly ViewName[] = [
  'network',
  'person',
  'follow',
  'team',
  'flows',
  'experts',
  'communities',
  'imports',
];

export function parseRoute(hash: string): Route | null {
  const match = /^#\/([a-z]+)(?:\/([^?]*))?(?:\?(.*))?$/.exec(hash);
  if (!match || !VIEWS.includes(match[1] as ViewName)) return null;
  return {
    view: match[1] as ViewName,
    arg: match[2] ? decodeURIComponent(match[2]) : null,
    params: new URLSearchParams(match[3] ?? ''),
  };
}

export function routeHash(view: ViewName, arg?: string | null, params?: Record<string, string>) {
  const query = params ? new URLSearchParams(params).toString() : '';
  return `#/${view}${arg ? `/${encodeURIComponent(arg)}` : ''}${query ? `?${query}` : ''}`;
}
