/** The shapes of the API responses the dashboard reads (see /api/docs for all of them). */

import type { CommunityGraphView, PeopleGraphView } from '../../../server/reports/graph-view.ts';
import type { PersonMetrics as ServerPersonMetrics } from '../../../server/analytics/person-metrics.ts';
import type { Broker, Flow, TeamFlows } from '../../../server/analytics/flows.ts';

export type Role = 'admin' | 'analyst' | 'manager' | 'member';

export interface Window {
  from: string;
  to: string;
}

export interface PersonRef {
  person: string;
  name: string | null;
  team: string | null;
  pseudonymised?: boolean;
}

/** The graph route's shapes are the server's own (type-only imports: nothing reaches the bundle). */
export type {
  PeopleGraphView as PeopleGraph,
  CommunityGraphView as CommunityGraph,
} from '../../../server/reports/graph-view.ts';

export type GraphResponse = PeopleGraphView | CommunityGraphView;

export interface Partner extends PersonRef {
  weight: number;
  interactions: number;
  topics: { topic: string; weight: number }[];
}

export interface PersonMetrics extends ServerPersonMetrics {
  community: number | null;
}

export interface PersonView {
  window: Window;
  profile: PersonRef & {
    email?: string | null;
    title?: string | null;
    managerName?: string | null;
    location?: string | null;
    joinedAt?: string | null;
  };
  metrics: PersonMetrics | null;
  flags: string[];
  reasons: string[];
  ego: {
    nodes: PersonRef[];
    edges: { source: string; target: string; weight: number }[];
  };
  weeks: { week: string; given: number; received: number; partners: number }[];
  helps: Partner[];
  helpedBy: Partner[];
}

export interface Ties {
  partners: number;
  helped: number;
  helpedBy: number;
}

export interface IsolationReport {
  window: Window;
  previousWindow: Window;
  people: (PersonRef & {
    flags: string[];
    reasons: string[];
    ties: Ties;
    previousTies: Ties | null;
  })[];
  neverActive: PersonRef[];
}

export interface Withheld {
  team: string;
  reason: string;
}

export type FlowGrouping = 'team' | 'community' | 'context';

export interface FlowsReport {
  window: Window;
  /** What people are grouped by; `teams[].team` names the group. */
  by: FlowGrouping;
  teams: TeamFlows[];
  /** Brokers come named (or pseudonymised) by the server. */
  flows: (Omit<Flow, 'brokers'> & { brokers: (PersonRef & Broker)[] })[];
  silos: { team: string; reason: string }[];
  withheld: Withheld[];
}

export interface ExpertsReport {
  window: Window;
  topic: string;
  matchedTopics: string[];
  matchedContexts: string[];
  experts: (PersonRef & {
    score: number;
    peopleHelped: number;
    help: number;
    evidence: {
      interactions: number;
      answers: number;
      acceptedAnswers: number;
      reviews: number;
      replies: number;
      other: number;
      lastAt: string | null;
    };
  })[];
  busFactor: { top1Share: number; top3Share: number; helpers: number };
  /** When nothing matched: the known topics and contexts nearest to the search. */
  suggestions: string[];
  /** The half-life of help in the ranking, from the data's span unless configured. */
  halfLifeDays: number;
}

export interface Community {
  id: number;
  /** What its members share (topics, else contexts, else team), unique among communities. */
  name: string;
  nameFrom: 'topics' | 'contexts' | 'team' | 'none';
  size: number;
  members: string[];
  teams: { team: string; count: number }[];
  mainTeamShare: number;
  crossTeam: boolean;
  topics: { topic: string; weight: number }[];
  keyPeople: (PersonRef & { weight: number })[];
}

export interface CommunitiesReport {
  window: Window;
  previousWindow: Window;
  modularity: number;
  communities: Community[];
  /** Absent without an org chart. */
  agreement?: { nmi: number; teams: number; people: number };
  changes: {
    status: string;
    current: number | null;
    previous: number[];
    previousNames: string[];
    size: number;
    previousSize: number;
  }[];
}

export interface TrendWeek {
  week: string;
  team: string | null;
  people: number;
  activeHelpers: number;
  ties: number;
  isolated: number;
  crossTeamShare: number | null;
}

export interface TrendsReport {
  window: Window;
  organisation: TrendWeek[];
  teams: TrendWeek[];
  withheld: Withheld[];
}

export interface ImportRecord {
  importId: number;
  connector: string;
  status: string;
  origin: string;
  startedAt: string;
  finishedAt: string | null;
  counts: Record<string, number> | null;
  skipped: Record<string, number> | null;
  error: string | null;
}

export interface ImportsResponse {
  imports: ImportRecord[];
  connectors: { id: string; description: string; accepts: string }[];
}

/** What an upload's server-sent events carry: the server's own shapes. */
export type { ImportProgress, ImportSummary } from '../../../server/store/ingest.ts';
export type { JobEvent } from '../../../server/api/import-jobs.ts';

export interface ImportJob {
  id: string;
  connector: string;
  fileName: string;
  state: string;
  events: string;
}

export interface PersonSummary extends PersonRef {
  email: string | null;
  title: string | null;
  manager: string | null;
}
