/**
 * Who is in the demo organisation: a head, teams with a lead each, topics with their go-to
 * experts, a cross-team guild, a team that leans on another, the channels they meet in, and the
 * few people whose activity is planted on purpose (fading, never active, new joiners). Nothing
 * here decides who talks to whom (activity.ts) or what they say (message-text.ts).
 */
import { DAY, WINDOW_END, WINDOW_START, isWeekend, isoDate, secondsOf } from './calendar.ts';
import { FIRST_NAMES, LAST_NAMES, LOCATIONS, asciiName, type Location } from './names.ts';
import { Random } from './random.ts';
import {
  GENERAL,
  GUILD,
  TEAM_DEFINITIONS,
  TEAM_SUFFIXES,
  type TeamDefinition,
  type TopicDefinition,
} from './teams.ts';

/**
 * `regular` people take part at random; `fading` ones only until `activeUntil`; new joiners and
 * never-active people only in what is planted for them (nothing, for the latter; a question or
 * two to their buddy for most new joiners, and questions nobody answers for the others).
 */
export type PersonRole = 'regular' | 'fading' | 'newJoiner' | 'neverActive';

/** Whether someone takes part in random activity (within their active interval). */
export function takesPart(person: Person): boolean {
  return person.role === 'regular' || person.role === 'fading';
}

export interface Person {
  /** Org chart id, `p0001`…, in order of joining. */
  id: string;
  firstName: string;
  lastName: string;
  name: string;
  email: string;
  /** Slack `name`, the part of the e-mail address before the @. */
  handle: string;
  /** Slack `display_name`; empty for some people, as in real workspaces. */
  displayName: string;
  slackId: string;
  kind: 'head' | 'lead' | 'member';
  /** Null for the head, who leads the leads. */
  team: Team | null;
  manager: Person | null;
  title: string;
  location: Location;
  /** ISO date. */
  joined: string;
  role: PersonRole;
  /** Seconds: the person may appear in generated activity only within [activeFrom, activeUntil). */
  activeFrom: number;
  activeUntil: number;
  /** Relative propensity to ask and to help. */
  askWeight: number;
  helpWeight: number;
  expertIn: Topic[];
}

export interface Team {
  name: string;
  definition: TeamDefinition;
  office: Location;
  lead: Person;
  /** Everyone in the team, lead included. */
  members: Person[];
  topics: Topic[];
  channel: Channel;
}

export interface Topic {
  name: string;
  definition: TopicDefinition;
  /** Teams that own the topic (more than one when an organisation has several teams of a kind). */
  owners: Team[];
  experts: Person[];
  channel: Channel;
}

export interface Channel {
  id: string;
  name: string;
  kind: 'general' | 'team' | 'topic' | 'guild';
  team: Team | null;
  topic: Topic | null;
  /** The topic its messages are about, unless one of its team's topics is drawn for them. */
  subject: string;
  members: Person[];
  created: number;
  creator: Person;
  purpose: string;
}

/**
 * One team relies on another for help far beyond what their sizes predict: the helped team's
 * people ask about the helping team's topic in its topic channel and its team channel, and
 * the helping team's people answer (activity.ts).
 */
export interface Dependency {
  helping: Team;
  helped: Team;
  /** The helping team's topic the questions are about. */
  topic: Topic;
}

export interface Bot {
  slackId: string;
  botId: string;
  appId: string;
  handle: string;
  name: string;
}

export interface Organisation {
  slackTeamId: string;
  head: Person;
  /** In id order. */
  people: Person[];
  teams: Team[];
  topics: Topic[];
  /** General first, then teams, topics and the guild. */
  channels: Channel[];
  general: Channel;
  guild: Channel;
  dependency: Dependency;
  deployBot: Bot;
  standupBot: Bot;
  /**
   * A team in Slack that the org chart does not list (contractors, say): its people are in the
   * workspace and help each other in their own channel, but not in `people`, `teams` or
   * `channels`, so the org chart and everything planned for the others leave them out.
   */
  uncharted: { team: Team; channel: Channel };
}

const SLACK_ID_ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const PLANTED = {
  /** Fading people go quiet on a day in this range: over 13 weeks before the end of the span. */
  fadeFrom: secondsOf('2026-06-22'),
  fadeTo: secondsOf('2026-07-24'),
  /** New joiners join within the last 30 days, early enough to ask something. */
  joinFrom: secondsOf('2026-10-02'),
  joinTo: secondsOf('2026-10-27'),
  /** Other people who join during the span join before the last 30 days. */
  midJoinFrom: secondsOf('2026-05-04'),
  midJoinTo: secondsOf('2026-09-26'),
};
/** Payments leans on identity (for auth): kinds of team, as named in TEAM_DEFINITIONS. */
const DEPENDENCY = { helping: 'identity', helped: 'payments' };

function weekday(seconds: number): number {
  let day = seconds - (seconds % DAY);
  while (isWeekend(day)) day += DAY;
  return day;
}

function titleCase(name: string): string {
  return name
    .split('-')
    .map((word) =>
      word.length <= 3 && word !== 'web'
        ? word.toUpperCase()
        : word[0]?.toUpperCase() + word.slice(1),
    )
    .join(' ');
}

class OrganisationBuilder {
  readonly rng: Random;
  readonly #emails = new Set<string>();
  readonly #ids = new Set<string>();
  readonly people: Person[] = [];

  constructor(seed: number) {
    this.rng = Random.derive(seed, 'organisation');
  }

  slackId(prefix: string): string {
    for (;;) {
      const id = `${prefix}0${this.rng.chars(SLACK_ID_ALPHABET, 9)}`;
      if (!this.#ids.has(id)) {
        this.#ids.add(id);
        return id;
      }
    }
  }

  /** A new person; `listed` false keeps them out of `people` (and so of the org chart). */
  person(
    kind: Person['kind'],
    team: Team | null,
    title: string,
    location: Location,
    joined: number,
    listed = true,
  ): Person {
    const rng = this.rng;
    for (let attempt = 0; attempt < 1000; attempt++) {
      const firstName = rng.pick(FIRST_NAMES);
      const lastName = rng.pick(LAST_NAMES);
      const handle = `${asciiName(firstName)}.${asciiName(lastName)}`;
      const email = `${handle}@example.com`;
      if (this.#emails.has(email)) continue;
      this.#emails.add(email);
      const name = `${firstName} ${lastName}`;
      const shown = rng.next();
      const person: Person = {
        id: '',
        firstName,
        lastName,
        name,
        email,
        handle,
        displayName: shown < 0.1 ? '' : shown < 0.5 ? firstName : name,
        slackId: this.slackId('U'),
        kind,
        team,
        manager: null,
        title,
        location,
        joined: isoDate(weekday(joined)),
        role: 'regular',
        activeFrom: WINDOW_START,
        activeUntil: WINDOW_END,
        askWeight: rng.logNormal(0.35),
        helpWeight: rng.logNormal(0.5),
        expertIn: [],
      };
      if (listed) this.people.push(person);
      return person;
    }
    throw new Error('generateDemo: ran out of unique names; use fewer people');
  }

  memberTitle(team: Team): string {
    const rng = this.rng;
    const base = rng.pick(team.definition.titles);
    const level = rng.next();
    if (level < 0.06) return `Staff Engineer, ${titleCase(team.name)}`;
    if (level < 0.36) return `Senior ${base}`;
    return base;
  }

  /** Tenure before the span: many recent hires, a long tail back to 2018. */
  tenure(): number {
    return WINDOW_START - DAY * (14 + Math.floor(2900 * this.rng.next() ** 1.6));
  }

  location(office: Location, share: number): Location {
    if (this.rng.chance(share)) return office;
    return this.rng.pick(Object.values(LOCATIONS));
  }
}

function teamNames(count: number): { name: string; definition: TeamDefinition }[] {
  const out: { name: string; definition: TeamDefinition }[] = [];
  for (let i = 0; i < count; i++) {
    const definition = TEAM_DEFINITIONS[i % TEAM_DEFINITIONS.length] as TeamDefinition;
    const round = Math.floor(i / TEAM_DEFINITIONS.length);
    if (round === 0) {
      out.push({ name: definition.name, definition });
      continue;
    }
    const suffix = TEAM_SUFFIXES[(round - 1) % TEAM_SUFFIXES.length] as string;
    const lap = Math.floor((round - 1) / TEAM_SUFFIXES.length);
    out.push({ name: `${definition.name}-${suffix}${lap > 0 ? `-${lap + 1}` : ''}`, definition });
  }
  return out;
}

/** Splits `total` into `parts` sizes of at least `minimum`, unevenly. */
function splitSizes(rng: Random, total: number, parts: number, minimum: number): number[] {
  const weights = Array.from({ length: parts }, () => 0.6 + rng.next());
  const spare = total - parts * minimum;
  const sum = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((w) => minimum + Math.floor((spare * w) / sum));
  let left = total - sizes.reduce((a, b) => a + b, 0);
  for (let i = 0; left > 0; i = (i + 1) % parts, left--) sizes[i] = (sizes[i] as number) + 1;
  return sizes;
}

export interface OrganisationOptions {
  seed: number;
  people: number;
  teams: number;
}

export function buildOrganisation(options: OrganisationOptions): Organisation {
  const b = new OrganisationBuilder(options.seed);
  const rng = b.rng;
  const placeholder = null as unknown as Channel;

  const head = b.person(
    'head',
    null,
    'VP Engineering',
    LOCATIONS.london as Location,
    secondsOf('2019-02-04') + DAY * rng.int(0, 600),
  );
  head.askWeight = 0.3;
  head.helpWeight = 0.4;

  const teams: Team[] = [];
  const sizes = splitSizes(rng, options.people - 1 - options.teams, options.teams, 3);
  for (const [i, { name, definition }] of teamNames(options.teams).entries()) {
    const office = LOCATIONS[definition.office] as Location;
    const team: Team = {
      name,
      definition,
      office,
      lead: null as unknown as Person,
      members: [],
      topics: [],
      channel: placeholder,
    };
    const leadJoined = secondsOf('2018-03-01') + DAY * rng.int(0, 2400);
    team.lead = b.person('lead', team, 'Engineering Manager', b.location(office, 0.8), leadJoined);
    team.lead.manager = head;
    team.lead.helpWeight *= 1.3;
    team.members.push(team.lead);
    for (let m = 0; m < (sizes[i] as number); m++) {
      const productManager = m === 0 && (sizes[i] as number) >= 8;
      const title = productManager ? 'Product Manager' : b.memberTitle(team);
      const member = b.person('member', team, title, b.location(office, 0.65), b.tenure());
      member.manager = team.lead;
      if (productManager) {
        member.askWeight *= 1.5;
        member.helpWeight *= 0.4;
      } else if (/^(Senior|Staff)/.test(title)) {
        member.helpWeight *= 1.5;
      }
      team.members.push(member);
    }
    teams.push(team);
  }

  const topics = new Map<string, Topic>();
  for (const team of teams) {
    for (const definition of team.definition.topics) {
      let topic = topics.get(definition.name);
      if (!topic) {
        topic = {
          name: definition.name,
          definition,
          owners: [],
          experts: [],
          channel: placeholder,
        };
        topics.set(definition.name, topic);
      }
      topic.owners.push(team);
      team.topics.push(topic);
    }
  }

  plantRoles(b, teams, options.people);
  chooseExperts(rng, teams, [...topics.values()]);
  const guildMembers = chooseGuild(rng, teams);

  const everyone = b.people;
  const channels: Channel[] = [];
  const channel = (
    kind: Channel['kind'],
    name: string,
    subject: string,
    members: Person[],
    creator: Person,
    purpose: string,
  ): Channel => {
    const created = WINDOW_START - DAY * rng.int(200, 2400) + rng.int(0, DAY - 1);
    const made: Channel = {
      id: b.slackId('C'),
      name,
      kind,
      team: null,
      topic: null,
      subject,
      members,
      created,
      creator,
      purpose,
    };
    channels.push(made);
    return made;
  };
  const visitors = (insiders: Set<Person>, share: number, cap: number): Person[] => {
    const others = everyone.filter((p) => !insiders.has(p) && p.role !== 'newJoiner');
    return rng.sample(others, Math.min(cap, Math.round(others.length * share)));
  };

  const general = channel(
    'general',
    'general',
    GENERAL.name,
    [...everyone],
    head,
    'Company-wide announcements and questions for everyone.',
  );
  for (const team of teams) {
    const insiders = new Set(team.members);
    const visitingExperts = team.topics.flatMap((t) => t.experts).filter((p) => !insiders.has(p));
    const members = [
      ...new Set([...team.members, ...visitingExperts, ...visitors(insiders, 0.04, 30)]),
    ];
    team.channel = channel(
      'team',
      `team-${team.name}`,
      (team.definition.topics[0] as TopicDefinition).name,
      members,
      team.lead,
      `The ${titleCase(team.name)} team: day-to-day work, deploys and questions.`,
    );
    team.channel.team = team;
  }
  for (const topic of topics.values()) {
    const insiders = new Set(topic.owners.flatMap((t) => t.members));
    const members = [...new Set([...insiders, ...topic.experts, ...visitors(insiders, 0.12, 200)])];
    const creator = topic.experts[0] ?? (topic.owners[0] as Team).lead;
    topic.channel = channel(
      'topic',
      topic.definition.channel,
      topic.name,
      members,
      creator,
      `Questions and answers about ${topic.name}. Search before you ask, and thank whoever helped.`,
    );
    topic.channel.topic = topic;
  }
  const dependency = chooseDependency(teams);
  const askers = dependency.helped.members.filter((p) => p.role !== 'newJoiner');
  for (const room of [dependency.topic.channel, dependency.helping.channel])
    room.members = [...new Set([...room.members, ...askers])];
  const guild = channel(
    'guild',
    GUILD.channel,
    GUILD.name,
    guildMembers,
    guildMembers[0] as Person,
    'The frontend guild: everyone who builds user interfaces, whatever their team.',
  );

  // Org chart ids follow hiring order, as HR systems hand them out.
  const width = Math.max(4, String(everyone.length).length);
  everyone.sort((x, y) =>
    x.joined < y.joined ? -1 : x.joined > y.joined ? 1 : x.email < y.email ? -1 : 1,
  );
  everyone.forEach((p, i) => (p.id = `p${String(i + 1).padStart(width, '0')}`));

  const bot = (handle: string, name: string): Bot => ({
    slackId: b.slackId('U'),
    botId: b.slackId('B'),
    appId: b.slackId('A'),
    handle,
    name,
  });
  // In the order they always were made, so that adding the uncharted team (made last, from the
  // same generator) changes nothing made before it.
  const slackTeamId = b.slackId('T');
  const deployBot = bot('deploybot', 'Deploy Bot');
  const standupBot = bot('standup', 'Standup');
  return {
    slackTeamId,
    head,
    people: everyone,
    teams,
    topics: [...topics.values()],
    channels,
    general,
    guild,
    dependency,
    deployBot,
    standupBot,
    uncharted: unchartedTeam(b, teams[0] as Team),
  };
}

/** How many people the uncharted team has. */
const UNCHARTED_SIZE = 5;

/**
 * Five contractors in Slack whom the org chart does not list, with a channel of their own, made
 * like a team (topics and office of `like`) but kept out of the organisation's lists.
 */
function unchartedTeam(b: OrganisationBuilder, like: Team): { team: Team; channel: Channel } {
  const rng = b.rng;
  const team: Team = {
    name: 'contractors',
    definition: like.definition,
    office: like.office,
    lead: null as unknown as Person,
    members: [],
    topics: like.topics,
    channel: null as unknown as Channel,
  };
  for (let i = 0; i < UNCHARTED_SIZE; i++) {
    const joined = secondsOf('2025-06-02') + DAY * rng.int(0, 200);
    const title = i === 0 ? 'Contract Lead' : 'Contract Engineer';
    const person = b.person('member', team, title, b.location(like.office, 0.9), joined, false);
    team.members.push(person);
  }
  team.lead = team.members[0] as Person;
  for (const member of team.members.slice(1)) member.manager = team.lead;
  team.channel = {
    id: b.slackId('C'),
    name: 'ext-contractors',
    kind: 'team',
    team,
    topic: null,
    subject: (like.definition.topics[0] as TopicDefinition).name,
    members: [...team.members],
    created: WINDOW_START - DAY * 30,
    creator: team.lead,
    purpose: 'Our contractors: their own work, questions and hand-overs.',
  };
  return { team, channel: team.channel };
}

/** Picks the fading, never-active, new and mid-span joiners among ordinary members. */
function plantRoles(b: OrganisationBuilder, teams: Team[], headcount: number): void {
  const rng = b.rng;
  const pool = rng.shuffle(teams.flatMap((t) => t.members.filter((p) => p.kind === 'member')));
  const take = (count: number): Person[] => pool.splice(0, count);

  for (const person of take(Math.max(2, Math.round(headcount / 50)))) {
    person.role = 'newJoiner';
    person.joined = isoDate(
      weekday(PLANTED.joinFrom + DAY * rng.int(0, (PLANTED.joinTo - PLANTED.joinFrom) / DAY)),
    );
    person.activeFrom = secondsOf(person.joined);
  }
  for (const person of take(Math.max(2, Math.round(headcount / 100)))) person.role = 'neverActive';
  for (const person of take(Math.max(2, Math.round(headcount / 60)))) {
    person.role = 'fading';
    person.activeUntil =
      PLANTED.fadeFrom + DAY * rng.int(0, (PLANTED.fadeTo - PLANTED.fadeFrom) / DAY);
  }
  for (const person of take(Math.round(headcount * 0.03))) {
    person.joined = isoDate(
      weekday(
        PLANTED.midJoinFrom + DAY * rng.int(0, (PLANTED.midJoinTo - PLANTED.midJoinFrom) / DAY),
      ),
    );
    person.activeFrom = secondsOf(person.joined);
  }
}

/** Someone who can be relied on for the whole span. */
function steady(person: Person): boolean {
  return (
    person.role === 'regular' &&
    person.kind === 'member' &&
    person.activeFrom === WINDOW_START &&
    person.title !== 'Product Manager'
  );
}

/** One to three go-to people per topic, now and then from a team that does not own it. */
function chooseExperts(rng: Random, teams: Team[], topics: Topic[]): void {
  for (const topic of topics) {
    const count = rng.pick([1, 2, 2, 2, 3]);
    const candidates = topic.owners
      .flatMap((t) => t.members)
      .filter((p) => steady(p) && p.expertIn.length < 2);
    const outsiders = teams
      .filter((t) => !topic.owners.includes(t))
      .flatMap((t) => t.members)
      .filter((p) => steady(p) && p.expertIn.length < 2);
    const experts = rng.sample(candidates, count);
    if (outsiders.length > 0 && rng.chance(0.35)) experts[experts.length - 1] = rng.pick(outsiders);
    for (const expert of new Set(experts)) {
      topic.experts.push(expert);
      expert.expertIn.push(topic);
      expert.helpWeight = Math.max(expert.helpWeight, 1) * 1.5;
      if (!/^(Senior|Staff)/.test(expert.title)) expert.title = `Senior ${expert.title}`;
    }
  }
}

/**
 * The dependency between the kinds of team in DEPENDENCY, the first of each; an organisation
 * too small to have both plants it from its last team to payments (always the third).
 */
function chooseDependency(teams: Team[]): Dependency {
  const ofKind = (kind: string): Team | undefined => teams.find((t) => t.definition.name === kind);
  const helped: Team = ofKind(DEPENDENCY.helped) ?? teams[0]!;
  const helping: Team = ofKind(DEPENDENCY.helping) ?? teams.findLast((t) => t !== helped)!;
  return { helping, helped, topic: helping.topics[0] as Topic };
}

/** The frontend guild: a handful of people from each team that builds user interfaces. */
function chooseGuild(rng: Random, teams: Team[]): Person[] {
  const frontend = teams.filter((t) => t.definition.frontend).slice(0, 8);
  for (const team of rng.shuffle(teams.filter((t) => !frontend.includes(t)))) {
    if (frontend.length >= 4) break;
    frontend.push(team);
  }
  const members: Person[] = [];
  for (const team of frontend) {
    const count = team.definition.name === 'web' ? rng.int(4, 5) : rng.int(2, 4);
    members.push(...rng.sample(team.members.filter(steady), count));
  }
  return members;
}
