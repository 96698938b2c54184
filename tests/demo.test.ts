/**
 * The demo generator: deterministic, in the real Slack export layout, and the facts its
 * manifest claims are true of the files. Everything checked here is recomputed from the
 * generated files; nothing is a remembered number.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgChart } from '../connectors/org-chart/index.ts';
import { slackExport } from '../connectors/slack-export/index.ts';
import { generateDemo, type DemoResult } from '../demo/generate.ts';
import { PLANTED_TEXT } from '../demo/message-text.ts';
import { runImport } from '../server/store/ingest.ts';
import { expectNotStored } from './connector-helpers.ts';
import { HAS_OLAKE, OLAKE as REAL_EXPORT } from './helpers.ts';

const DAY = 86_400;

interface SlackMessage {
  type: string;
  subtype?: string;
  user?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  parent_user_id?: string;
  reply_count?: number;
  replies?: { user: string; ts: string }[];
  reactions?: { name: string; users: string[]; count: number }[];
  bot_id?: string;
}

interface SlackUser {
  id: string;
  is_bot: boolean;
  real_name: string;
  profile: { email?: string; real_name: string; display_name: string };
}

interface Row {
  person: string;
  name: string;
  email: string;
  team: string;
  manager: string;
  title: string;
  joined: string;
  location: string;
}

/** RFC 4180: quoted fields may hold commas, quotes (doubled) and newlines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

function hashTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (relative: string): void => {
    for (const name of readdirSync(join(dir, relative)).sort()) {
      const path = relative ? `${relative}/${name}` : name;
      if (statSync(join(dir, path)).isDirectory()) walk(path);
      else
        out.set(
          path,
          createHash('sha256')
            .update(readFileSync(join(dir, path)))
            .digest('hex'),
        );
    }
  };
  walk('');
  return out;
}

function secondsOf(isoDay: string): number {
  return Date.parse(`${isoDay}T00:00:00Z`) / 1000;
}

const temporary: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'helpflow-demo-'));
  temporary.push(dir);
  return dir;
}

let result: DemoResult;
let outDir: string;
let users: SlackUser[];
let rows: Row[];
/** channel name -> day file name -> messages */
let days: Map<string, Map<string, SlackMessage[]>>;
let messages: { channel: string; message: SlackMessage }[];

beforeAll(async () => {
  outDir = tempDir();
  result = await generateDemo({ outDir });
  const exportDir = join(outDir, 'slack-export');
  users = JSON.parse(readFileSync(join(exportDir, 'users.json'), 'utf8')) as SlackUser[];
  const [header, ...body] = parseCsv(readFileSync(join(outDir, 'org-chart.csv'), 'utf8'));
  rows = body.map(
    (cells) =>
      Object.fromEntries((header as string[]).map((h, i) => [h, cells[i] ?? ''])) as unknown as Row,
  );
  days = new Map();
  messages = [];
  for (const entry of readdirSync(exportDir).sort()) {
    if (!statSync(join(exportDir, entry)).isDirectory()) continue;
    const files = new Map<string, SlackMessage[]>();
    for (const file of readdirSync(join(exportDir, entry)).sort()) {
      const parsed = JSON.parse(
        readFileSync(join(exportDir, entry, file), 'utf8'),
      ) as SlackMessage[];
      files.set(file, parsed);
      for (const message of parsed) messages.push({ channel: entry, message });
    }
    days.set(entry, files);
  }
});

afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

describe('generateDemo', () => {
  it('writes byte-identical files for the same seed, and different ones for another seed', async () => {
    const again = tempDir();
    const other = tempDir();
    await generateDemo({ outDir: again });
    await generateDemo({ outDir: other, seed: result.manifest.seed + 1 });
    const first = hashTree(outDir);
    expect(hashTree(again)).toEqual(first);
    expect([...first.keys()]).toEqual(result.files);
    const different = hashTree(other);
    expect(different.get('slack-export/users.json')).not.toBe(first.get('slack-export/users.json'));
    expect(different.get('demo-manifest.json')).not.toBe(first.get('demo-manifest.json'));
  });

  it('rejects options it cannot honour, naming the function', async () => {
    await expect(generateDemo({ outDir: '' })).rejects.toThrow(/generateDemo/);
    await expect(generateDemo({ outDir: tempDir(), scale: { people: 2.5 } })).rejects.toThrow(
      /generateDemo: people/,
    );
    await expect(generateDemo({ outDir: tempDir(), seed: -1 })).rejects.toThrow(
      /generateDemo: seed/,
    );
  });

  it('writes a Slack export in the real layout', () => {
    const exportDir = join(outDir, 'slack-export');
    const topFiles = readdirSync(exportDir)
      .filter((f) => f.endsWith('.json'))
      .sort();
    expect(topFiles).toEqual([
      'channels.json',
      'dms.json',
      'groups.json',
      'mpims.json',
      'users.json',
    ]);
    if (HAS_OLAKE) {
      expect(topFiles).toEqual(
        readdirSync(REAL_EXPORT)
          .filter((f) => f.endsWith('.json'))
          .sort(),
      );
    }
    for (const empty of ['dms.json', 'groups.json', 'mpims.json']) {
      expect(JSON.parse(readFileSync(join(exportDir, empty), 'utf8'))).toEqual([]);
    }
    const channels = JSON.parse(readFileSync(join(exportDir, 'channels.json'), 'utf8')) as {
      name: string;
      members: string[];
    }[];
    expect(channels.map((c) => c.name).sort()).toEqual([...days.keys()]);
    expect(channels.map((c) => c.name).sort()).toEqual(
      [
        ...result.manifest.channels.map((c) => c.name),
        result.manifest.unchartedTeam.channel,
      ].sort(),
    );
    const userIds = new Set(users.map((u) => u.id));
    for (const channel of channels)
      for (const member of channel.members) expect(userIds.has(member)).toBe(true);

    // Real exports name day files by the workspace's zone, not UTC.
    const dayOf = new Intl.DateTimeFormat('en-CA', {
      timeZone: result.manifest.exportTimeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    const { from, to } = result.manifest.window;
    const problems: string[] = [];
    for (const [channel, files] of days) {
      const seen = new Set<string>();
      for (const [file, dayMessages] of files) {
        const where = `${channel}/${file}`;
        if (!/^\d{4}-\d{2}-\d{2}\.json$/.test(file)) problems.push(`${where}: file name`);
        if (file < `${from}.json` || file > `${to}.json`) problems.push(`${where}: outside window`);
        if (!Array.isArray(dayMessages) || dayMessages.length === 0)
          problems.push(`${where}: empty`);
        let previous = 0;
        for (const m of dayMessages) {
          const seconds = Number(m.ts);
          if (!/^\d{10}\.\d{6}$/.test(m.ts)) problems.push(`${where}: ts ${m.ts}`);
          if (seen.has(m.ts)) problems.push(`${where}: duplicate ts ${m.ts}`);
          if (seconds <= previous) problems.push(`${where}: ts ${m.ts} out of order`);
          if (`${dayOf.format(new Date(seconds * 1000))}.json` !== file) {
            problems.push(`${where}: ts ${m.ts} belongs to another day`);
          }
          seen.add(m.ts);
          previous = seconds;
        }
      }
    }
    expect(problems).toEqual([]);
  });

  // Skipped in a plain clone, where the unlicensed real export is absent (see OLAKE).
  it.skipIf(!HAS_OLAKE)(
    'uses only fields the real export has for people and their messages',
    () => {
      const realUsers = JSON.parse(readFileSync(join(REAL_EXPORT, 'users.json'), 'utf8')) as Record<
        string,
        unknown
      >[];
      const userKeys = new Set(realUsers.flatMap((u) => Object.keys(u)));
      // The real export had e-mail addresses scrubbed; a workspace export carries them.
      const profileKeys = new Set([
        'email',
        ...realUsers.flatMap((u) => Object.keys(u.profile as object)),
      ]);
      const realMessageKeys = new Set<string>();
      for (const channel of readdirSync(REAL_EXPORT)) {
        if (!statSync(join(REAL_EXPORT, channel)).isDirectory()) continue;
        for (const file of readdirSync(join(REAL_EXPORT, channel))) {
          for (const m of JSON.parse(
            readFileSync(join(REAL_EXPORT, channel, file), 'utf8'),
          ) as object[]) {
            for (const key of Object.keys(m)) realMessageKeys.add(key);
          }
        }
      }
      const unknown = new Set<string>();
      for (const user of users) {
        for (const key of Object.keys(user)) if (!userKeys.has(key)) unknown.add(`user.${key}`);
        for (const key of Object.keys(user.profile))
          if (!profileKeys.has(key)) unknown.add(`user.profile.${key}`);
      }
      for (const { message } of messages) {
        if (message.subtype) continue;
        for (const key of Object.keys(message))
          if (!realMessageKeys.has(key)) unknown.add(`message.${key}`);
      }
      expect([...unknown]).toEqual([]);
    },
  );

  it('writes an org chart that agrees with the Slack users', () => {
    const header = readFileSync(join(outDir, 'org-chart.csv'), 'utf8').split('\n')[0];
    expect(header).toBe('person,name,email,team,manager,title,joined,location');
    expect(rows).toHaveLength(result.manifest.people);
    expect(new Set(rows.map((r) => r.person)).size).toBe(rows.length);
    for (const row of rows) expect(row.person).toMatch(/^p\d{4}$/);
    // Some fields need quoting (locations like "London, UK"), and survive it.
    expect(rows.some((r) => r.location.includes(','))).toBe(true);

    // Everyone but the uncharted team, whom the org chart leaves out on purpose.
    const uncharted = new Set(result.manifest.unchartedTeam.members);
    const humans = users.filter(
      (u) => !u.is_bot && u.id !== 'USLACKBOT' && !uncharted.has(`slack:${u.id}`),
    );
    expect(users.length - humans.length).toBe(uncharted.size + 3);
    const byEmail = new Map(humans.map((u) => [u.profile.email, u]));
    expect(byEmail.size).toBe(humans.length);
    expect([...byEmail.keys()].sort()).toEqual(rows.map((r) => r.email).sort());
    for (const row of rows) {
      expect(row.email).toMatch(/^[a-z]+\.[a-z]+@example\.com$/);
      expect(byEmail.get(row.email)?.profile.real_name).toBe(row.name);
    }
    expect(users.filter((u) => u.is_bot).every((u) => u.profile.email === undefined)).toBe(true);

    const ids = new Set(rows.map((r) => r.person));
    const heads = rows.filter((r) => r.manager === '');
    expect(heads.map((r) => r.person)).toEqual([result.manifest.head]);
    for (const team of result.manifest.teams) {
      const lead = rows.find((r) => r.person === team.lead) as Row;
      expect(lead.manager).toBe(result.manifest.head);
      for (const member of team.members) {
        const row = rows.find((r) => r.person === member) as Row;
        expect(row.team).toBe(team.name);
        if (member !== team.lead) expect(row.manager).toBe(team.lead);
      }
    }
    for (const row of rows) if (row.manager) expect(ids.has(row.manager)).toBe(true);
  });

  it('keeps threads consistent: replies point at their root and its author', () => {
    const byKey = new Map(
      messages.map(({ channel, message }) => [`${channel}/${message.ts}`, message]),
    );
    const problems: string[] = [];
    let replies = 0;
    let withoutParent = 0;
    for (const { channel, message } of messages) {
      const where = `${channel}/${message.ts}`;
      if (message.reply_count !== undefined) {
        if (message.thread_ts !== message.ts) problems.push(`${where}: root without own thread_ts`);
        if (message.replies?.length !== message.reply_count) problems.push(`${where}: reply_count`);
        for (const reply of message.replies ?? []) {
          const found = byKey.get(`${channel}/${reply.ts}`);
          if (found?.user !== reply.user || found.thread_ts !== message.ts) {
            problems.push(`${where}: listed reply ${reply.ts} missing`);
          }
        }
      }
      if (!message.thread_ts || message.thread_ts === message.ts) continue;
      replies++;
      const root = byKey.get(`${channel}/${message.thread_ts}`);
      if (!root) {
        problems.push(`${where}: no root`);
        continue;
      }
      if (Number(message.ts) <= Number(root.ts)) problems.push(`${where}: before its root`);
      if (!root.replies?.some((r) => r.ts === message.ts && r.user === message.user)) {
        problems.push(`${where}: not listed by its root`);
      }
      if (message.parent_user_id === undefined) {
        // Like real exports, a reply also sent to the channel carries no parent_user_id.
        if (message.subtype !== 'thread_broadcast') problems.push(`${where}: no parent_user_id`);
        withoutParent++;
      } else if (message.parent_user_id !== root.user) {
        problems.push(`${where}: parent_user_id ${message.parent_user_id} is not ${root.user}`);
      }
    }
    expect(problems).toEqual([]);
    expect(replies).toBe(result.manifest.replies);
    expect(messages).toHaveLength(result.manifest.messages);
    expect(withoutParent).toBeLessThan(replies / 50);
  });

  it('has the size and rhythm of the default demo', () => {
    const { manifest } = result;
    expect(manifest.people).toBeGreaterThanOrEqual(280);
    expect(manifest.teams).toHaveLength(12);
    for (const team of manifest.teams) expect(team.topics.length).toBeGreaterThanOrEqual(2);
    expect(manifest.messages).toBeGreaterThanOrEqual(6000);
    expect(manifest.messages).toBeLessThanOrEqual(10000);
    expect(manifest.replies / manifest.messages).toBeGreaterThan(0.5);

    const subtypes = new Set(messages.map(({ message }) => message.subtype));
    for (const subtype of ['channel_join', 'bot_message', 'thread_broadcast'])
      expect(subtypes.has(subtype)).toBe(true);
    const botIds = new Set(users.filter((u) => u.is_bot).map((u) => u.id));
    expect(
      messages.some(({ message }) => message.parent_user_id && botIds.has(message.parent_user_id)),
    ).toBe(true);
    expect(messages.some(({ message }) => (message as { edited?: unknown }).edited)).toBe(true);

    const perDay = { weekday: 0, weekend: 0 };
    const dayCount = { weekday: 0, weekend: 0 };
    for (
      let day = secondsOf(manifest.window.from);
      day <= secondsOf(manifest.window.to);
      day += DAY
    ) {
      const weekend = [0, 6].includes(new Date(day * 1000).getUTCDay());
      dayCount[weekend ? 'weekend' : 'weekday']++;
    }
    for (const { message } of messages) {
      const weekend = [0, 6].includes(new Date(Number(message.ts) * 1000).getUTCDay());
      perDay[weekend ? 'weekend' : 'weekday']++;
    }
    expect(perDay.weekday / dayCount.weekday).toBeGreaterThan(
      (5 * perDay.weekend) / dayCount.weekend,
    );
  });

  describe('planted facts, recomputed from the files', () => {
    /** Slack id -> org chart row. */
    const personOf = new Map<string, Row>();
    /** person -> seconds of everything they did or had done to them (joins excluded) */
    const activity = new Map<string, number[]>();
    /** person -> the people they helped or were helped by, reacted to or mentioned */
    const ties = new Map<string, Set<string>>();
    /** help events: a reply by `helper` in the thread `helped` started */
    const help: { helper: Row; helped: Row; channel: string; thread: string }[] = [];

    beforeAll(() => {
      const emailToRow = new Map(rows.map((r) => [r.email, r]));
      for (const user of users) {
        const row = user.profile.email ? emailToRow.get(user.profile.email) : undefined;
        if (row) personOf.set(user.id, row);
      }
      const touch = (slackId: string | undefined, seconds: number): void => {
        const row = slackId ? personOf.get(slackId) : undefined;
        if (!row) return;
        const list = activity.get(row.person) ?? [];
        list.push(seconds);
        activity.set(row.person, list);
      };
      const tie = (a: string | undefined, b: string | undefined): void => {
        const x = a ? personOf.get(a) : undefined;
        const y = b ? personOf.get(b) : undefined;
        if (!x || !y || x === y) return;
        for (const [from, to] of [
          [x, y],
          [y, x],
        ] as const) {
          const set = ties.get(from.person) ?? new Set<string>();
          set.add(to.person);
          ties.set(from.person, set);
        }
      };
      for (const { channel, message } of messages) {
        if (message.subtype === 'channel_join') continue;
        const seconds = Number(message.ts);
        touch(message.user, seconds);
        if (message.parent_user_id) {
          touch(message.parent_user_id, seconds);
          tie(message.user, message.parent_user_id);
          const helper = personOf.get(message.user ?? '');
          const helped = personOf.get(message.parent_user_id);
          if (helper && helped && helper !== helped)
            help.push({ helper, helped, channel, thread: `${channel}/${message.thread_ts}` });
        }
        for (const reaction of message.reactions ?? []) {
          for (const user of reaction.users) {
            touch(user, seconds);
            touch(message.user, seconds);
            tie(user, message.user);
          }
        }
        for (const [, mentioned] of (message.text ?? '').matchAll(/<@(U[0-9A-Z]+)>/g))
          tie(message.user, mentioned);
      }
    });

    it('never-active people appear nowhere in the day files', () => {
      const { neverActive, isolated } = result.manifest;
      expect(neverActive.length).toBeGreaterThanOrEqual(2);
      const raw = messages.map(({ message }) => JSON.stringify(message)).join('\n');
      for (const person of neverActive) {
        const slackIds = [...personOf].filter(([, row]) => row.person === person).map(([id]) => id);
        expect(slackIds).toHaveLength(1);
        expect(raw.includes(slackIds[0] as string)).toBe(false);
        expect(isolated.some((i) => i.person === person)).toBe(true);
      }
    });

    it('fading people were active early and silent for the last 90 days', () => {
      const { fading, isolated, window } = result.manifest;
      expect(fading.length).toBeGreaterThanOrEqual(4);
      expect(fading.length).toBeLessThanOrEqual(6);
      const lastWindowStart = secondsOf(window.to) + DAY - 90 * DAY;
      for (const person of fading) {
        const seen = activity.get(person) ?? [];
        expect(seen.length, person).toBeGreaterThan(0);
        expect(Math.max(...seen), person).toBeLessThan(lastWindowStart);
        expect(isolated.some((i) => i.person === person)).toBe(true);
      }
      // Everyone else who was around early is still around at the end.
      const lastSeen = [...activity]
        .filter(([p]) => !fading.includes(p))
        .map(([, s]) => Math.max(...s));
      const stillActive = lastSeen.filter((s) => s >= lastWindowStart).length;
      expect(stillActive / lastSeen.length).toBeGreaterThan(0.9);
    });

    it('new joiners joined in the last 30 days and have at most one tie', () => {
      const { newJoiners, window } = result.manifest;
      expect(newJoiners.length).toBeGreaterThanOrEqual(5);
      expect(newJoiners.length).toBeLessThanOrEqual(8);
      const recent = rows
        .filter((r) => secondsOf(r.joined) > secondsOf(window.to) - 30 * DAY)
        .map((r) => r.person);
      expect(recent.sort()).toEqual([...newJoiners].sort());
      let withTie = 0;
      for (const person of newJoiners) {
        const joined = secondsOf((rows.find((r) => r.person === person) as Row).joined);
        for (const seconds of activity.get(person) ?? [])
          expect(seconds).toBeGreaterThanOrEqual(joined);
        const count = ties.get(person)?.size ?? 0;
        expect(count, person).toBeLessThanOrEqual(1);
        if (count === 1) withTie++;
      }
      expect(withTie).toBeGreaterThan(0);
    });

    it('experts answer far more questions than others, and most of them, in their topic channel', () => {
      const { experts, channels } = result.manifest;
      expect(experts.length).toBeGreaterThan(0);
      for (const topic of new Set(experts.map((e) => e.topic))) {
        const channel = channels.find((c) => c.topic === topic && c.kind === 'topic')
          ?.name as string;
        const topicExperts = experts.filter((e) => e.topic === topic).map((e) => e.person);
        const answered = new Map<string, Set<string>>();
        for (const h of help) {
          if (h.channel !== channel) continue;
          const threads = answered.get(h.helper.person) ?? new Set<string>();
          threads.add(h.thread);
          answered.set(h.helper.person, threads);
        }
        const others = [...answered]
          .filter(([p]) => !topicExperts.includes(p))
          .map(([, t]) => t.size)
          .sort((a, b) => a - b);
        const typical = Math.max(1, others[Math.floor(others.length / 2)] ?? 0);
        for (const expert of topicExperts) {
          expect(
            answered.get(expert)?.size ?? 0,
            `${expert} in #${channel}`,
          ).toBeGreaterThanOrEqual(2 * typical);
        }
        const allThreads = new Set([...answered.values()].flatMap((t) => [...t]));
        const byExperts = new Set(topicExperts.flatMap((p) => [...(answered.get(p) ?? [])]));
        expect(byExperts.size / allThreads.size, `#${channel}`).toBeGreaterThan(0.5);
      }
    });

    it('the guild spans four or more teams and helps across them', () => {
      const { crossTeamCommunity: guild } = result.manifest;
      const teams = new Set(
        guild.members.map((p) => (rows.find((r) => r.person === p) as Row).team),
      );
      expect(teams.size).toBeGreaterThanOrEqual(4);
      expect([...teams].sort()).toEqual(guild.teams);
      const inGuild = help.filter((h) => h.channel === guild.channel);
      expect(inGuild.length).toBeGreaterThan(20);
      for (const h of inGuild) expect(guild.members).toContain(h.helper.person);
      const across = inGuild.filter((h) => h.helper.team !== h.helped.team).length;
      expect(across / inGuild.length).toBeGreaterThan(0.5);
    });

    it('one team leans on another far beyond what the teams’ activity predicts', () => {
      const { dependencies, teams, channels, window } = result.manifest;
      expect(dependencies.length).toBeGreaterThan(0);
      const between = help.filter((h) => h.helper.team && h.helped.team);
      const count = (keep: (h: (typeof help)[number]) => boolean): number =>
        between.filter(keep).length;
      const members = new Map(
        (
          JSON.parse(readFileSync(join(outDir, 'slack-export', 'channels.json'), 'utf8')) as {
            name: string;
            members: string[];
          }[]
        ).map((c) => [c.name, new Set(c.members)]),
      );
      const slackIdOf = new Map([...personOf].map(([id, row]) => [row.person, id]));
      for (const { from, to, topic, reason } of dependencies) {
        expect(from).not.toBe(to);
        expect(teams.map((t) => t.name)).toEqual(expect.arrayContaining([from, to]));
        expect(reason).toContain(from);
        const flow = between.filter((h) => h.helper.team === from && h.helped.team === to);
        // Against independence: what `from` gives overall times what `to` receives overall,
        // over all help between people with a team.
        const expected =
          (count((h) => h.helper.team === from) * count((h) => h.helped.team === to)) /
          between.length;
        expect(flow.length / expected, `${from} → ${to}`).toBeGreaterThan(2);
        const fromOthers = teams
          .filter((t) => t.name !== from && t.name !== to)
          .map((t) => count((h) => h.helper.team === t.name && h.helped.team === to));
        expect(flow.length).toBeGreaterThan(3 * Math.max(...fromOthers));
        const back = count((h) => h.helper.team === to && h.helped.team === from);
        expect(flow.length).toBeGreaterThan(3 * back);

        // Asked where the helping team answers: its team channel and its topic's channel,
        // which the askers belong to.
        const rooms = [
          teams.find((t) => t.name === from)?.channel,
          channels.find((c) => c.kind === 'topic' && c.topic === topic)?.name,
        ];
        const inRooms = flow.filter((h) => rooms.includes(h.channel));
        expect(inRooms.length / flow.length).toBeGreaterThan(0.8);
        for (const h of inRooms)
          expect(members.get(h.channel)?.has(slackIdOf.get(h.helped.person) ?? '')).toBe(true);

        // A team's habit, not one pair's, and all through the span.
        expect(new Set(flow.map((h) => h.helper.person)).size).toBeGreaterThanOrEqual(5);
        const askers = new Set(flow.map((h) => h.helped.person)).size;
        expect(askers).toBeGreaterThan(rows.filter((r) => r.team === to).length / 2);
        const threads = [...new Set(flow.map((h) => h.thread))].map((t) =>
          Number(t.slice(t.indexOf('/') + 1)),
        );
        const middle = (secondsOf(window.from) + secondsOf(window.to) + DAY) / 2;
        const early = threads.filter((t) => t < middle).length;
        expect(early / threads.length).toBeGreaterThan(0.3);
        expect(early / threads.length).toBeLessThan(0.7);
      }
    });

    it('most help stays within a team, a minority crosses teams', () => {
      const between = help.filter((h) => h.helper.team && h.helped.team);
      const across = between.filter((h) => h.helper.team !== h.helped.team).length / between.length;
      expect(across).toBeGreaterThan(0.1);
      expect(across).toBeLessThan(0.45);
    });
  });
});

describe('the planted text', () => {
  it('is in every message but the join notices, and never reaches the database file', async () => {
    const joins = messages.filter(({ message }) => message.subtype === 'channel_join').length;
    const carrying = messages.filter(({ message }) => message.text?.includes(PLANTED_TEXT)).length;
    expect(joins).toBeGreaterThan(0);
    expect(carrying).toBe(messages.length - joins);
    await expectNotStored(PLANTED_TEXT, async (store) => {
      await runImport(store, orgChart, { path: join(outDir, 'org-chart.csv'), options: {} });
      const slack = await runImport(store, slackExport, {
        path: join(outDir, 'slack-export'),
        options: {},
      });
      expect(slack.counts.interactionsStored).toBeGreaterThan(0);
    });
  });
});
