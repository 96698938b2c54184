/**
 * A Slack Web API client on plain `fetch`: the token in an `Authorization: Bearer` header,
 * cursor pagination through `response_metadata.next_cursor`, and an HTTP 429 waited out for
 * its `Retry-After` seconds, then the same request again. A reply with `ok: false` becomes a
 * SlackApiError carrying Slack's error code, for the caller to say what it means.
 */
import { ImportError } from '../errors.ts';
import { isTimeout, timeoutProblem, type LiveApiSettings } from '../live-api.ts';

export type SlackResponse = Record<string, unknown>;

export class SlackApiError extends ImportError {
  readonly slackError: string;

  constructor(origin: string, request: string, slackError: string, problem: string) {
    super(origin, problem, { record: request });
    this.slackError = slackError;
  }
}

export interface SlackClientOptions {
  /** The workspace, for errors. */
  origin: string;
  baseUrl: string;
  token: string;
  tokenEnv: string;
  settings: LiveApiSettings;
}

/** Slack's own advice for a 429 without a Retry-After, which it does not send in practice. */
const DEFAULT_RETRY_AFTER_S = 30;
/** Slack recommends no more than 200 items a page. */
const PAGE_SIZE = '200';

const REFUSED_TOKEN = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
]);

export class SlackClient {
  private readonly options: SlackClientOptions;

  constructor(options: SlackClientOptions) {
    this.options = options;
  }

  /** One method call; `params` go in the query string, as Slack accepts for reads. */
  async call(method: string, params: Record<string, string> = {}): Promise<SlackResponse> {
    const { baseUrl, settings } = this.options;
    const url = new URL(`${baseUrl}/${method}`);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    const request = `${method}${describeParams(params)}`;
    for (let attempt = 1, timeouts = 0; ; attempt++) {
      let response: Response;
      // One signal for the answer and its body: a server that stops half-way times out too.
      const signal = AbortSignal.timeout(settings.requestTimeoutMs);
      try {
        response = await fetch(url, {
          headers: { Authorization: `Bearer ${this.options.token}` },
          signal,
        });
        if (response.status !== 429) return await this.body(request, response);
      } catch (error) {
        if (isTimeout(error)) {
          timeouts += 1;
          if (timeouts < settings.timeoutAttempts) continue;
          throw this.error(request, 'timeout', timeoutProblem(baseUrl, settings));
        }
        if (error instanceof SlackApiError) throw error;
        throw this.error(request, 'unreachable', `cannot reach ${baseUrl} (${causeOf(error)})`);
      }
      // Rate limited (429): wait as asked, then the same request again.
      await response.body?.cancel();
      const seconds = Number(response.headers.get('retry-after') ?? DEFAULT_RETRY_AFTER_S);
      const wait = (Number.isFinite(seconds) ? Math.max(0, seconds) : DEFAULT_RETRY_AFTER_S) * 1000;
      if (wait > settings.maxWaitMs || attempt >= settings.maxAttempts) {
        throw this.error(
          request,
          'ratelimited',
          `Slack still rate-limits the request after ${attempt} ${attempt === 1 ? 'try' : 'tries'} (it asks for ` +
            `${Math.ceil(wait / 1000)} s more): run the import again later`,
        );
      }
      await settings.clock.sleep(wait);
    }
  }

  /** Every page of a paginated method, in order. */
  async *pages(method: string, params: Record<string, string> = {}): AsyncGenerator<SlackResponse> {
    let cursor = '';
    do {
      const page = await this.call(method, {
        ...params,
        limit: PAGE_SIZE,
        ...(cursor === '' ? {} : { cursor }),
      });
      yield page;
      const metadata = page.response_metadata as { next_cursor?: unknown } | undefined;
      cursor = typeof metadata?.next_cursor === 'string' ? metadata.next_cursor : '';
    } while (cursor !== '');
  }

  private async body(request: string, response: Response): Promise<SlackResponse> {
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      if (isTimeout(error)) throw error;
      throw this.error(
        request,
        'not_json',
        `Slack answered HTTP ${response.status} with something that is not JSON`,
      );
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw this.error(request, 'not_json', 'Slack answered with something that is not an object');
    }
    const reply = body as SlackResponse;
    if (reply.ok === true) return reply;
    const code = typeof reply.error === 'string' ? reply.error : `http_${response.status}`;
    throw this.error(request, code, this.explain(code, reply));
  }

  private explain(code: string, reply: SlackResponse): string {
    if (REFUSED_TOKEN.has(code)) {
      return `Slack refused the token in $${this.options.tokenEnv} (${code})`;
    }
    if (code === 'missing_scope') {
      const needed = typeof reply.needed === 'string' ? `: add the scope ${reply.needed}` : '';
      return `the token in $${this.options.tokenEnv} lacks a scope (missing_scope)${needed}`;
    }
    return `Slack answered ok: false (${code})`;
  }

  private error(request: string, code: string, problem: string): SlackApiError {
    return new SlackApiError(this.options.origin, request, code, problem);
  }
}

function describeParams(params: Record<string, string>): string {
  const shown = Object.entries(params).filter(([name]) => name !== 'cursor' && name !== 'limit');
  return shown.length === 0
    ? ''
    : ` (${shown.map(([name, value]) => `${name} ${value}`).join(', ')})`;
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.message : String(error);
}
