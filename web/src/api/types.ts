/**
 * The shapes of the API responses the dashboard reads: the server's own exact schemas
 * (server/api/responses.ts), imported type-only, so nothing reaches the bundle and the two
 * can't drift apart.
 */

import type { JobEvent } from '../../../server/api/import-jobs.ts';
import type {
  CommunitiesResponse,
  ExpertsResponse,
  FlowsResponse,
  IsolationResponse,
  PersonViewResponse,
  TrendsResponse,
} from '../../../server/api/responses.ts';

export type {
  CommunityGraph,
  Community,
  GraphResponse,
  ImportRecord,
  ImportsResponse,
  Partner,
  PeopleGraph,
  PersonMetrics,
  PersonRef,
  PersonSummary,
  TrendWeek,
  Withheld,
} from '../../../server/api/responses.ts';

export type Role = 'admin' | 'analyst' | 'manager' | 'member';

export interface Window {
  from: string;
  to: string;
}

export type PersonView = PersonViewResponse;
export type IsolationReport = IsolationResponse;
export type FlowsReport = FlowsResponse;
export type FlowGrouping = FlowsReport['by'];
export type ExpertsReport = ExpertsResponse;
export type CommunitiesReport = CommunitiesResponse;
export type TrendsReport = TrendsResponse;

export interface Ties {
  partners: number;
  helped: number;
  helpedBy: number;
}

/** GET /people/:id/follow-up. */
export type { FollowUpResponse as FollowUp } from '../../../server/routes/people/follow-up-schema.ts';

/** What an upload's server-sent events carry: the server's own shapes. */
export type { JobEvent };
export type ImportProgress = Extract<JobEvent, { type: 'progress' }>['progress'];
export type ImportSummary = Extract<JobEvent, { type: 'succeeded' }>['summary'];
export type { JobResponse as ImportJob } from '../../../server/api/responses.ts';
