/**
 * A Slack workspace served the way the Web API serves it, built from a Slack export folder: the
 * same users and messages the export holds, as `auth.test`, `users.list`, `conversations.list`,
 * `conversations.history` (top-level messages and broadcasts, newest first, roots carrying
 * `reply_count` and `latest_reply`) and `conversations.replies` (root and replies, oldest
 * first), every list paginated by `response_metadata.next_cursor`. So the two Slack
 * connectors can be given the very same data.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Replayed, ReplayRequest } from './replay-server.ts';

type Message = Record<string, unknown> & { ts: string; thread_ts?: string; subtype?: string };

export interface WorkspaceOptions {
  token: string;
  /** Items per page, small so that every list takes several pages. */
  pageSize: number;
  /** Channels listed whose history the token may not read. */
  lockedChannels?: { id: string; name: string }[];
}

export interface Workspace {
  route(request: ReplayRequest): Replayed | undefined;
  /** Messages newer than this ts are not posted yet; null shows everything. */
  visibleUntil: string | null;
  /** The next call of this method answers 429 with this Retry-After, once. */
  rateLimitNext: { method: string; retryAfter: number } | null;
}

export function workspaceFromExport(folder: string, options: WorkspaceOptions): Workspace {
  const json = (name: string) =>
    existsSync(join(folder, name))
      ? (JSON.parse(readFileSync(join(folder, name), 'utf8')) as Record<string, unknown>[])
      : [];
  const users = json('users.json');
  const conversations = [
    ...json('channels.json').map((c) => ({ ...c, folder: c.name, is_channel: true })),
    ...json('groups.json').map((c) => ({ ...c, folder: c.name, is_group: true, is_private: true })),
    ...json('mpims.json').map((c) => ({ ...c, folder: c.name, is_mpim: true, is_private: true })),
    ...json('dms.json').map((c) => ({ ...c, folder: c.id, is_im: true })),
  ] as unknown as (Record<string, unknown> & { id: string; folder: string })[];
  const messages = new Map<string, Message[]>();
  for (const conversation of conversations) {
    messages.set(conversation.id, conversationMessages(join(folder, conversation.folder)));
  }
  const locked = new Set((options.lockedChannels ?? []).map((c) => c.id));

  const workspace: Workspace = {
    visibleUntil: null,
    rateLimitNext: null,
    route(request) {
      const method = request.url.pathname.replace(/^\/+/, '');
      if (workspace.rateLimitNext?.method === method) {
        const { retryAfter } = workspace.rateLimitNext;
        workspace.rateLimitNext = null;
        return {
          status: 429,
          headers: { 'retry-after': String(retryAfter) },
          body: { ok: false, error: 'ratelimited' },
        };
      }
      if (request.headers.authorization !== `Bearer ${options.token}`) {
        return { body: { ok: false, error: 'invalid_auth' } };
      }
      const params = request.url.searchParams;
      const visible = (list: Message[]) =>
        workspace.visibleUntil === null
          ? list
          : list.filter((m) => Number(m.ts) <= Number(workspace.visibleUntil));
      switch (method) {
        case 'auth.test':
          return {
            body: {
              ok: true,
              url: 'https://mini.slack.com/',
              team: 'Mini',
              user: 'helpflow',
              team_id: 'T_MINI',
              user_id: 'U_HELPFLOW',
              bot_id: 'B_HELPFLOW',
              is_enterprise_install: false,
            },
          };
        case 'users.list':
          return page(users, params, 'members', options.pageSize, { cache_ts: 1778000000 });
        case 'conversations.list': {
          const types = (params.get('types') ?? 'public_channel').split(',');
          const listed = [
            ...conversations.filter((c) =>
              types.includes(
                c.is_im
                  ? 'im'
                  : c.is_mpim
                    ? 'mpim'
                    : c.is_private
                      ? 'private_channel'
                      : 'public_channel',
              ),
            ),
            ...(types.includes('public_channel') ? (options.lockedChannels ?? []) : []),
          ]
            // The export's own fields, which the API does not send.
            .map((channel: Record<string, unknown>) =>
              Object.fromEntries(
                Object.entries(channel).filter(([key]) => key !== 'folder' && key !== 'members'),
              ),
            );
          return page(listed, params, 'channels', options.pageSize);
        }
        case 'conversations.history': {
          const channel = params.get('channel') ?? '';
          if (locked.has(channel)) return { body: { ok: false, error: 'not_in_channel' } };
          const all = messages.get(channel);
          if (!all) return { body: { ok: false, error: 'channel_not_found' } };
          const shown = visible(all);
          const oldest = Number(params.get('oldest') ?? 0);
          const top = shown
            .filter((m) => !m.thread_ts || m.thread_ts === m.ts || m.subtype === 'thread_broadcast')
            .filter((m) => Number(m.ts) > oldest)
            .map((m) => withThreadSummary(m, shown))
            .reverse();
          return page(top, params, 'messages', options.pageSize, { pin_count: 0 }, true);
        }
        case 'conversations.replies': {
          const shown = visible(messages.get(params.get('channel') ?? '') ?? []);
          const ts = params.get('ts');
          const root = shown.find((m) => m.ts === ts);
          if (!root) return { body: { ok: false, error: 'thread_not_found' } };
          const thread = [
            withThreadSummary(root, shown),
            ...shown.filter((m) => m.thread_ts === ts && m.ts !== ts),
          ];
          return page(thread, params, 'messages', options.pageSize, {}, true);
        }
        default:
          return { body: { ok: false, error: 'unknown_method' } };
      }
    },
  };
  return workspace;
}

/** A conversation's messages, day files in order, each ts once (the API has no duplicates). */
function conversationMessages(folder: string): Message[] {
  if (!existsSync(folder)) return [];
  const byTs = new Map<string, Message>();
  for (const day of readdirSync(folder)
    .filter((f) => /^\d{4}-\d{2}-\d{2}\.json$/.test(f))
    .sort()) {
    for (const message of JSON.parse(readFileSync(join(folder, day), 'utf8')) as Message[]) {
      if (!byTs.has(message.ts)) byTs.set(message.ts, message);
    }
  }
  return [...byTs.values()].sort((a, b) => Number(a.ts) - Number(b.ts));
}

/** A root as history shows it: with its replies' count, latest ts and repliers. */
function withThreadSummary(message: Message, all: Message[]): Message {
  if (message.thread_ts !== message.ts) return message;
  const replies = all.filter((m) => m.thread_ts === message.ts && m.ts !== message.ts);
  if (replies.length === 0) return message;
  return {
    ...message,
    reply_count: replies.length,
    reply_users: [...new Set(replies.map((m) => m.user).filter(Boolean))],
    latest_reply: replies[replies.length - 1]!.ts,
  };
}

function page(
  items: unknown[],
  params: URLSearchParams,
  field: string,
  size: number,
  extra: Record<string, unknown> = {},
  hasMore = false,
): Replayed {
  const start = Number(Buffer.from(params.get('cursor') ?? '', 'base64').toString() || 0);
  const end = start + size;
  const next = end < items.length ? Buffer.from(String(end)).toString('base64') : '';
  return {
    body: {
      ok: true,
      [field]: items.slice(start, end),
      ...extra,
      ...(hasMore ? { has_more: next !== '' } : {}),
      response_metadata: { next_cursor: next },
    },
  };
}
