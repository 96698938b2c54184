/**
 * Day files: one JSON array of messages per conversation and day. Only the metadata the
 * help semantics need is kept; the text, blocks, files and attachments are dropped at once.
 */
import { isObject, kindOf, nonEmptyString, parseJson } from '../shared/json.ts';
import { badInput, type Origin } from '../shared/origin.ts';

export interface SlackMessage {
  ts: string;
  threadTs: string | null;
  user: string | null;
  parentUserId: string | null;
  subtype: string | null;
  botId: string | null;
  /** Everyone who reacted to the message, with any emoji. */
  reactionUsers: string[];
  /** The poster's name from `user_profile`, for posters missing from users.json. */
  profileName: string | null;
}

const SLACK_TS = /^\d{1,12}(\.\d{1,9})?$/;

export function parseDayFile(text: string, origin: Origin): SlackMessage[] {
  const parsed = parseJson(text, origin);
  if (!Array.isArray(parsed)) {
    throw badInput(origin, `expected an array of messages, found ${kindOf(parsed)}`);
  }
  return parsed.map((raw: unknown, index) => toMessage(raw, origin, `message ${index + 1}`));
}

/** ISO 8601 time of a Slack timestamp ("seconds.microseconds"). */
export function isoFromTs(ts: string): string {
  return new Date(millisFromTs(ts)).toISOString();
}

function millisFromTs(ts: string): number {
  const [seconds, fraction = ''] = ts.split('.');
  return Number(seconds) * 1000 + Number(fraction.padEnd(3, '0').slice(0, 3));
}

function toMessage(raw: unknown, origin: Origin, record: string): SlackMessage {
  if (!isObject(raw))
    throw badInput(origin, `expected a message object, found ${kindOf(raw)}`, { record });
  const ts = timestamp(raw, 'ts', origin, record);
  if (ts === null) throw badInput(origin, 'the message has no timestamp', { record, field: 'ts' });
  const profile = isObject(raw.user_profile) ? raw.user_profile : {};
  return {
    ts,
    threadTs: timestamp(raw, 'thread_ts', origin, `${record} (ts ${ts})`),
    user: nonEmptyString(raw.user),
    parentUserId: nonEmptyString(raw.parent_user_id),
    subtype: nonEmptyString(raw.subtype),
    botId: nonEmptyString(raw.bot_id),
    reactionUsers: reactionUsers(raw.reactions),
    profileName:
      nonEmptyString(profile.display_name) ??
      nonEmptyString(profile.real_name) ??
      nonEmptyString(profile.name),
  };
}

function timestamp(
  raw: Record<string, unknown>,
  field: 'ts' | 'thread_ts',
  origin: Origin,
  record: string,
): string | null {
  const value = raw[field];
  if (value === undefined || value === null) return null;
  if (
    typeof value !== 'string' ||
    !SLACK_TS.test(value) ||
    !Number.isFinite(new Date(millisFromTs(value)).getTime())
  ) {
    throw badInput(origin, `not a Slack timestamp (expected a string like "1715500000.123456")`, {
      record,
      field,
    });
  }
  return value;
}

function reactionUsers(reactions: unknown): string[] {
  if (!Array.isArray(reactions)) return [];
  const users = new Set<string>();
  for (const reaction of reactions) {
    if (!isObject(reaction) || !Array.isArray(reaction.users)) continue;
    for (const user of reaction.users) if (typeof user === 'string') users.add(user);
  }
  return [...users];
}
