/**
 * The `slack-api` connector: a live Slack workspace through the Web API, with the help
 * semantics of `slack-export` (a thread reply helps the thread's starter; the starter's reaction
 * on it confirms). Accounts and interactions have the export's ids (source 'slack', sourceId
 * "channel:ts"), so a workspace first imported from an export and then synced live adds only
 * what is new. Message text is never read into a record.
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
import { AccountBook } from '../slack-export/accounts.ts';
import type { Connector, ConnectorInput, ConnectorRecord } from '../types.ts';
import { channelHelp } from './channel-help.ts';
import { SlackClient } from './client.ts';
import { conversationTypes, DEFAULT_TYPES, listConversations } from './conversations.ts';

export const SLACK_API = 'https://slack.com/api';
const TOKEN_ENV = 'SLACK_TOKEN';
const THREAD_DAYS = 30;

/** Per conversation id, the newest message ts a run saw. */
interface SlackCursor {
  channels: Record<string, string>;
}

export function slackApiConnector(options: Partial<LiveApiSettings> = {}): Connector {
  const settings: LiveApiSettings = { ...LIVE_API_DEFAULTS, ...options };
  return {
    id: 'slack-api',
    description: 'Slack, live through the Web API: thread replies and confirming reactions',
    accepts:
      'the workspace: its domain ("acme" for acme.slack.com) or team id ("T0123ABCD"), which ' +
      'must be the one the token belongs to',
    optionsHelp: {
      'request-timeout': REQUEST_TIMEOUT_HELP,
      'token-env': `environment variable holding a bot or user token (default ${TOKEN_ENV}); scopes: users:read, channels:read, channels:history (groups:*, im:*, mpim:* for the other types)`,
      'base-url': `the Web API's address (default ${SLACK_API})`,
      types: `conversation types to read (default ${DEFAULT_TYPES}; add im,mpim for direct messages)`,
      'thread-days': `how far before the cursor an incremental run looks for threads with new replies (default ${THREAD_DAYS} days)`,
      topics:
        'file mapping channel names to topics, as for slack-export; channels it does not ' +
        'name use their own name as topic',
    },
    async validate(input) {
      conversationTypes(input.options.types, input.path);
      threadDays(input);
      await loadTopics(input.options.topics);
      await checkWorkspace(connect(input, settings), input.path);
    },
    read: (input) => readSlackApi(input, settings),
  };
}

export const slackApi = slackApiConnector();

async function* readSlackApi(
  input: ConnectorInput,
  settings: LiveApiSettings,
): AsyncGenerator<ConnectorRecord> {
  const origin = input.path;
  const cursor = parseCursor(input);
  const topics = await loadTopics(input.options.topics);
  const client = connect(input, settings);
  const members: unknown[] = [];
  for await (const page of client.pages('users.list')) {
    if (!Array.isArray(page.members)) {
      throw new ImportError(origin, 'expected an array of users', {
        record: 'users.list',
        field: 'members',
      });
    }
    members.push(...(page.members as unknown[]));
  }
  // users.list holds the very user objects of an export's users.json: one reader for both.
  const accounts = new AccountBook({
    text: JSON.stringify(members),
    origin: { file: origin, entry: 'users.list' },
  });
  yield* accounts.listed;
  const types = conversationTypes(input.options.types, origin);
  const conversations = await listConversations(client, origin, types, topics);
  const days = threadDays(input);
  const skips = new SkipTally();
  const next: SlackCursor = { channels: { ...cursor.channels } };
  yield { type: 'progress', read: 0, total: conversations.length };
  for (const [index, conversation] of conversations.entries()) {
    const newest = yield* channelHelp({
      client,
      origin,
      conversation,
      since: cursor.channels[conversation.id] ?? null,
      threadDays: days,
      accounts,
      skips,
    });
    if (newest !== null) next.channels[conversation.id] = newest;
    yield { type: 'progress', read: index + 1, total: conversations.length };
  }
  yield* skips.records();
  yield { type: 'cursor', cursor: next };
}

function connect(input: ConnectorInput, defaults: LiveApiSettings): SlackClient {
  const settings = withRequestTimeout(input, defaults);
  if (input.path.trim() === '') {
    throw new ImportError('slack-api', 'name the workspace: its domain or team id');
  }
  const tokenEnv = tokenEnvName(input.options['token-env'], TOKEN_ENV, input.path);
  const token = tokenFrom(settings, tokenEnv);
  if (token === null) {
    throw new ImportError(
      input.path,
      `no Slack token: put a bot or user token in the environment variable ${tokenEnv}`,
      { field: 'token-env' },
    );
  }
  return new SlackClient({
    origin: input.path,
    baseUrl: baseUrlOption(input.options['base-url'], SLACK_API, input.path),
    token,
    tokenEnv,
    settings,
  });
}

/** The token must belong to the workspace named, or the cursor would be stored under another. */
async function checkWorkspace(client: SlackClient, origin: string): Promise<void> {
  const identity = await client.call('auth.test');
  const teamId = typeof identity.team_id === 'string' ? identity.team_id : null;
  const domain =
    typeof identity.url === 'string'
      ? (/^https?:\/\/([^./]+)\./.exec(identity.url)?.[1] ?? null)
      : null;
  if (origin === teamId || origin === domain) return;
  throw new ImportError(
    origin,
    `the token belongs to the workspace ${[domain, teamId].filter(Boolean).join(' / ')}, ` +
      `not to "${origin}"`,
    { record: 'auth.test' },
  );
}

function threadDays(input: ConnectorInput): number {
  const option = input.options['thread-days'];
  if (option === undefined || option === '') return THREAD_DAYS;
  const days = Number(option);
  if (!Number.isFinite(days) || days < 0) {
    throw new ImportError(input.path, `"${option}" is not a number of days`, {
      field: 'thread-days',
    });
  }
  return days;
}

function parseCursor(input: ConnectorInput): SlackCursor {
  const isTs = (ts: string) => /^\d+(\.\d+)?$/.test(ts);
  return {
    channels: cursorMap(
      input,
      'channels',
      isTs,
      'a slack-api cursor ({"channels": {"C123": "ts"}})',
    ),
  };
}
