import type { ReportResult } from '../analytics-worker/client.ts';
import { planGroups } from '../access/groups.ts';
import { presentFlows, presentTrends } from '../access/present-groups.ts';
import { presentCommunities, presentExperts, presentIsolation } from '../access/present-reports.ts';
import type { Audience } from '../access/audience.ts';
import type {
  CommunitiesResponse,
  ExpertsResponse,
  FlowsResponse,
  IsolationResponse,
  TrendsResponse,
} from '../api/responses.ts';
import type { ReportQuery, TrendsQuery } from '../reports/reports.ts';

/**
 * What the brief for leadership shows, gathered from the same reports and shaped by the same
 * presenters as the API's responses for this audience: whatever a role may not see in the API
 * is not in the brief either. The CLI passes the Reports themselves; the API its analytics
 * workers, in the reader's turn of the fair queue.
 */

export interface BriefReports {
  isolation(query: ReportQuery): Promise<ReportResult<'isolation'>>;
  flows(query: ReportQuery): Promise<ReportResult<'flows'>>;
  communities(query: ReportQuery): Promise<ReportResult<'communities'>>;
  trends(query: TrendsQuery): Promise<ReportResult<'trends'>>;
  experts(query: ReportQuery & { search: string }): Promise<ReportResult<'experts'>>;
}

export interface BriefData {
  query: ReportQuery;
  role: Audience['viewer']['role'];
  isolation: IsolationResponse;
  flows: FlowsResponse;
  communities: CommunitiesResponse;
  trends: TrendsResponse;
  /** The topics with the most help, each with its experts and bus factor. */
  experts: ExpertsResponse[];
}

export const BRIEF_DEFAULTS = { topics: 3 };

export async function gatherBrief(
  reports: BriefReports,
  audience: Audience,
  query: ReportQuery,
): Promise<BriefData> {
  const trendsPlan = planGroups(audience.groupSizes, audience, false);
  const without = [...trendsPlan.withheld.keys()].sort();
  const [isolation, flows, communities, trends] = await Promise.all([
    reports.isolation(query),
    reports.flows(query),
    reports.communities(query),
    reports.trends(without.length ? { ...query, without } : query),
  ]);
  const presentedCommunities = presentCommunities(communities, audience);
  const experts = await Promise.all(
    topTopics(presentedCommunities, BRIEF_DEFAULTS.topics).map(async (topic) =>
      presentExperts(await reports.experts({ ...query, search: topic }), audience),
    ),
  );
  const flowsPlan = planGroups(
    flows.teams.map(({ team, size }) => [team, size]),
    audience,
  );
  return {
    query,
    role: audience.viewer.role,
    isolation: presentIsolation(isolation, audience),
    flows: presentFlows(flows, audience, flowsPlan),
    communities: presentedCommunities,
    trends: presentTrends(trends, trendsPlan),
    experts: experts.filter((report) => report.experts.length > 0),
  };
}

/** The topics carrying the most help across the communities. */
function topTopics(communities: CommunitiesResponse, count: number): string[] {
  const weights = new Map<string, number>();
  for (const community of communities.communities) {
    for (const { topic, weight } of community.topics) {
      weights.set(topic, (weights.get(topic) ?? 0) + weight);
    }
  }
  return [...weights]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, count)
    .map(([topic]) => topic);
}
