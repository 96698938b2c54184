/**
 * The help in one conversation, read live: `conversations.history` for the top-level messages
 * (and thread roots), then `conversations.replies` for every thread, which history leaves out.
 * The messages then go through the export's own help semantics (slack-export/thread-help.ts),
 * so the same messages give the same interactions through either connector.
 *
 * Incremental: the cursor is the newest ts seen in the conversation. The next run reads
 * history from `threadDays` before it, to find the threads that got replies since (their
 * `latest_reply` is newer), and reads those threads whole; top-level messages older than the
 * cursor were read by an earlier run. An incremental run misses a reply to a thread started
 * before that window, and a starter's reaction added later to a reply in a thread with no new
 * replies (a full run, without cursor, finds both).
 */
import { ImportError } from '../errors.ts';
import type { SkipTally } from '../shared/skips.ts';
import type { AccountBook } from '../slack-export/accounts.ts';
import type { Conversation } from '../slack-export/conversations.ts';
import { parseDayFile } from '../slack-export/messages.ts';
import { helpInConversation } from '../slack-export/thread-help.ts';
import type { AccountRecord, ActivityRecord, InteractionRecord } from '../types.ts';
import { SlackApiError, type SlackClient } from './client.ts';

export interface ChannelRun {
  client: SlackClient;
  origin: string;
  conversation: Conversation;
  /** The newest ts an earlier run saw here, or null. */
  since: string | null;
  threadDays: number;
  accounts: AccountBook;
  skips: SkipTally;
}

export const SKIP_EARLIER = 'already read by an earlier sync';
/** The token may not read it: a bot not invited to the channel. */
export const SKIP_UNREADABLE =
  'conversation the token cannot read (not_in_channel): invite the app';

type RawMessage = Record<string, unknown>;

const SLACK_TS = /^\d{1,12}(\.\d{1,9})?$/;

/** Yields the conversation's help; returns the newest ts seen (the next cursor), or null. */
export async function* channelHelp(
  run: ChannelRun,
): AsyncGenerator<AccountRecord | InteractionRecord | ActivityRecord, string | null> {
  const { client, conversation, since } = run;
  const messages = new Map<string, RawMessage>();
  const threads: string[] = [];
  let newest = since;
  const seen = (ts: string) => {
    if (newest === null || compareTs(ts, newest) > 0) newest = ts;
  };
  const history = {
    channel: conversation.id,
    ...(since === null ? {} : { oldest: tsDaysBefore(since, run.threadDays) }),
  };
  try {
    for await (const page of client.pages('conversations.history', history)) {
      for (const [index, raw] of messageList(run, page, 'conversations.history').entries()) {
        const ts = timestamp(run, raw, `conversations.history, message ${index + 1}`);
        seen(ts);
        const replied = raw.thread_ts === ts && typeof raw.latest_reply === 'string';
        const newReplies =
          replied && (since === null || compareTs(raw.latest_reply as string, since) > 0);
        if (newReplies) threads.push(ts);
        if (newReplies || since === null || compareTs(ts, since) > 0) messages.set(ts, raw);
        else run.skips.add(SKIP_EARLIER);
      }
    }
  } catch (error) {
    if (error instanceof SlackApiError && error.slackError === 'not_in_channel') {
      run.skips.add(SKIP_UNREADABLE);
      return since;
    }
    throw error;
  }
  for (const ts of threads) {
    for await (const page of client.pages('conversations.replies', {
      channel: conversation.id,
      ts,
    })) {
      // The root comes first on every page and broadcast replies are in history too: by ts,
      // each message is kept once.
      for (const [index, raw] of messageList(run, page, 'conversations.replies').entries()) {
        const reply = timestamp(run, raw, `conversations.replies of ${ts}, message ${index + 1}`);
        seen(reply);
        messages.set(reply, raw);
      }
    }
  }
  const ordered = [...messages.values()].sort((a, b) => compareTs(String(a.ts), String(b.ts)));
  const parsed = parseDayFile(JSON.stringify(ordered), {
    file: run.origin,
    entry: `conversation ${conversation.id}`,
  });
  yield* helpInConversation(conversation, parsed, run.accounts, run.skips);
  return newest;
}

function messageList(run: ChannelRun, page: Record<string, unknown>, method: string): RawMessage[] {
  if (Array.isArray(page.messages)) return page.messages as RawMessage[];
  throw new ImportError(run.origin, 'expected an array of messages', {
    record: `${method} of conversation ${run.conversation.id}`,
    field: 'messages',
  });
}

/** The message's ts, checked here because messages are keyed by it before they are parsed. */
function timestamp(run: ChannelRun, raw: RawMessage, record: string): string {
  if (
    typeof raw === 'object' &&
    raw !== null &&
    typeof raw.ts === 'string' &&
    SLACK_TS.test(raw.ts)
  ) {
    return raw.ts;
  }
  throw new ImportError(run.origin, 'the message has no Slack timestamp', {
    record: `conversation ${run.conversation.id}, ${record}`,
    field: 'ts',
  });
}

/** Orders Slack timestamps ("seconds.micro") exactly; as doubles they lose the last digits. */
export function compareTs(a: string, b: string): number {
  const [aSeconds = '', aFraction = ''] = a.split('.');
  const [bSeconds = '', bFraction = ''] = b.split('.');
  const seconds = Number(aSeconds) - Number(bSeconds);
  if (seconds !== 0) return Math.sign(seconds);
  const x = aFraction.padEnd(6, '0');
  const y = bFraction.padEnd(6, '0');
  return x < y ? -1 : x > y ? 1 : 0;
}

function tsDaysBefore(ts: string, days: number): string {
  const seconds = Number(ts.split('.')[0]) - Math.round(days * 86_400);
  return `${Math.max(0, seconds)}.000000`;
}
