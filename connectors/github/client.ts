/**
 * The GitHub REST client: @octokit/core with Link-header pagination, plus the waiting GitHub
 * asks for. A primary rate limit (403 or 429 with `x-ratelimit-remaining: 0`) is waited out
 * until `x-ratelimit-reset`; a secondary one for its `retry-after` (or a minute, as GitHub's
 * documentation says, when it names no time); a 502/503/504 is tried again after a short
 * pause. Every other failure becomes an ImportError that names the request.
 */
import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { ImportError } from '../errors.ts';
import { timeoutProblem, type LiveApiSettings } from '../live-api.ts';

const GitHub = Octokit.plugin(paginateRest);
export type GitHubClient = InstanceType<typeof GitHub>;

/** A request GitHub answered with an error status, said in our terms. */
export class GitHubError extends ImportError {
  readonly status: number;

  constructor(origin: string, request: string, status: number, problem: string) {
    super(origin, problem, { record: request });
    this.status = status;
  }
}

export interface ClientOptions {
  origin: string;
  baseUrl: string;
  token: string | null;
  /** Named in the error when GitHub refuses the token. */
  tokenEnv: string;
  settings: LiveApiSettings;
}

const SECONDARY_LIMIT_WAIT_MS = 60_000;
const SERVER_ERROR_WAIT_MS = 2_000;

export function gitHubClient(options: ClientOptions): GitHubClient {
  const { settings } = options;
  const client = new GitHub({
    baseUrl: options.baseUrl,
    userAgent: 'helpflow',
    ...(options.token === null ? {} : { auth: options.token }),
  });
  client.hook.wrap('request', async (request, requestOptions) => {
    for (let attempt = 1, timeouts = 0; ; attempt++) {
      const signal = AbortSignal.timeout(settings.requestTimeoutMs);
      try {
        return await request({ ...requestOptions, request: { ...requestOptions.request, signal } });
      } catch (error) {
        // Octokit wraps the timeout in an error of its own: the signal says what happened.
        if (signal.aborted) {
          timeouts += 1;
          if (timeouts < settings.timeoutAttempts) continue;
          const where = `${requestOptions.method} ${requestOptions.url}`;
          throw new GitHubError(
            options.origin,
            where,
            0,
            timeoutProblem(options.baseUrl, settings),
          );
        }
        const failure = asFailure(error);
        const wait = failure && waitMs(failure, settings.clock.now());
        const where = failure ? describeRequest(failure, options.baseUrl) : 'request';
        if (!failure || wait === null) throw explain(error, failure, where, options);
        if (wait > settings.maxWaitMs || attempt >= settings.maxAttempts) {
          const tries = `${attempt} ${attempt === 1 ? 'try' : 'tries'}`;
          throw new GitHubError(
            options.origin,
            where,
            failure.status,
            failure.status >= 500
              ? `GitHub still fails (${failure.status}) after ${tries}: run the import again later`
              : `GitHub still refuses the request (${failure.status}) after ${tries}; it asks ` +
                  `for a wait of ${Math.ceil(wait / 1000)} s: run the import again later`,
          );
        }
        await settings.clock.sleep(wait);
      }
    }
  });
  return client;
}

/** What @octokit/request-error's RequestError carries that we use. */
interface Failure {
  status: number;
  message: string;
  request: { method: string; url: string };
  response?: { headers: Record<string, string | number | undefined>; data: unknown };
}

function asFailure(error: unknown): Failure | null {
  const candidate = error as Partial<Failure> | null;
  return candidate && typeof candidate.status === 'number' && candidate.request
    ? (candidate as Failure)
    : null;
}

/** How long GitHub asks us to wait before trying again, or null when trying again won't help. */
function waitMs(failure: Failure, now: number): number | null {
  const response = failure.response;
  if (!response) return null;
  const header = (name: string) =>
    response.headers[name] === undefined ? undefined : String(response.headers[name]);
  if ([502, 503, 504].includes(failure.status)) return SERVER_ERROR_WAIT_MS;
  if (failure.status !== 403 && failure.status !== 429) return null;
  const retryAfter = Number(header('retry-after'));
  if (header('retry-after') !== undefined && Number.isFinite(retryAfter)) {
    return Math.max(0, retryAfter) * 1000;
  }
  const reset = Number(header('x-ratelimit-reset'));
  if (header('x-ratelimit-remaining') === '0' && Number.isFinite(reset)) {
    // One second more: the reset time is in whole seconds and clocks differ a little.
    return Math.max(0, reset * 1000 - now) + 1000;
  }
  return /secondary rate limit/i.test(messageOf(response.data) ?? '')
    ? SECONDARY_LIMIT_WAIT_MS
    : null;
}

function explain(
  error: unknown,
  failure: Failure | null,
  where: string,
  options: ClientOptions,
): Error {
  if (!failure) return error as Error;
  if (!failure.response) {
    return new GitHubError(
      options.origin,
      where,
      failure.status,
      `cannot reach ${options.baseUrl} (${failure.message})`,
    );
  }
  const said = messageOf(failure.response.data) ?? failure.message;
  const problem =
    failure.status === 401
      ? options.token === null
        ? `GitHub asks for a token (401 ${said}): put one in $${options.tokenEnv}`
        : `GitHub refused the token in $${options.tokenEnv} (401 ${said})`
      : failure.status === 404
        ? `not found (404): the organisation or repository does not exist, or the token ` +
          `cannot see it`
        : failure.status === 403
          ? `forbidden (403 ${said}): does the token have read access to it?`
          : `GitHub answered ${failure.status} (${said})`;
  return new GitHubError(options.origin, where, failure.status, problem);
}

function messageOf(data: unknown): string | null {
  const message = (data as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : null;
}

/** "GET /repos/acme/api/issues?page=2": the request, without the base URL. */
function describeRequest(failure: Failure, baseUrl: string): string {
  const url = failure.request.url.startsWith(baseUrl)
    ? failure.request.url.slice(baseUrl.length)
    : failure.request.url;
  return `${failure.request.method} ${url}`;
}
