/**
 * What the live API connectors (github, slack-api) share: the clock they wait on when an API
 * asks them to slow down, and the token they read from the environment, never from a file or
 * the command line (where shells and process lists would keep it).
 */
import { ImportError } from './errors.ts';
import type { ConnectorInput } from './types.ts';

/** Injectable so that tests check every wait without sleeping through it. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const REAL_CLOCK: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface LiveApiSettings {
  /** Where the token is read from; the connectors' factories default to process.env. */
  env: Readonly<Record<string, string | undefined>>;
  clock: Clock;
  /** A wait longer than this fails the import instead (run it again later). */
  maxWaitMs: number;
  /** How many times one request is tried before its rate limit or server error fails the import. */
  maxAttempts: number;
  /** How long one request may go unanswered (`--request-timeout` seconds overrides it). */
  requestTimeoutMs: number;
  /** How many times a request that timed out is tried in all: a source that stopped answering
   * must fail the import soon, so the imports queued behind it run. */
  timeoutAttempts: number;
}

export const LIVE_API_DEFAULTS: LiveApiSettings = {
  env: process.env,
  clock: REAL_CLOCK,
  maxWaitMs: 65 * 60 * 1000,
  maxAttempts: 6,
  requestTimeoutMs: 60_000,
  timeoutAttempts: 2,
};

export const REQUEST_TIMEOUT_HELP =
  'seconds one request may go unanswered before it is tried again, then the import fails (default 60)';

/** The settings with `--request-timeout SECONDS` applied, checked. */
export function withRequestTimeout(
  input: ConnectorInput,
  settings: LiveApiSettings,
): LiveApiSettings {
  const text = input.options['request-timeout'];
  if (text === undefined || text === '') return settings;
  const seconds = Number(text.replace(/s$/, ''));
  if (!(seconds > 0)) {
    throw new ImportError(input.path, `"${text}" is not a number of seconds > 0`, {
      field: 'request-timeout',
    });
  }
  return { ...settings, requestTimeoutMs: seconds * 1000 };
}

/** Whether `error` is a request given up by its timeout signal. */
export function isTimeout(error: unknown): boolean {
  const name = (error as Error | null)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

/** The error of a request that never got an answer in time. */
export function timeoutProblem(what: string, settings: LiveApiSettings): string {
  const tries = `${settings.timeoutAttempts} ${settings.timeoutAttempts === 1 ? 'try' : 'tries'}`;
  return (
    `${what} did not answer within ${settings.requestTimeoutMs / 1000} s (${tries}): run the ` +
    'import again later, or give it longer with --request-timeout SECONDS'
  );
}

/** The token in the variable `name`, or null when it is unset or empty. */
export function tokenFrom(settings: LiveApiSettings, name: string): string | null {
  const token = settings.env[name]?.trim();
  return token ? token : null;
}

/** The name of the token variable: the `token-env` option, checked, or the connector's default. */
export function tokenEnvName(option: string | undefined, fallback: string, origin: string): string {
  if (option === undefined || option === '') return fallback;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(option)) {
    throw new ImportError(origin, `"${option}" is not an environment variable name`, {
      field: 'token-env',
    });
  }
  return option;
}

/** A base URL option, checked, without its trailing slash. */
export function baseUrlOption(
  option: string | undefined,
  fallback: string,
  origin: string,
): string {
  const value = option === undefined || option === '' ? fallback : option;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ImportError(origin, `"${value}" is not a URL`, { field: 'base-url' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ImportError(origin, `"${value}" is not an http(s) URL`, { field: 'base-url' });
  }
  return value.replace(/\/+$/, '');
}

/**
 * The map a stored sync cursor keeps under `key` (a time per repository, a ts per channel),
 * every value checked by `valid`; empty on the first run. `shape` shows a valid cursor in the
 * error a cursor of another connector, or a damaged one, gets.
 */
export function cursorMap(
  input: ConnectorInput,
  key: string,
  valid: (value: string) => boolean,
  shape: string,
): Record<string, string> {
  const cursor = input.cursor;
  if (cursor === null || cursor === undefined) return {};
  const map = (cursor as Record<string, unknown>)[key];
  if (
    typeof map === 'object' &&
    map !== null &&
    !Array.isArray(map) &&
    Object.values(map).every((value) => typeof value === 'string' && valid(value))
  ) {
    return map as Record<string, string>;
  }
  throw new ImportError(input.path, `the stored sync cursor is not ${shape}`, { field: 'cursor' });
}
