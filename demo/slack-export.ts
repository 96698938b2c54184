/**
 * Writes the planned activity as a Slack workspace export in the standard layout, mirroring a
 * real export (shared/data/slack-export-olake) down to its formatting: users.json and
 * channels.json indented by two with a final newline (users.json escaping & < > the way Slack's
 * Go encoder does), day files indented by one with non-ASCII escaped and no final newline.
 */
import { mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PlannedMessage } from './activity.ts';
import { WINDOW_START, exportDay } from './calendar.ts';
import { normalizedName } from './names.ts';
import type { Bot, Channel, Organisation, Person } from './organisation.ts';
import { messageText, renderElements, renderText } from './message-text.ts';
import { Random, hashString } from './random.ts';

export interface WrittenFile {
  /** Relative to the demo's output folder, with forward slashes. */
  path: string;
  bytes: number;
}

const BLOCK_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const IMAGE_SIZES = [24, 32, 48, 72, 192, 512] as const;
/** Files written concurrently, so that rendering the next day overlaps the disk. */
const WRITES_IN_FLIGHT = 32;

interface Avatar {
  hash: string;
  custom: boolean;
  image(size: number | 'original'): string;
}

function avatarOf(seed: number, slackId: string, joined: string): Avatar {
  const rng = Random.derive(seed, `avatar/${slackId}`);
  if (rng.chance(0.7)) {
    const hex = rng.hex(20);
    const file = `${rng.chars('0123456789', 13)}_${hex}`;
    return {
      hash: hex.slice(0, 12),
      custom: true,
      image: (size) => `https://avatars.slack-edge.com/${joined}/${file}_${size}.png`,
    };
  }
  const hex = rng.hex(32);
  const fallback = String(rng.int(1, 25)).padStart(4, '0');
  return {
    hash: `g${hex.slice(0, 11)}`,
    custom: false,
    image: (size) =>
      `https://secure.gravatar.com/avatar/${hex}.jpg?s=${size}&d=https%3A%2F%2Fa.slack-edge.com%2Fdf10d%2Fimg%2Favatars%2Fava_${fallback}-${size}.png`,
  };
}

/** Python's `json.dumps(ensure_ascii=True)`, which the real day files were written with. */
function escapeNonAscii(json: string): string {
  return json.replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Go's encoding/json, which escapes HTML-significant characters. */
function escapeHtml(json: string): string {
  return json.replace(/[&<>]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}

export class SlackExportWriter {
  readonly #org: Organisation;
  readonly #seed: number;
  readonly #outDir: string;
  readonly #avatars = new Map<Person, Avatar>();
  readonly #inFlight = new Set<Promise<void>>();
  #failure: Error | null = null;
  readonly files: WrittenFile[] = [];

  constructor(org: Organisation, seed: number, outDir: string) {
    this.#org = org;
    this.#seed = seed;
    this.#outDir = outDir;
    for (const person of [...org.people, ...org.uncharted.team.members])
      this.#avatars.set(person, avatarOf(seed, person.slackId, person.joined));
  }

  async #write(relative: string, content: string): Promise<void> {
    this.files.push({ path: relative, bytes: Buffer.byteLength(content) });
    const done: Promise<void> = writeFile(join(this.#outDir, relative), content).then(
      () => void this.#inFlight.delete(done),
      (error: unknown) => {
        this.#inFlight.delete(done);
        this.#failure ??= error instanceof Error ? error : new Error(String(error));
      },
    );
    this.#inFlight.add(done);
    if (this.#inFlight.size >= WRITES_IN_FLIGHT) await Promise.race(this.#inFlight);
    if (this.#failure) throw this.#failure;
  }

  async writeAll(messages: readonly PlannedMessage[]): Promise<void> {
    mkdirSync(join(this.#outDir, 'slack-export'), { recursive: true });
    await this.#write(
      'slack-export/users.json',
      `${escapeHtml(JSON.stringify(this.#users(), null, 2))}\n`,
    );
    await this.#write(
      'slack-export/channels.json',
      `${JSON.stringify(this.#channels(), null, 2)}\n`,
    );
    for (const name of ['dms', 'groups', 'mpims'])
      await this.#write(`slack-export/${name}.json`, '[]\n');
    await this.#writeDays(messages);
    await Promise.all(this.#inFlight);
    if (this.#failure) throw this.#failure;
  }

  async #writeDays(messages: readonly PlannedMessage[]): Promise<void> {
    const days = new Map<string, PlannedMessage[]>();
    for (const message of messages) {
      const file = `${message.channel.name}/${exportDay(message.seconds)}.json`;
      let day = days.get(file);
      if (!day) days.set(file, (day = []));
      day.push(message);
    }
    const made = new Set<string>();
    for (const file of [...days.keys()].sort()) {
      const channel = file.slice(0, file.indexOf('/'));
      if (!made.has(channel)) {
        mkdirSync(join(this.#outDir, 'slack-export', channel), { recursive: true });
        made.add(channel);
      }
      const day = (days.get(file) as PlannedMessage[]).sort((a, b) => a.key - b.key);
      await this.#write(
        `slack-export/${file}`,
        escapeNonAscii(
          JSON.stringify(
            day.map((m) => this.#message(m)),
            null,
            1,
          ),
        ),
      );
    }
  }

  #users(): object[] {
    const org = this.#org;
    const teamId = org.slackTeamId;
    const admins = new Set<Person>([org.head, ...org.teams.slice(0, 2).map((t) => t.lead)]);
    const humans = [...org.people, ...org.uncharted.team.members].map((p) => {
      const avatar = this.#avatars.get(p) as Avatar;
      const images = Object.fromEntries(IMAGE_SIZES.map((s) => [`image_${s}`, avatar.image(s)]));
      return {
        id: p.slackId,
        team_id: teamId,
        name: p.handle,
        deleted: false,
        color: Random.derive(this.#seed, `color/${p.slackId}`).hex(6),
        real_name: p.name,
        tz: p.location.tz,
        tz_label: p.location.tzLabel,
        tz_offset: p.location.utcOffset,
        profile: {
          title: p.title,
          phone: '',
          real_name: p.name,
          real_name_normalized: normalizedName(p.name),
          display_name: p.displayName,
          display_name_normalized: normalizedName(p.displayName),
          fields: {},
          status_text: '',
          status_emoji: '',
          status_emoji_display_info: [],
          avatar_hash: avatar.hash,
          ...(avatar.custom
            ? { image_original: avatar.image('original'), is_custom_image: true }
            : {}),
          email: p.email,
          first_name: p.firstName,
          last_name: p.lastName,
          ...images,
          ...(avatar.custom ? { image_1024: avatar.image(1024) } : {}),
          team: teamId,
        },
        is_admin: admins.has(p),
        is_owner: p === org.head,
        is_primary_owner: p === org.head,
        is_restricted: false,
        is_ultra_restricted: false,
        is_bot: false,
        is_app_user: false,
        updated: WINDOW_START - 86_400 * (hashString(p.slackId) % 300),
        is_email_confirmed: true,
        who_can_share_contact_card: 'EVERYONE',
      };
    });
    const bots = [org.deployBot, org.standupBot].map((bot) => this.#botUser(bot));
    const all = [...humans, ...bots].sort((a, b) => (a.id < b.id ? -1 : 1));
    return [this.#slackbot(), ...all];
  }

  #botIcon(bot: Bot, size: number): string {
    return `https://avatars.slack-edge.com/2024-03-11/${hashString(bot.botId)}_${bot.appId.toLowerCase()}_${size}.png`;
  }

  #botUser(bot: Bot): { id: string } & Record<string, unknown> {
    const teamId = this.#org.slackTeamId;
    return {
      id: bot.slackId,
      team_id: teamId,
      name: bot.handle,
      deleted: false,
      color: '',
      real_name: bot.name,
      tz: 'America/Los_Angeles',
      tz_label: 'Pacific Daylight Time',
      tz_offset: -25200,
      profile: {
        first_name: bot.name,
        real_name: bot.name,
        real_name_normalized: bot.name,
        display_name: '',
        display_name_normalized: '',
        avatar_hash: bot.botId.slice(1, 13).toLowerCase(),
        ...Object.fromEntries(IMAGE_SIZES.map((s) => [`image_${s}`, this.#botIcon(bot, s)])),
        bot_id: bot.botId,
        api_app_id: bot.appId,
        always_active: true,
        team: teamId,
        fields: {},
      },
      is_admin: false,
      is_owner: false,
      is_primary_owner: false,
      is_restricted: false,
      is_ultra_restricted: false,
      is_bot: true,
      is_app_user: false,
      updated: WINDOW_START - 86_400 * 90,
    };
  }

  #slackbot(): object {
    const teamId = this.#org.slackTeamId;
    const image = (size: number | string): string =>
      `https://a.slack-edge.com/80588/img/slackbot_${size}.png`;
    return {
      id: 'USLACKBOT',
      team_id: teamId,
      name: 'slackbot',
      deleted: false,
      color: '757575',
      real_name: 'Slackbot',
      tz: 'America/Los_Angeles',
      tz_label: 'Pacific Daylight Time',
      tz_offset: -25200,
      profile: {
        first_name: 'slackbot',
        real_name: 'Slackbot',
        real_name_normalized: 'Slackbot',
        display_name: 'Slackbot',
        display_name_normalized: 'Slackbot',
        avatar_hash: 'sv41d8cd98f0',
        image_24: image(24),
        image_32: image(32),
        image_48: image(48),
        image_72: image(72),
        image_192:
          'https://a.slack-edge.com/80588/marketing/img/avatars/slackbot/avatar-slackbot.png',
        image_512: image(512),
        always_active: true,
        team: teamId,
        fields: {},
      },
      is_admin: false,
      is_owner: false,
      is_primary_owner: false,
      is_restricted: false,
      is_ultra_restricted: false,
      is_bot: false,
      is_app_user: false,
      updated: 0,
    };
  }

  #channels(): object[] {
    const teamId = this.#org.slackTeamId;
    return [...this.#org.channels, this.#org.uncharted.channel]
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((c: Channel) => ({
        id: c.id,
        created: c.created,
        is_open: false,
        is_group: false,
        is_shared: false,
        is_im: false,
        is_ext_shared: false,
        is_org_shared: false,
        is_global_shared: false,
        is_pending_ext_shared: false,
        is_private: false,
        is_read_only: false,
        is_mpim: false,
        is_user_deleted: false,
        unlinked: 0,
        name_normalized: c.name,
        num_members: c.members.length,
        priority: 0,
        user: '',
        shared_team_ids: [teamId],
        context_team_id: teamId,
        name: c.name,
        creator: c.creator.slackId,
        is_archived: false,
        members: c.members.map((p) => p.slackId).sort(),
        topic: { value: '', creator: '', last_set: 0 },
        purpose: { value: c.purpose, creator: c.creator.slackId, last_set: c.created },
        is_channel: true,
        is_general: c.kind === 'general',
        is_member: true,
        locale: 'en-US',
      }));
  }

  #message(m: PlannedMessage): object {
    if (m.kind === 'join') {
      const user = (m.author as Person).slackId;
      return {
        type: 'message',
        subtype: 'channel_join',
        ts: m.ts,
        user,
        text: `<@${user}> has joined the channel`,
      };
    }
    const rng = new Random(hashString(`${this.#seed}/${m.channel.id}/${m.ts}`));
    const mention = m.kind === 'answer' || m.kind === 'thanks' ? m.counterpart : null;
    const segments = messageText(m.kind, m.topic, m.channel.name, mention?.slackId ?? null);
    const text = renderText(segments);
    const blocks = [
      {
        type: 'rich_text',
        block_id: rng.chars(BLOCK_ID_ALPHABET, 5),
        elements: [{ type: 'rich_text_section', elements: renderElements(segments) }],
      },
    ];
    if (m.bot && !m.author && m.kind === 'deploy') {
      return {
        type: 'message',
        subtype: 'bot_message',
        text,
        ts: m.ts,
        username: m.bot.name,
        bot_id: m.bot.botId,
        icons: { emoji: ':rocket:' },
      };
    }
    const common = {
      replace_original: false,
      delete_original: false,
      metadata: { event_type: '', event_payload: null },
    };
    const teamId = this.#org.slackTeamId;
    if (m.bot) {
      return {
        type: 'message',
        user: m.bot.slackId,
        text,
        ts: m.ts,
        ...(m.replies.length > 0 ? { thread_ts: m.ts } : {}),
        bot_id: m.bot.botId,
        bot_profile: {
          id: m.bot.botId,
          deleted: false,
          name: m.bot.name,
          updated: WINDOW_START - 86_400 * 90,
          app_id: m.bot.appId,
          icons: {
            image_36: this.#botIcon(m.bot, 36),
            image_48: this.#botIcon(m.bot, 48),
            image_72: this.#botIcon(m.bot, 72),
          },
          team_id: teamId,
        },
        ...this.#threadSummary(m),
        team: teamId,
        ...common,
        blocks,
        user_team: teamId,
        source_team: teamId,
        ...(m.replies.length > 0 ? { reply_users_count: this.#replyUsers(m).length } : {}),
      };
    }

    const author = m.author as Person;
    const clientMsgId = rng.uuid();
    const profile = this.#userProfile(author);
    if (m.broadcast && m.root) {
      return {
        client_msg_id: clientMsgId,
        type: 'message',
        user: author.slackId,
        text,
        ts: m.ts,
        thread_ts: m.root.ts,
        subtype: 'thread_broadcast',
        ...common,
        blocks,
        user_profile: profile,
      };
    }
    const root = m.root;
    return {
      client_msg_id: clientMsgId,
      type: 'message',
      user: author.slackId,
      text,
      ts: m.ts,
      ...(root ? { thread_ts: root.ts } : m.replies.length > 0 ? { thread_ts: m.ts } : {}),
      ...(m.editedAt > 0 ? { edited: { user: author.slackId, ts: `${m.editedAt}.000000` } } : {}),
      ...(root ? { parent_user_id: (root.author ?? root.bot)?.slackId } : {}),
      ...this.#threadSummary(m),
      team: teamId,
      ...(m.reactions.length > 0
        ? {
            reactions: m.reactions.map((r) => ({
              name: r.name,
              count: r.users.length,
              users: r.users.map((u) => u.slackId),
            })),
          }
        : {}),
      ...common,
      blocks,
      user_team: teamId,
      source_team: teamId,
      user_profile: profile,
      ...(m.replies.length > 0 ? { reply_users_count: this.#replyUsers(m).length } : {}),
    };
  }

  #replyUsers(m: PlannedMessage): string[] {
    return [...new Set(m.replies.map((r) => (r.author as Person).slackId))];
  }

  #threadSummary(m: PlannedMessage): object {
    if (m.replies.length === 0) return {};
    return {
      reply_count: m.replies.length,
      reply_users: this.#replyUsers(m),
      replies: m.replies.map((r) => ({ user: (r.author as Person).slackId, ts: r.ts })),
      latest_reply: (m.replies[m.replies.length - 1] as PlannedMessage).ts,
    };
  }

  #userProfile(p: Person): object {
    return {
      avatar_hash: '',
      image_72: (this.#avatars.get(p) as Avatar).image(72),
      first_name: p.firstName,
      real_name: p.name,
      display_name: p.displayName,
      team: this.#org.slackTeamId,
      name: p.handle,
      is_restricted: false,
      is_ultra_restricted: false,
    };
  }
}
