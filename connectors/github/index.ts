/**
 * The `github` connector: pull request reviews, review comments and issue comments of one
 * repository or of every repository of an organisation or user, read live through the GitHub
 * REST API (docs/help.md: reviewer or commenter → author). Incremental: the cursor keeps, per
 * repository, the newest update seen, and the next run asks only for what changed since.
 */
import { ImportError } from '../errors.ts';
import {
  baseUrlOption,
  cursorMap,
  LIVE_API_DEFAULTS,
  REQUEST_TIMEOUT_HELP,
  withRequestTimeout,
  tokenEnvName,
  tokenFrom,
  type LiveApiSettings,
} from '../live-api.ts';
import { SkipTally } from '../shared/skips.ts';
import { loadTopics } from '../shared/topics.ts';
import type { Connector, ConnectorInput, ConnectorRecord } from '../types.ts';
import { gitHubClient, type GitHubClient } from './client.ts';
import { AccountLog } from './help.ts';
import { checkOrigin, parseOrigin, repositories, type Origin } from './repositories.ts';
import { repositoryHelp } from './repository-help.ts';

export const GITHUB_API = 'https://api.github.com';
const TOKEN_ENV = 'GITHUB_TOKEN';

/** Per repository ("owner/repo"), the newest `updated_at` a run saw. */
interface GitHubCursor {
  repos: Record<string, string>;
}

export function githubConnector(options: Partial<LiveApiSettings> = {}): Connector {
  const settings: LiveApiSettings = { ...LIVE_API_DEFAULTS, ...options };
  return {
    id: 'github',
    description:
      'GitHub, live through its API: pull request reviews, review comments and issue comments',
    accepts: 'an organisation or user ("acme"), or one repository ("acme/api")',
    optionsHelp: {
      'request-timeout': REQUEST_TIMEOUT_HELP,
      'token-env': `environment variable holding the token (default ${TOKEN_ENV}); without one, public repositories only, at 60 requests an hour`,
      'base-url': `the API's address (default ${GITHUB_API}; GitHub Enterprise Server: https://HOST/api/v3)`,
      topics:
        'file mapping repositories ("acme/api" or "api") to topics, as a JSON object or CSV ' +
        'rows; repositories it does not name take the first label of each pull request or issue',
    },
    async validate(input) {
      const origin = parseOrigin(input.path);
      await loadTopics(input.options.topics);
      await checkOrigin(connect(input, settings), origin);
    },
    read: (input) => readGitHub(input, settings),
  };
}

export const github = githubConnector();

async function* readGitHub(
  input: ConnectorInput,
  settings: LiveApiSettings,
): AsyncGenerator<ConnectorRecord> {
  const origin: Origin = parseOrigin(input.path);
  const cursor = parseCursor(input);
  const topics = await loadTopics(input.options.topics);
  const client = connect(input, settings);
  const names = await repositories(client, origin);
  const accounts = new AccountLog();
  const skips = new SkipTally();
  const next: GitHubCursor = { repos: { ...cursor.repos } };
  // Progress counts pages read: how many a repository holds is unknown until it is read.
  let pages = 0;
  const progress = (): ConnectorRecord => ({ type: 'progress', read: ++pages });
  for (const fullName of names) {
    const repoName = fullName.split('/')[1]!;
    const newest = yield* repositoryHelp({
      client,
      fullName,
      since: cursor.repos[fullName] ?? null,
      topic: topics.get(fullName) ?? topics.get(repoName) ?? null,
      accounts,
      skips,
      onPage: progress,
    });
    if (newest !== null) next.repos[fullName] = newest;
  }
  yield* skips.records();
  yield { type: 'cursor', cursor: next };
}

function connect(input: ConnectorInput, defaults: LiveApiSettings): GitHubClient {
  const settings = withRequestTimeout(input, defaults);
  const explicit = input.options['token-env'];
  const tokenEnv = tokenEnvName(explicit, TOKEN_ENV, input.path);
  const token = tokenFrom(settings, tokenEnv);
  if (token === null && explicit) {
    throw new ImportError(input.path, `the environment variable ${tokenEnv} holds no token`, {
      field: 'token-env',
    });
  }
  return gitHubClient({
    origin: input.path,
    baseUrl: baseUrlOption(input.options['base-url'], GITHUB_API, input.path),
    token,
    tokenEnv,
    settings,
  });
}

function parseCursor(input: ConnectorInput): GitHubCursor {
  const isTime = (time: string) => !Number.isNaN(Date.parse(time));
  return {
    repos: cursorMap(input, 'repos', isTime, 'a github cursor ({"repos": {"owner/repo": time}})'),
  };
}
