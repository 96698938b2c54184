/**
 * What happens in the demo workspace: who asks, who answers, when, and who reacts. The plan is
 * a list of messages with their authors and threads; slack-export.ts turns it into files.
 *
 * Planted facts are kept by construction: a person only appears inside their active interval,
 * new joiners and never-active people are left out of everything random, and a thread stops
 * before the first of its participants goes quiet. Some activity is spread evenly rather than
 * left to chance, so that the planted facts stand out even in a small demo: everyone asks their
 * team something in each half of the span, every topic channel gets a steady share of the
 * questions, its experts take a steady share of the answers, and the planted dependency gets a
 * steady share of the threads.
 */
import {
  DAY,
  DayPicker,
  HOUR,
  WINDOW_END,
  WINDOW_START,
  replyDelay,
  workingMoment,
} from './calendar.ts';
import type { MessageKind } from './message-text.ts';
import { Random, WeightedPicker } from './random.ts';
import {
  takesPart,
  type Bot,
  type Channel,
  type Organisation,
  type Person,
  type Team,
} from './organisation.ts';

export interface Reaction {
  name: string;
  users: Person[];
}

export interface PlannedMessage {
  channel: Channel;
  seconds: number;
  /** seconds * 1e6 + microseconds: unique within the channel, and the sort key. */
  key: number;
  ts: string;
  kind: MessageKind | 'join';
  author: Person | null;
  bot: Bot | null;
  /** The topic the message is about (its words name it). */
  topic: string;
  root: PlannedMessage | null;
  replies: PlannedMessage[];
  reactions: Reaction[];
  /** Seconds of the last edit; 0 when never edited. */
  editedAt: number;
  /** A thread reply also sent to the channel (`thread_broadcast`). */
  broadcast: boolean;
  /** Whom the text may mention: the starter in an answer, the helper in a thanks. */
  counterpart: Person | null;
}

interface Pools {
  askIn: WeightedPicker<Person> | null;
  askOut: WeightedPicker<Person> | null;
  helpIn: WeightedPicker<Person> | null;
  helpOut: WeightedPicker<Person> | null;
}

/** Shares of threads by kind of channel. */
const SHARES = { team: 0.5, topic: 0.4, guild: 0.07, general: 0.03 };
/** Share of a topic channel's questions its experts answer first. */
const EXPERT_SHARE = 0.8;
/** Share of all messages in the planted dependency's threads. */
const DEPENDENCY_SHARE = 0.04;
/** Part of the topic share spread evenly over topics rather than left to chance (see plan). */
const TOPIC_BASELINE = 0.8;
const THANKS_REACTIONS = ['white_check_mark', 'white_check_mark', 'pray', 'raised_hands', '+1'];
const CHEER_REACTIONS = ['+1', 'tada', 'heart', 'eyes', 'rocket'];
/** Replies per thread, 1 to 10: mostly short threads, a long tail. */
const REPLY_WEIGHTS = [18, 22, 20, 14, 10, 7, 4, 2, 2, 1];
const REPLY_COUNTS = new WeightedPicker(
  REPLY_WEIGHTS.map((_, i) => i + 1),
  REPLY_WEIGHTS,
);
const MEAN_THREAD =
  1 +
  REPLY_WEIGHTS.reduce((sum, w, i) => sum + w * (i + 1), 0) /
    REPLY_WEIGHTS.reduce((a, b) => a + b, 0);

/** Whether `person` may take part in random activity throughout [from, to). */
function available(person: Person, from: number, to: number): boolean {
  return takesPart(person) && person.activeFrom <= from && to <= person.activeUntil;
}

function picker(people: Person[], weight: (p: Person) => number): WeightedPicker<Person> | null {
  return people.length === 0 ? null : new WeightedPicker(people, people.map(weight));
}

export class ActivityPlanner {
  readonly messages: PlannedMessage[] = [];
  readonly #org: Organisation;
  readonly #seed: number;
  readonly #rng: Random;
  /** New joiners without a buddy: their questions go unanswered. */
  readonly #unbuddied: Person[] = [];
  readonly #days = new DayPicker();
  readonly #pools = new Map<Channel, Pools>();
  readonly #usedKeys = new Map<Channel, Set<number>>();
  /** Per topic channel: questions asked, how many went to experts, and to which. */
  readonly #expertLoad = new Map<
    Channel,
    { asked: number; byExperts: number; taken: Map<Person, number> }
  >();
  readonly #teamChannels: WeightedPicker<Channel>;

  constructor(org: Organisation, seed: number) {
    this.#org = org;
    this.#seed = seed;
    this.#rng = Random.derive(seed, 'activity');
    for (const channel of org.channels) this.#pools.set(channel, this.#buildPools(channel));
    const teamChannels = org.teams.map((t) => t.channel);
    this.#teamChannels = new WeightedPicker(
      teamChannels,
      teamChannels.map((c) => c.team?.members.length ?? 0),
    );
  }

  /**
   * Where the next question is asked. Team channels are as busy as their teams are big; every
   * topic gets a fair hearing. `teamShare` and `topicShare` are what is left to chance of
   * those kinds once the baselines are planted.
   */
  #channelPicker(teamShare: number, topicShare: number): WeightedPicker<Channel> {
    const channels = this.#org.channels;
    const teamSize = (c: Channel): number => c.team?.members.length ?? 0;
    const teamTotal = channels.reduce((n, c) => n + teamSize(c), 0);
    const weight = (c: Channel): number => {
      if (c.kind === 'team') return (teamShare * teamSize(c)) / teamTotal;
      if (c.kind === 'topic') return topicShare / this.#org.topics.length;
      return SHARES[c.kind];
    };
    return new WeightedPicker(channels, channels.map(weight));
  }

  #buildPools(channel: Channel): Pools {
    const eligible = channel.members.filter(takesPart);
    const owners = new Set<Team | null>(
      channel.kind === 'team'
        ? [channel.team]
        : channel.kind === 'topic'
          ? (channel.topic?.owners ?? [])
          : [],
    );
    const everyoneInside = channel.kind === 'general' || channel.kind === 'guild';
    const inside = eligible.filter((p) => everyoneInside || owners.has(p.team));
    const outside = eligible.filter((p) => !everyoneInside && !owners.has(p.team));
    const channelTopics = channel.team ? channel.team.topics : channel.topic ? [channel.topic] : [];
    const expertise = (p: Person): number =>
      p.expertIn.some((t) => channelTopics.includes(t)) ? 3 : 1;
    // Experts ask less about their own topics than they answer.
    const curiosity = (p: Person): number => (expertise(p) > 1 ? p.askWeight * 0.3 : p.askWeight);
    return {
      askIn: picker(inside, curiosity),
      askOut: picker(outside, curiosity),
      helpIn: picker(inside, (p) => p.helpWeight * expertise(p)),
      helpOut: picker(outside, (p) => p.helpWeight * expertise(p)),
    };
  }

  /** Someone from `pool` available over [from, to) and not in `exclude`, or null. */
  #choose(
    pool: WeightedPicker<Person> | null,
    from: number,
    to: number,
    exclude: readonly Person[],
  ): Person | null {
    if (!pool) return null;
    for (let attempt = 0; attempt < 40; attempt++) {
      const person = pool.pick(this.#rng);
      if (!exclude.includes(person) && available(person, from, to)) return person;
    }
    return null;
  }

  #loadOf(channel: Channel): { asked: number; byExperts: number; taken: Map<Person, number> } {
    let load = this.#expertLoad.get(channel);
    if (!load) this.#expertLoad.set(channel, (load = { asked: 0, byExperts: 0, taken: new Map() }));
    return load;
  }

  /**
   * Whether the next question in a topic channel goes to its experts. Go-to people are
   * reliably there, so their share of first answers is steady rather than left to chance.
   */
  #expertsDue(channel: Channel): boolean {
    const load = this.#loadOf(channel);
    load.asked++;
    return load.byExperts < EXPERT_SHARE * load.asked;
  }

  /** The topic's expert who has taken fewest questions so far (`counted`: this one counts). */
  #expert(
    channel: Channel,
    from: number,
    to: number,
    exclude: readonly Person[],
    counted: boolean,
  ): Person | null {
    const load = this.#loadOf(channel);
    const counts = load.taken;
    const candidates = (channel.topic?.experts ?? []).filter(
      (p) => !exclude.includes(p) && available(p, from, to),
    );
    if (candidates.length === 0) return null;
    const least = Math.min(...candidates.map((p) => counts.get(p) ?? 0));
    const expert = this.#rng.pick(candidates.filter((p) => (counts.get(p) ?? 0) === least));
    if (counted) {
      counts.set(expert, least + 1);
      load.byExperts++;
    }
    return expert;
  }

  #poolsOf(channel: Channel): Pools {
    return this.#pools.get(channel) as Pools;
  }

  /** Who asks in `channel`: in a team channel mostly the team, in a topic channel often others. */
  #starter(
    channel: Channel,
    from: number,
    to: number,
  ): { starter: Person; outsiderAsks: boolean } | null {
    const pools = this.#poolsOf(channel);
    let outsiderAsks = false;
    if (channel.kind === 'team') outsiderAsks = this.#rng.chance(0.05);
    else if (channel.kind === 'topic') outsiderAsks = this.#rng.chance(0.3);
    const starter =
      (outsiderAsks ? this.#choose(pools.askOut, from, to, []) : null) ??
      this.#choose(pools.askIn, from, to, []);
    return starter ? { starter, outsiderAsks } : null;
  }

  /** Who starts a thread in `channel` and who answers it. */
  #cast(channel: Channel, from: number, to: number): { starter: Person; helpers: Person[] } | null {
    const rng = this.#rng;
    const pools = this.#poolsOf(channel);
    const choose = (pool: WeightedPicker<Person> | null, exclude: Person[]): Person | null =>
      this.#choose(pool, from, to, exclude) ?? this.#choose(pools.helpIn, from, to, exclude);

    const asking = this.#starter(channel, from, to);
    if (!asking) return null;
    const { starter, outsiderAsks } = asking;

    /** The first helper always answers; a second one may not get a word in. */
    const helper = (exclude: Person[], first: boolean): Person | null => {
      const roll = rng.next();
      if (channel.kind === 'team')
        return choose(outsiderAsks || roll < 0.93 ? pools.helpIn : pools.helpOut, exclude);
      if (channel.kind === 'topic') {
        if (first ? this.#expertsDue(channel) : roll < EXPERT_SHARE) {
          const expert = this.#expert(channel, from, to, exclude, first);
          if (expert) return expert;
        }
        return choose(roll < 0.7 ? pools.helpIn : pools.helpOut, exclude);
      }
      return choose(pools.helpIn, exclude);
    };
    const first = helper([starter], true);
    if (!first) return null;
    const helpers = [first];
    if (rng.chance(0.3)) {
      const second = helper([starter, first], false);
      if (second) helpers.push(second);
    }
    return { starter, helpers };
  }

  /** What a message in `channel` is about: in a team channel, one of the team's topics. */
  #topic(channel: Channel): string {
    return channel.team ? this.#rng.pick(channel.team.topics).name : channel.subject;
  }

  #message(
    channel: Channel,
    seconds: number,
    kind: PlannedMessage['kind'],
    author: Person | null,
    topic: string,
    root: PlannedMessage | null = null,
    bot: Bot | null = null,
  ): PlannedMessage {
    const rng = this.#rng;
    let used = this.#usedKeys.get(channel);
    if (!used) this.#usedKeys.set(channel, (used = new Set()));
    let key = seconds * 1e6 + rng.int(0, 999_999);
    while (used.has(key)) key++;
    used.add(key);
    const whole = Math.floor(key / 1e6);
    const ts = `${whole}.${String(key - whole * 1e6).padStart(6, '0')}`;

    let editedAt = 0;
    if (author && kind !== 'join' && rng.chance(0.07)) {
      const at = whole + rng.int(30, 1800);
      if (at < Math.min(author.activeUntil, WINDOW_END)) editedAt = at;
    }
    // The draw that named the service a message mentioned (in a team's or a topic's channel),
    // before the demo's words were cut to a line per kind: kept, so that every later draw, and
    // so every person, message and timestamp of the demo, stays as it was.
    if (channel.team || channel.topic) rng.next();
    const message: PlannedMessage = {
      channel,
      seconds: whole,
      key,
      ts,
      kind,
      author,
      bot,
      topic,
      root,
      replies: [],
      reactions: [],
      editedAt,
      broadcast: false,
      counterpart: null,
    };
    root?.replies.push(message);
    this.messages.push(message);
    return message;
  }

  /** Someone in `channel` who might add a reaction at `seconds`. */
  #bystander(channel: Channel, seconds: number, exclude: Person[]): Person | null {
    return this.#choose(
      this.#poolsOf(channel).askIn,
      seconds,
      Math.min(seconds + DAY, WINDOW_END),
      exclude,
    );
  }

  /**
   * A question and its replies; returns how many messages it made (at most `budget`).
   * `bystanders`: whether people outside the thread may react (never around new joiners).
   */
  #thread(
    channel: Channel,
    start: number,
    starter: Person,
    helpers: Person[],
    budget: number,
    bystanders: boolean,
  ): number {
    const rng = this.#rng;
    const topic = this.#topic(channel);
    const root = this.#message(channel, start, 'question', starter, topic);
    const deadline = Math.min(
      WINDOW_END,
      starter.activeUntil,
      ...helpers.map((h) => h.activeUntil),
    );
    const wanted = Math.min(budget - 1, REPLY_COUNTS.pick(rng));
    const answered: Person[] = [];
    let at = start;
    let previous = starter;
    for (let i = 0; i < wanted; i++) {
      at += replyDelay(rng);
      if (at >= deadline) break;
      let author = helpers[0] as Person;
      if (i > 0 && previous !== starter && rng.chance(0.65)) author = starter;
      else if (i > 0 && helpers.length > 1 && rng.chance(0.5)) author = helpers[1] as Person;
      const kind = author === starter ? 'followup' : answered.includes(author) ? 'more' : 'answer';
      if (author !== starter && !answered.includes(author)) answered.push(author);
      const reply = this.#message(channel, at, kind, author, topic, root);
      reply.counterpart = author === starter ? (answered[0] as Person) : starter;
      previous = author;
    }

    const last = root.replies[root.replies.length - 1];
    if (last && last.author === starter) {
      last.kind = 'thanks';
      last.broadcast = rng.chance(0.04);
    }
    const firstAnswer = root.replies.find((r) => r.kind === 'answer');
    if (firstAnswer && rng.chance(0.45)) {
      const users = [starter];
      if (bystanders && rng.chance(0.25)) {
        const other = this.#bystander(channel, firstAnswer.seconds, [
          starter,
          firstAnswer.author as Person,
        ]);
        if (other) users.push(other);
      }
      firstAnswer.reactions.push({ name: rng.pick(THANKS_REACTIONS), users });
    }
    if (firstAnswer && rng.chance(0.12))
      root.reactions.push({ name: 'eyes', users: [firstAnswer.author as Person] });
    if (bystanders && rng.chance(0.08)) {
      const other = this.#bystander(channel, start, [starter, ...helpers]);
      if (other) root.reactions.push({ name: '+1', users: [other] });
    }
    return 1 + root.replies.length;
  }

  /** A message nobody replies to, perhaps cheered by a few channel members. */
  #single(
    channel: Channel,
    seconds: number,
    kind: MessageKind,
    author: Person,
    cheer: boolean,
  ): void {
    const message = this.#message(channel, seconds, kind, author, this.#topic(channel));
    if (!cheer || !this.#rng.chance(0.4)) return;
    const names = this.#rng.sample(CHEER_REACTIONS, this.#rng.int(1, 2));
    for (const name of names) {
      const users: Person[] = [];
      for (let n = this.#rng.int(1, 4); n > 0; n--) {
        const other = this.#bystander(channel, seconds, [author, ...users]);
        if (other) users.push(other);
      }
      if (users.length > 0) message.reactions.push({ name, users });
    }
  }

  #join(channel: Channel, seconds: number, person: Person): void {
    this.#message(channel, seconds, 'join', person, channel.subject);
  }

  /** Everyone who joined during the span joins #general and their team channel that morning. */
  #joinMessages(): void {
    for (const person of this.#org.people) {
      if (person.activeFrom === WINDOW_START || person.role === 'neverActive' || !person.team)
        continue;
      const at = person.activeFrom + 9 * HOUR - person.location.utcOffset + this.#rng.int(0, 1800);
      this.#join(this.#org.general, at, person);
      this.#join(person.team.channel, at + this.#rng.int(60, 900), person);
    }
  }

  /** Weekly check-ins from the Standup app (a bot user); teammates reply in the thread. */
  #standups(): void {
    const rng = this.#rng;
    const bot = this.#org.standupBot;
    let monday = WINDOW_START;
    while (new Date(monday * 1000).getUTCDay() !== 1) monday += DAY;
    for (const team of this.#org.teams) {
      const pools = this.#poolsOf(team.channel);
      for (let day = monday; day < WINDOW_END; day += 7 * DAY) {
        if (!rng.chance(0.35)) continue;
        const at = day + 9 * HOUR - team.office.utcOffset + rng.int(0, 20);
        const root = this.#message(
          team.channel,
          at,
          'standup',
          null,
          team.channel.subject,
          null,
          bot,
        );
        const repliers: Person[] = [];
        let replyAt = at;
        for (let n = rng.int(0, 2); n > 0; n--) {
          replyAt += replyDelay(rng);
          const person = this.#choose(
            pools.askIn,
            replyAt,
            Math.min(replyAt + HOUR, WINDOW_END),
            repliers,
          );
          if (!person || replyAt >= WINDOW_END) break;
          repliers.push(person);
          this.#message(
            team.channel,
            replyAt,
            'standup-reply',
            person,
            this.#topic(team.channel),
            root,
          );
        }
      }
    }
  }

  /** Release notices from a legacy integration: `bot_message` without a user. */
  #deploys(count: number): void {
    const rng = this.#rng;
    for (let i = 0; i < count; i++) {
      const channel = this.#teamChannels.pick(rng);
      const at = this.#days.pick(rng) + rng.int(7 * HOUR, 18 * HOUR);
      this.#message(channel, at, 'deploy', null, channel.subject, null, this.#org.deployBot);
    }
  }

  /** People wandering into topic channels: channel_join notices, not help. */
  #topicJoins(count: number): void {
    const rng = this.#rng;
    const topics = this.#org.topics;
    for (let i = 0, tries = 0; i < count && tries < count * 20; tries++) {
      const channel = rng.pick(topics).channel;
      const day = this.#days.pick(rng);
      const person = this.#choose(
        this.#poolsOf(channel).askOut ?? this.#poolsOf(channel).askIn,
        day,
        day + DAY,
        [],
      );
      if (!person) continue;
      this.#join(channel, workingMoment(rng, day, person.location.utcOffset), person);
      i++;
    }
  }

  /** New joiners: most ask their buddy a question or two; nobody else is involved. */
  #newJoinerThreads(): void {
    const rng = this.#rng;
    const joiners = rng.shuffle(this.#org.people.filter((p) => p.role === 'newJoiner'));
    const withBuddy = Math.ceil(joiners.length * 0.67);
    for (const [i, joiner] of joiners.entries()) {
      if (i >= withBuddy) this.#unbuddied.push(joiner);
      if (i >= withBuddy || !joiner.team) continue;
      const team = joiner.team;
      const buddy = rng.chance(0.5)
        ? team.lead
        : (this.#choose(this.#poolsOf(team.channel).helpIn, joiner.activeFrom, WINDOW_END, [
            joiner,
          ]) ?? team.lead);
      for (let n = rng.int(1, 3); n > 0; n--) {
        const day = this.#days.pick(rng, joiner.activeFrom + DAY, WINDOW_END - DAY);
        const at = workingMoment(rng, day, joiner.location.utcOffset);
        this.#thread(team.channel, at, joiner, [buddy], Infinity, false);
      }
    }
  }

  /** Fading people: busy in their team early on, before they go quiet. */
  #fadingThreads(): void {
    const rng = this.#rng;
    for (const person of this.#org.people) {
      if (person.role !== 'fading' || !person.team) continue;
      const channel = person.team.channel;
      for (let n = rng.int(3, 5); n > 0; n--) {
        const day = this.#days.pick(rng, WINDOW_START, person.activeUntil - 3 * DAY);
        const asks = rng.chance(0.5);
        const other = this.#choose(
          this.#poolsOf(channel)[asks ? 'helpIn' : 'askIn'],
          day,
          day + 3 * DAY,
          [person],
        );
        if (!other) continue;
        const starter = asks ? person : other;
        const at = workingMoment(rng, day, starter.location.utcOffset);
        this.#thread(channel, at, starter, [asks ? other : person], Infinity, true);
      }
    }
  }

  /**
   * The planted dependency: people of the helped team ask, in turn, in the helping team's topic
   * channel (where that team's experts of the topic mostly answer) and in its team channel
   * (where anyone of the team may), spread evenly over the span.
   */
  #dependencyThreads(count: number): void {
    const rng = this.#rng;
    const { helping, helped, topic } = this.#org.dependency;
    const steady = takesPart;
    const askers = picker(helped.members.filter(steady), (p) => p.askWeight);
    const experts = picker(
      topic.experts.filter((p) => p.team === helping && steady(p)),
      (p) => p.helpWeight,
    );
    const anyone = this.#poolsOf(helping.channel).helpIn;
    for (let made = 0, tries = 0; made < count && tries < count * 20; tries++) {
      const channel = made % 2 === 0 ? topic.channel : helping.channel;
      const day = this.#days.pick(rng);
      const until = Math.min(day + 3 * DAY, WINDOW_END);
      const starter = this.#choose(askers, day, until, []);
      if (!starter) continue;
      const byExpert = channel === topic.channel && rng.chance(EXPERT_SHARE);
      const helper =
        (byExpert ? this.#choose(experts, day, until, [starter]) : null) ??
        this.#choose(anyone, day, until, [starter]);
      if (!helper) continue;
      const at = workingMoment(rng, day, starter.location.utcOffset);
      this.#thread(channel, at, starter, [helper], Infinity, true);
      made++;
    }
  }

  /**
   * Everyone asks their team (the head: #general) something in each half of the span, so that
   * in any recent window only the planted people are without ties. Returns the threads made.
   */
  #everyoneAsks(): number {
    const rng = this.#rng;
    const halves = [
      [WINDOW_START + 4 * DAY, WINDOW_END - 92 * DAY],
      [WINDOW_END - 88 * DAY, WINDOW_END - DAY],
    ] as const;
    let threads = 0;
    for (const person of this.#org.people) {
      if (!takesPart(person)) continue;
      const channel = person.team?.channel ?? this.#org.general;
      for (const [from, to] of halves) {
        const first = Math.max(from, person.activeFrom);
        const last = Math.min(to, person.activeUntil - 3 * DAY);
        if (last - first < DAY) continue;
        const day = this.#days.pick(rng, first, last);
        const pools = this.#poolsOf(channel);
        const visitor = rng.chance(0.08)
          ? this.#choose(pools.helpOut, day, day + 3 * DAY, [person])
          : null;
        const helper = visitor ?? this.#choose(pools.helpIn, day, day + 3 * DAY, [person]);
        if (!helper) continue;
        this.#thread(
          channel,
          workingMoment(rng, day, person.location.utcOffset),
          person,
          [helper],
          Infinity,
          true,
        );
        threads++;
      }
    }
    return threads;
  }

  #standalone(count: number, channels: WeightedPicker<Channel>): void {
    const rng = this.#rng;
    const org = this.#org;
    for (let made = 0, tries = 0; made < count; tries++) {
      if (tries > count * 50) throw new Error('generateDemo: could not place standalone messages');
      const day = this.#days.pick(rng);
      const roll = rng.next();
      let channel: Channel;
      let kind: MessageKind;
      let author: Person | null;
      if (roll < 0.55) {
        channel = this.#teamChannels.pick(rng);
        kind = 'note';
        author = this.#choose(this.#poolsOf(channel).askIn, day, day + DAY, []);
      } else if (roll < 0.75) {
        channel = org.general;
        kind = 'announcement';
        const lead = rng.chance(0.3) ? org.head : rng.pick(org.teams).lead;
        author = available(lead, day, day + DAY) ? lead : null;
      } else {
        channel = channels.pick(rng);
        kind = 'question';
        author = this.#starter(channel, day, day + DAY)?.starter ?? null;
      }
      if (!author) continue;
      this.#single(
        channel,
        workingMoment(rng, day, author.location.utcOffset),
        kind,
        author,
        kind !== 'question',
      );
      made++;
    }
  }

  /** Fills the span with exactly `total` messages. */
  plan(total: number): PlannedMessage[] {
    const rng = this.#rng;
    this.#joinMessages();
    this.#standups();
    this.#deploys(Math.round(total * 0.012));
    this.#topicJoins(Math.round(total * 0.008));
    this.#newJoinerThreads();
    this.#fadingThreads();
    this.#dependencyThreads(Math.round((total * DEPENDENCY_SHARE) / MEAN_THREAD));
    const standalone = Math.round(total * 0.08);
    this.#standalone(standalone, this.#channelPicker(SHARES.team, SHARES.topic));
    const threads = (total - this.messages.length) / MEAN_THREAD;
    const asked = this.#everyoneAsks();
    let left = total - this.messages.length;
    if (left < total * 0.25) {
      const enough = Math.ceil((this.messages.length * 1.5) / 1000) * 1000;
      throw new Error(
        `generateDemo: ${total} messages are too few for ${this.#org.people.length} people; use at least ${enough}`,
      );
    }
    // Most of each topic channel's expected questions are spread evenly, so that no topic is
    // left so quiet that its go-to people cannot stand out; chance decides the rest.
    const perTopic = Math.floor(
      (threads * SHARES.topic * TOPIC_BASELINE) / this.#org.topics.length,
    );
    const queue = this.#org.topics.flatMap((topic) => Array<Channel>(perTopic).fill(topic.channel));
    const channels = this.#channelPicker(
      Math.max(0, SHARES.team - asked / threads),
      SHARES.topic * (1 - TOPIC_BASELINE),
    );
    let failures = 0;
    while (left > 0) {
      const queued = queue.pop();
      const channel = queued ?? channels.pick(rng);
      const day = this.#days.pick(rng);
      const cast = this.#cast(channel, day, Math.min(day + 3 * DAY, WINDOW_END));
      if (!cast) {
        if (++failures > 100_000)
          throw new Error('generateDemo: could not find people for threads');
        if (queued) queue.push(queued);
        continue;
      }
      const start = workingMoment(rng, day, cast.starter.location.utcOffset);
      left -= this.#thread(channel, start, cast.starter, cast.helpers, left, true);
    }
    // Planted last, beyond `total`, so that everything planned before stays as it always was.
    this.#unansweredQuestions();
    this.#unchartedThreads();
    return this.messages;
  }

  /**
   * The new joiners without a buddy ask their team a question or two that nobody answers, from
   * a generator of their own, so that nothing planned before changes.
   */
  #unansweredQuestions(): void {
    const rng = Random.derive(this.#seed, 'unanswered');
    for (const joiner of this.#unbuddied) {
      if (!joiner.team) continue;
      for (let n = rng.int(1, 2); n > 0; n--) {
        const day = this.#days.pick(rng, joiner.activeFrom + DAY, WINDOW_END - DAY);
        const at = workingMoment(rng, day, joiner.location.utcOffset);
        this.#message(joiner.team.channel, at, 'question', joiner, joiner.team.channel.subject);
      }
    }
  }

  /** The uncharted team helps itself in its own channel, all through the span. */
  #unchartedThreads(): void {
    const rng = Random.derive(this.#seed, 'uncharted');
    const { team, channel } = this.#org.uncharted;
    for (let week = WINDOW_START; week < WINDOW_END - 7 * DAY; week += 7 * DAY) {
      const day = this.#days.pick(rng, week, week + 7 * DAY);
      const [starter, helper] = rng.sample(team.members, 2) as [Person, Person];
      const at = workingMoment(rng, day, starter.location.utcOffset);
      this.#thread(channel, at, starter, [helper], Infinity, false);
    }
  }
}
