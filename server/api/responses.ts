import { Type, type Static, type TProperties, type TSchema } from '@fastify/type-provider-typebox';

/**
 * The exact shape of every response (docs/privacy.md): each object lists all its properties and allows
 * no others, so a field a presenter did not decide on can't reach the wire. The routes declare
 * these, the server's presenters return their `Static` types, the dashboard imports the same
 * types (type-only), and the API tests check every body against them.
 */

/** An object with exactly these properties. */
export function Exact<T extends TProperties>(properties: T, description?: string) {
  return Type.Object(properties, {
    additionalProperties: false,
    ...(description ? { description } : {}),
  });
}

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const NullableString = Nullable(Type.String());
const NullableNumber = Nullable(Type.Number());

export const WindowSchema = Exact({
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
});

/** A person as every response shows them. */
const personRefProperties = {
  person: Type.String({ description: 'person id, or a keyed alias when pseudonymised' }),
  name: NullableString,
  team: Type.Union([Type.String(), Type.Null()], {
    description: 'null without a team, and for non-admins on a team below the minimum group size',
  }),
  pseudonymised: Type.Boolean({ description: 'true: `person` is an alias, and no name is given' }),
};
export const PersonRefSchema = Exact(personRefProperties);
export type PersonRef = Static<typeof PersonRefSchema>;

export const WithheldSchema = Type.Array(Exact({ team: Type.String(), reason: Type.String() }), {
  description:
    'groups below the minimum group size: left out of every figure, or folded into one combined group',
});
export type Withheld = Static<typeof WithheldSchema>;

// --- people -------------------------------------------------------------------------------

export const PersonSummarySchema = Exact({
  ...personRefProperties,
  email: NullableString,
  title: NullableString,
  manager: Type.Union([Type.String(), Type.Null()], {
    description: 'null when the token may not see the manager by name',
  }),
});
export type PersonSummary = Static<typeof PersonSummarySchema>;
export const PeopleSearchSchema = Exact({ people: Type.Array(PersonSummarySchema) });

export const PersonMetricsSchema = Exact({
  helpGiven: Type.Number(),
  helpReceived: Type.Number(),
  peopleHelped: Type.Number(),
  helpedBy: Type.Number(),
  reciprocity: Type.Number(),
  pagerank: Type.Number(),
  betweenness: Type.Number(),
  clustering: Type.Number(),
  coreNumber: Type.Number(),
  constraint: NullableNumber,
  persona: Type.String(),
  community: Nullable(Type.Integer()),
});
export type PersonMetrics = Static<typeof PersonMetricsSchema>;

const TopicWeight = Exact({ topic: Type.String(), weight: Type.Number() });

export const PartnerSchema = Exact({
  ...personRefProperties,
  weight: Type.Number(),
  interactions: Type.Number(),
  topics: Type.Array(TopicWeight),
});
export type Partner = Static<typeof PartnerSchema>;

export const PersonViewSchema = Exact({
  pseudonymised: Type.Literal(false, { description: 'a page is only for people shown by name' }),
  window: WindowSchema,
  profile: Exact({
    ...personRefProperties,
    email: NullableString,
    title: NullableString,
    manager: NullableString,
    managerName: NullableString,
    location: NullableString,
    joinedAt: NullableString,
    accounts: Type.Array(
      Exact({ source: Type.String(), accountId: Type.String(), displayName: NullableString }),
    ),
  }),
  metrics: Nullable(PersonMetricsSchema),
  flags: Type.Array(Type.String()),
  reasons: Type.Array(Type.String()),
  ego: Exact({
    nodes: Type.Array(PersonRefSchema, { description: 'the person first' }),
    edges: Type.Array(
      Exact({
        source: Type.Integer({ description: 'index into nodes (helper)' }),
        target: Type.Integer({ description: 'index into nodes (helped)' }),
        weight: Type.Number(),
      }),
    ),
    omittedEdges: Type.Integer(),
  }),
  weeks: Type.Array(
    Exact({
      week: Type.String(),
      given: Type.Number(),
      received: Type.Number(),
      partners: Type.Number(),
    }),
  ),
  helps: Type.Array(PartnerSchema),
  helpedBy: Type.Array(PartnerSchema),
});
export type PersonViewResponse = Static<typeof PersonViewSchema>;

export const OptOutSchema = Exact({ person: Type.String(), optedOut: Type.Boolean() });

export const SessionSchema = Exact({
  role: Type.String(),
  person: Nullable(PersonRefSchema),
});

// --- network ------------------------------------------------------------------------------

const Numbers = Type.Array(Type.Number());
const Total = Exact({ people: Type.Integer(), ties: Type.Integer() });

export const PeopleGraphSchema = Exact({
  window: WindowSchema,
  level: Type.Literal('people'),
  total: Total,
  omittedTies: Type.Integer(),
  nodes: Exact({
    id: Type.Array(Type.String(), { description: 'person id, or alias when pseudonymised' }),
    pseudonymised: Type.Array(Type.Boolean()),
    label: Type.Array(NullableString),
    team: Type.Array(NullableString),
    community: Type.Array(Nullable(Type.Integer())),
    x: Numbers,
    y: Numbers,
    pagerank: Numbers,
    betweenness: Numbers,
    helpGiven: Numbers,
    helpReceived: Numbers,
    flags: Type.Array(Type.Array(Type.String())),
  }),
  edges: Exact({ source: Numbers, target: Numbers, weight: Numbers }),
  communities: Exact(
    { id: Type.Array(Type.Integer()), name: Type.Array(Type.String()) },
    'the name of each community in nodes.community, for legends',
  ),
});
export type PeopleGraph = Static<typeof PeopleGraphSchema>;

export const CommunityGraphSchema = Exact({
  window: WindowSchema,
  level: Type.Literal('communities'),
  total: Total,
  unconnected: Type.Integer(),
  nodes: Exact({
    id: Type.Array(Type.Integer()),
    label: Type.Array(Type.String()),
    size: Numbers,
    mainTeam: Type.Array(NullableString),
    x: Numbers,
    y: Numbers,
  }),
  edges: Exact({ source: Numbers, target: Numbers, weight: Numbers, ties: Numbers }),
});
export type CommunityGraph = Static<typeof CommunityGraphSchema>;

export const GraphSchema = Type.Union([PeopleGraphSchema, CommunityGraphSchema]);
export type GraphResponse = Static<typeof GraphSchema>;

// --- reports ------------------------------------------------------------------------------

const Cover = Type.Union([Type.Literal('all'), Type.Literal('part'), Type.Literal('none')]);

/** Which sources cover a report's window and previous window: sources and dates, no people. */
export const CoverageSchema = Exact(
  {
    sources: Type.Array(
      Exact({
        source: Type.String(),
        first: Type.String({ description: 'the source’s first event' }),
        last: Type.String({ description: 'the source’s last event' }),
        window: Cover,
        previousWindow: Cover,
      }),
    ),
    warnings: Type.Array(Type.String(), {
      description: 'in words: each source that covers the window or previous window only in part',
    }),
  },
  'the sources the query selects, and how far each covers the window and the previous window',
);

const Ties = Exact({ partners: Type.Number(), helped: Type.Number(), helpedBy: Type.Number() });

export const IsolationSchema = Exact({
  pseudonymised: Type.Boolean({ description: 'true when any person here is pseudonymised' }),
  window: WindowSchema,
  previousWindow: WindowSchema,
  coverage: CoverageSchema,
  people: Type.Array(
    Exact({
      ...personRefProperties,
      flags: Type.Array(Type.String(), {
        description: 'unanswered, isolated, lapsed, fading, new, peripheral; most worrying first',
      }),
      reasons: Type.Array(Type.String()),
      ties: Ties,
      previousTies: Ties,
      lastActivity: Type.Union([Type.String(), Type.Null()], {
        description: 'their last event (help or activity) before the window’s end',
      }),
      asked: Type.Integer({ description: 'thread starts, questions and the like in the window' }),
      formerPartners: Type.Array(
        Exact({ ...personRefProperties, interactions: Type.Integer(), lastAt: Type.String() }),
        { description: 'people they had help ties with before the window and not in it' },
      ),
    }),
  ),
  notCovered: Type.Array(
    Exact({ ...personRefProperties, lastActivity: NullableString, reason: Type.String() }),
    { description: 'seen only in sources that do not cover the window: not judged' },
  ),
  neverActive: Type.Array(PersonRefSchema),
});
export type IsolationResponse = Static<typeof IsolationSchema>;

export const ExpertSchema = Exact({
  person: Type.Union([Type.String(), Type.Null()], {
    description: 'the person id when the token may open their page; null otherwise',
  }),
  name: NullableString,
  team: NullableString,
  pseudonymised: Type.Boolean(),
  score: Type.Number(),
  help: Type.Number(),
  peopleHelped: Type.Number(),
  evidence: Exact({
    interactions: Type.Number(),
    answers: Type.Number(),
    acceptedAnswers: Type.Number(),
    reviews: Type.Number(),
    replies: Type.Number(),
    other: Type.Number(),
    lastAt: Type.String(),
  }),
});
export type Expert = Static<typeof ExpertSchema>;

export const ExpertsSchema = Exact({
  window: WindowSchema,
  coverage: CoverageSchema,
  topic: Type.String(),
  matchedTopics: Type.Array(Type.String()),
  matchedContexts: Type.Array(Type.String()),
  experts: Type.Array(ExpertSchema),
  busFactor: Exact({
    top1Share: NullableNumber,
    top3Share: NullableNumber,
    helpers: Type.Number(),
  }),
  halfLifeDays: Type.Number({
    description: 'half-life of help in the ranking: a quarter of the data’s span unless configured',
  }),
  socialContexts: Type.Array(Type.String(), {
    description: 'contexts whose help counts a quarter (configured; random, general, off-topic)',
  }),
  suggestions: Type.Array(Type.String(), {
    description: 'when nothing matched: the known topics nearest to the search',
  }),
});
export type ExpertsResponse = Static<typeof ExpertsSchema>;

export const CommunitySchema = Exact({
  id: Type.Integer(),
  name: Type.String({
    description: 'what its members share: most distinctive topics, else contexts, else team',
  }),
  nameFrom: Type.Union([
    Type.Literal('topics'),
    Type.Literal('contexts'),
    Type.Literal('team'),
    Type.Literal('none'),
  ]),
  size: Type.Integer(),
  members: Type.Array(Type.String(), {
    description: 'person ids or aliases; for non-admins in the order of a keyed hash',
  }),
  teams: Type.Array(Exact({ team: Type.String(), count: Type.Integer() })),
  mainTeamShare: Type.Number(),
  crossTeam: Type.Boolean(),
  topics: Type.Array(TopicWeight),
  keyPeople: Type.Array(Exact({ ...personRefProperties, weight: Type.Number() })),
});
export type Community = Static<typeof CommunitySchema>;

export const CommunitiesSchema = Exact({
  pseudonymised: Type.Boolean({ description: 'true when any person here is pseudonymised' }),
  window: WindowSchema,
  previousWindow: WindowSchema,
  coverage: CoverageSchema,
  changesJudged: Type.Boolean({
    description: 'false when no source covers the previous window: `changes` is then empty',
  }),
  modularity: Type.Number(),
  agreement: Type.Optional(
    Exact(
      { nmi: Type.Number(), teams: Type.Integer(), people: Type.Integer() },
      'how far communities follow the org chart; absent without one',
    ),
  ),
  communities: Type.Array(CommunitySchema),
  changes: Type.Array(
    Exact({
      status: Type.String(),
      current: Nullable(Type.Integer()),
      previous: Type.Array(Type.Integer()),
      previousNames: Type.Array(Type.String()),
      size: Type.Integer(),
      previousSize: Type.Integer(),
      matches: Type.Array(
        Exact({
          previous: Type.Integer(),
          current: Type.Integer(),
          shared: Type.Integer(),
          jaccard: Type.Number(),
        }),
      ),
    }),
  ),
});
export type CommunitiesResponse = Static<typeof CommunitiesSchema>;

export const TeamFlowsSchema = Exact({
  team: Type.String(),
  size: Type.Integer(),
  internalTies: Type.Integer(),
  externalTies: Type.Integer(),
  eiIndex: NullableNumber,
  helpGiven: Type.Number(),
  helpReceived: Type.Number(),
  helpWithin: Type.Number(),
});
export type TeamFlows = Static<typeof TeamFlowsSchema>;

export const BrokerSchema = Exact({ ...personRefProperties, weight: Type.Number() });

export const FlowSchema = Exact({
  from: Type.String(),
  to: Type.String(),
  weight: Type.Number(),
  interactions: Type.Integer(),
  ties: Type.Integer(),
  expected: Type.Number(),
  ratio: NullableNumber,
  brokers: Type.Array(BrokerSchema),
});
export type Flow = Static<typeof FlowSchema>;

export const FlowsSchema = Exact({
  pseudonymised: Type.Boolean({ description: 'true when any person here is pseudonymised' }),
  window: WindowSchema,
  coverage: CoverageSchema,
  by: Type.Union([Type.Literal('team'), Type.Literal('community'), Type.Literal('context')], {
    description: 'what people are grouped by; teams[].team names each group',
  }),
  teams: Type.Array(TeamFlowsSchema),
  flows: Type.Array(FlowSchema),
  silos: Type.Array(Exact({ team: Type.String(), reason: Type.String() })),
  withheld: WithheldSchema,
});
export type FlowsResponse = Static<typeof FlowsSchema>;

export const TrendWeekSchema = Exact({
  week: Type.String(),
  team: NullableString,
  people: Type.Integer(),
  activeHelpers: Type.Integer(),
  ties: Type.Integer(),
  isolated: Type.Integer(),
  crossTeamShare: NullableNumber,
});
export type TrendWeek = Static<typeof TrendWeekSchema>;

export const TrendsSchema = Exact({
  window: WindowSchema,
  coverage: CoverageSchema,
  organisation: Type.Array(TrendWeekSchema),
  teams: Type.Array(TrendWeekSchema),
  withheld: WithheldSchema,
});
export type TrendsResponse = Static<typeof TrendsSchema>;

// --- imports ------------------------------------------------------------------------------

const Counts = Type.Record(Type.String(), Type.Number());

export const ImportRecordSchema = Exact({
  importId: Type.Integer(),
  connector: Type.String(),
  origin: Type.String({ description: 'what was imported; a file name for non-admins' }),
  startedAt: Type.String(),
  finishedAt: NullableString,
  status: Type.String(),
  counts: Counts,
  skipped: Counts,
  error: Type.Union([Type.String(), Type.Null()], {
    description: 'names the file, line and field; the offending value only for admins',
  }),
  removed: Type.Union([Counts, Type.Null()], {
    description: 'rows removed per table when the run was found interrupted on open',
  }),
});
export type ImportRecord = Static<typeof ImportRecordSchema>;

export const ImportsSchema = Exact({
  imports: Type.Array(ImportRecordSchema),
  connectors: Type.Array(
    Exact({ id: Type.String(), description: Type.String(), accepts: Type.String() }),
  ),
});
export type ImportsResponse = Static<typeof ImportsSchema>;

const Progress = Exact({
  records: Type.Number(),
  interactions: Type.Number(),
  skipped: Type.Number(),
  read: Type.Number(),
  total: Type.Optional(Type.Number()),
  elapsedMs: Type.Number(),
});
const Summary = Exact({
  importId: Type.Integer(),
  connector: Type.String(),
  origin: Type.String(),
  status: Type.String(),
  counts: Counts,
  skipped: Counts,
  durationMs: Type.Number(),
  error: Type.Optional(Type.String()),
});
export const JobEventSchema = Type.Union([
  Exact({ type: Type.Literal('queued') }),
  Exact({ type: Type.Literal('progress'), progress: Progress }),
  Exact({ type: Type.Literal('succeeded'), summary: Summary }),
  Exact({ type: Type.Literal('failed'), error: Type.String() }),
]);

export const JobSchema = Exact({
  id: Type.String(),
  connector: Type.String(),
  fileName: Type.String(),
  state: Type.String(),
  startedAt: Type.String(),
  last: JobEventSchema,
  events: Type.String({ description: 'server-sent events of this import' }),
});
export type JobResponse = Static<typeof JobSchema>;

export const HealthSchema = Exact({ status: Type.Literal('ok') });

/** A stored row as it is, for the right of access (people/:id/export): admin only. */
const StoredRowSchema = Type.Record(
  Type.String(),
  Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]),
  { description: 'a stored row, column by column' },
);
export const PersonExportSchema = Exact({
  exportedAt: Type.String(),
  person: StoredRowSchema,
  accounts: Type.Array(StoredRowSchema),
  aliases: Type.Array(StoredRowSchema),
  events: Type.Record(Type.String(), Type.Array(StoredRowSchema), {
    description: 'rows of every event table they took part in, by table',
  }),
  apiTokens: Type.Array(StoredRowSchema),
  identityChanges: Type.Array(StoredRowSchema),
  audit: Type.Array(StoredRowSchema),
});

export const ForgetSchema = Exact({
  person: Type.String(),
  accounts: Type.Integer(),
  events: Type.Record(Type.String(), Type.Integer(), {
    description: 'rows deleted per event table',
  }),
  auditRedacted: Type.Integer(),
});

/** Single sign-on (GET /auth/status): public. */
export const SsoStatusSchema = Exact({
  sso: Type.Boolean(),
  signedIn: Type.Boolean(),
  csrfToken: NullableString,
});
