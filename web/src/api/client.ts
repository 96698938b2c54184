/**
 * The one way the dashboard talks to the server: JSON over /api/v1 with the bearer token, or,
 * signed in with single sign-on, with the session cookie (the browser sends it) and the
 * session's CSRF token on every request that changes data. Errors arrive as RFC 9457
 * problems; they become ApiError with the server's own words.
 */

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;

  constructor(status: number, code: string, detail: string, field?: string) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

export type Query = Record<string, string | number | undefined | null>;

export interface Api {
  /** The bearer token; null when signed in by session cookie. */
  readonly token: string | null;
  get<T>(path: string, query?: Query): Promise<T>;
  post<T>(path: string, query: Query, body: FormData): Promise<T>;
  /** The raw response, for streams (server-sent events) and files. */
  fetch(path: string, query?: Query, init?: RequestInit): Promise<Response>;
}

export function url(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return `/api/v1${path}${text ? `?${text}` : ''}`;
}

/**
 * Requests in flight at once for this token. The server computes one token's cold reports in
 * turn and refuses a fifth waiting one with 429 (server/api/fair-queue.ts): a view that asks for
 * many things at once (a page of people's trends) waits here instead of being refused.
 */
export const IN_FLIGHT = 3;

export function createApi(
  token: string | null,
  onSignedOut: () => void,
  csrfToken: string | null = null,
): Api {
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  async function limited<T>(work: () => Promise<T>): Promise<T> {
    if (inFlight >= IN_FLIGHT) await new Promise<void>((resolve) => waiting.push(resolve));
    inFlight++;
    try {
      return await work();
    } finally {
      inFlight--;
      waiting.shift()?.();
    }
  }
  async function send(path: string, query: Query = {}, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    if (token) headers.set('authorization', `Bearer ${token}`);
    if (csrfToken && (init.method ?? 'GET') !== 'GET') headers.set('x-csrf-token', csrfToken);
    const response = await fetch(url(path, query), { ...init, headers });
    if (response.ok) return response;
    const problem = (await response.json().catch(() => ({}))) as {
      code?: string;
      detail?: string;
      field?: string;
    };
    if (response.status === 401) onSignedOut();
    throw new ApiError(
      response.status,
      problem.code ?? 'HTTP_ERROR',
      problem.detail ?? `${response.status} ${response.statusText}`,
      problem.field,
    );
  }
  return {
    token,
    get<T>(path: string, query?: Query) {
      return limited(async () => (await (await send(path, query)).json()) as T);
    },
    post<T>(path: string, query: Query, body: FormData) {
      return limited(
        async () => (await (await send(path, query, { method: 'POST', body })).json()) as T,
      );
    },
    fetch: send,
  };
}
