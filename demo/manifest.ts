/**
 * The planted facts of a generated demo, written beside it as demo-manifest.json so that tests
 * and documentation can check what the analytics should find.
 */
import type { PlannedMessage } from './activity.ts';
import { EXPORT_TIME_ZONE, WINDOW, isoDate } from './calendar.ts';
import type { Organisation, Person } from './organisation.ts';

export interface DemoManifest {
  seed: number;
  window: { from: string; to: string };
  /** Day files are named by dates in this zone, as in real exports. */
  exportTimeZone: string;
  people: number;
  head: string;
  teams: { name: string; lead: string; channel: string; topics: string[]; members: string[] }[];
  channels: {
    name: string;
    kind: 'general' | 'team' | 'topic' | 'guild';
    team: string | null;
    topic: string | null;
  }[];
  experts: { person: string; topic: string }[];
  crossTeamCommunity: { channel: string; topic: string; teams: string[]; members: string[] };
  /** Team `from` helps team `to` far beyond what their sizes and activity predict. */
  dependencies: { from: string; to: string; topic?: string; reason: string }[];
  isolated: { person: string; reason: string }[];
  /**
   * People who went quiet over 13 weeks before the end of the span: in the default window they
   * are `lapsed` (nothing at all in it), with the partners they had before.
   */
  fading: string[];
  /** The same people as `fading`, by what the default window shows them as. */
  lapsed: string[];
  /** New joiners whose questions to their team nobody answered (all they did). */
  unanswered: string[];
  /**
   * A team in Slack the org chart does not list: its channel, and its people by the person id
   * they get on import (their Slack account, as nothing in the org chart matches them).
   */
  unchartedTeam: { channel: string; members: string[] };
  newJoiners: string[];
  neverActive: string[];
  /** Every message in the day files, notices and bots included. */
  messages: number;
  /** Thread replies (messages whose thread_ts is another message's ts). */
  replies: number;
  /** Messages with at least one reply. */
  threads: number;
}

const ids = (people: readonly Person[]): string[] => people.map((p) => p.id).sort();

/** When each person last asked, answered, was answered, reacted or was reacted to. */
function lastActivity(
  messages: readonly PlannedMessage[],
): Map<Person, { seconds: number; channel: string }> {
  const last = new Map<Person, { seconds: number; channel: string }>();
  const mark = (person: Person | null | undefined, message: PlannedMessage): void => {
    if (!person) return;
    const seen = last.get(person);
    if (!seen || seen.seconds < message.seconds)
      last.set(person, { seconds: message.seconds, channel: message.channel.name });
  };
  for (const message of messages) {
    if (message.kind === 'join') continue;
    mark(message.author, message);
    mark(message.root?.author, message);
    for (const reaction of message.reactions) {
      for (const user of reaction.users) mark(user, message);
      mark(message.author, message);
    }
  }
  return last;
}

/** People all of whose messages are questions nobody replied to (and who wrote one at least). */
function unanswered(people: readonly Person[], messages: readonly PlannedMessage[]): Person[] {
  const asked = new Set<Person>();
  const other = new Set<Person>();
  for (const message of messages) {
    if (!message.author || message.kind === 'join') continue;
    if (message.root === null && message.replies.length === 0) asked.add(message.author);
    else other.add(message.author);
  }
  return people.filter((p) => asked.has(p) && !other.has(p));
}

export function buildManifest(
  seed: number,
  org: Organisation,
  messages: readonly PlannedMessage[],
): DemoManifest {
  const byRole = (role: Person['role']): Person[] => org.people.filter((p) => p.role === role);
  const last = lastActivity(messages);
  const fading = byRole('fading');
  const neverActive = byRole('neverActive');
  const isolated = [
    ...fading.map((p) => {
      const seen = last.get(p);
      const reason = seen
        ? `went quiet: last active ${isoDate(seen.seconds)} in #${seen.channel}, nothing since`
        : 'went quiet before the span';
      return { person: p.id, reason };
    }),
    ...neverActive.map((p) => ({
      person: p.id,
      reason: 'never active: no messages, replies or reactions in any channel',
    })),
  ].sort((a, b) => (a.person < b.person ? -1 : 1));
  const guild = org.guild;
  const { helping, helped, topic } = org.dependency;
  const rooms = [topic.channel, helping.channel];
  const asked = messages.filter(
    (m) =>
      m.replies.length > 0 &&
      rooms.includes(m.channel) &&
      m.author?.team === helped &&
      m.replies.some((r) => r.author?.team === helping),
  ).length;
  return {
    seed,
    window: { from: WINDOW.from, to: WINDOW.to },
    exportTimeZone: EXPORT_TIME_ZONE,
    people: org.people.length,
    head: org.head.id,
    teams: org.teams.map((t) => ({
      name: t.name,
      lead: t.lead.id,
      channel: t.channel.name,
      topics: t.topics.map((topic) => topic.name),
      members: ids(t.members),
    })),
    channels: org.channels.map((c) => ({
      name: c.name,
      kind: c.kind,
      team: c.team?.name ?? null,
      topic: c.topic?.name ?? (c.kind === 'guild' ? guild.subject : null),
    })),
    experts: org.topics
      .flatMap((topic) => topic.experts.map((p) => ({ person: p.id, topic: topic.name })))
      .sort((a, b) =>
        a.topic === b.topic ? (a.person < b.person ? -1 : 1) : a.topic < b.topic ? -1 : 1,
      ),
    crossTeamCommunity: {
      channel: guild.name,
      topic: guild.subject,
      teams: [...new Set(guild.members.map((p) => p.team?.name ?? ''))].sort(),
      members: ids(guild.members),
    },
    dependencies: [
      {
        from: helping.name,
        to: helped.name,
        topic: topic.name,
        reason:
          `${helped.name} relies on ${helping.name} for ${topic.name}: ${asked} threads started by` +
          ` ${helped.name} people in #${topic.channel.name} and #${helping.channel.name} were` +
          ` answered by ${helping.name} people, far more than the teams' sizes predict`,
      },
    ],
    isolated,
    fading: ids(fading),
    lapsed: ids(fading),
    unanswered: ids(unanswered(byRole('newJoiner'), messages)),
    unchartedTeam: {
      channel: org.uncharted.channel.name,
      members: org.uncharted.team.members.map((p) => `slack:${p.slackId}`).sort(),
    },
    newJoiners: ids(byRole('newJoiner')),
    neverActive: ids(neverActive),
    messages: messages.length,
    replies: messages.filter((m) => m.root).length,
    threads: messages.filter((m) => m.replies.length > 0).length,
  };
}
