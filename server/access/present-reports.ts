import type { CommunitiesResponse, ExpertsResponse, IsolationResponse } from '../api/responses.ts';
import type { ReportResult } from '../analytics-worker/client.ts';
import { anyPseudonymised, ordered, refOf, showsGroup, type Audience } from './audience.ts';

/**
 * Isolation flags: a manager sees their own reporting line only; an analyst sees everyone, by
 * alias. Most worrying first as the report ranks them, then in keyed-hash order.
 */
export function presentIsolation(
  report: ReportResult<'isolation'>,
  audience: Audience,
): IsolationResponse {
  const { viewer } = audience;
  const visible = (person: string) => viewer.role !== 'manager' || viewer.canName(person);
  // The report ranks by concern, then by id; keep the ranks, and break their ties by keyed hash.
  const rank = new Map<(typeof report.people)[number], number>();
  let previous = '';
  report.people.forEach((entry, i) => {
    const concern = JSON.stringify([entry.flags, entry.ties.partners, entry.previousTies.partners]);
    rank.set(entry, concern === previous ? rank.get(report.people[i - 1]!)! : i);
    previous = concern;
  });
  const people = ordered(
    audience,
    report.people.filter((entry) => visible(entry.person)),
    (entry) => entry.person,
    (a, b) => rank.get(a)! - rank.get(b)!,
  ).map((entry) => ({
    ...refOf(audience, entry.person),
    flags: entry.flags,
    reasons: entry.reasons,
    ties: { ...entry.ties },
    previousTies: { ...entry.previousTies },
    lastActivity: entry.lastActivity,
    asked: entry.asked,
    // In the report's order (most interactions first): a ranking by help, not by id.
    formerPartners: entry.formerPartners.map((partner) => ({
      ...refOf(audience, partner.person),
      interactions: partner.interactions,
      lastAt: partner.lastAt,
    })),
  }));
  const notCovered = ordered(
    audience,
    report.notCovered.filter((entry) => visible(entry.person)),
    (entry) => entry.person,
  ).map((entry) => ({
    ...refOf(audience, entry.person),
    lastActivity: entry.lastActivity,
    reason: entry.reason,
  }));
  const neverActive = ordered(
    audience,
    report.neverActive.filter((entry) => visible(entry.person)),
    (entry) => entry.person,
  ).map((entry) => refOf(audience, entry.person));
  return {
    pseudonymised: anyPseudonymised([
      ...people,
      ...people.flatMap((p) => p.formerPartners),
      ...notCovered,
      ...neverActive,
    ]),
    window: report.window,
    previousWindow: report.previousWindow,
    coverage: report.coverage,
    people,
    notCovered,
    neverActive,
  };
}

/**
 * The expert directory. Admins get everything. Everyone else gets name and team only: no id
 * unless they may open the person's page, no accounts, no addresses; people outside the org
 * chart (whose id is an account) and teams below the minimum group size stay unnamed.
 */
export function presentExperts(
  report: ReportResult<'experts'>,
  audience: Audience,
): ExpertsResponse {
  const { viewer, directory } = audience;
  const experts = ordered(
    audience,
    report.experts,
    (expert) => expert.person,
    (a, b) => b.score - a.score || b.help - a.help || b.peopleHelped - a.peopleHelped,
  ).map((expert) => {
    const entry = directory.get(expert.person);
    const named = viewer.canName(expert.person);
    const known = viewer.role === 'admin' || (entry?.inOrgChart ?? false);
    const team = entry?.team ?? null;
    return {
      person: named ? expert.person : null,
      name: known ? (entry?.name ?? null) : null,
      team: known && team !== null && showsGroup(audience, team) ? team : null,
      pseudonymised: !known,
      score: expert.score,
      help: expert.help,
      peopleHelped: expert.peopleHelped,
      evidence: { ...expert.evidence },
    };
  });
  return {
    window: report.window,
    coverage: report.coverage,
    topic: report.topic,
    matchedTopics: report.matchedTopics,
    matchedContexts: viewer.role === 'admin' ? report.matchedContexts : [],
    experts,
    busFactor: { ...report.busFactor },
    halfLifeDays: report.halfLifeDays,
    socialContexts: report.socialContexts,
    suggestions: report.suggestions,
  };
}

/**
 * Communities: members and key people named or by alias, members in keyed-hash order for
 * non-admins, and no team counts for teams below the minimum group size.
 */
export function presentCommunities(
  report: ReportResult<'communities'>,
  audience: Audience,
): CommunitiesResponse {
  const communities = report.communities.map((community) => {
    const keyPeople = ordered(
      audience,
      community.keyPeople,
      (p) => p.person,
      (a, b) => b.weight - a.weight,
    ).map((p) => ({ ...refOf(audience, p.person), weight: p.weight }));
    // A name made of a team below the minimum group size would show that team: not for others.
    const hidden = community.nameFrom === 'team' && !showsGroup(audience, community.teams[0]!.team);
    return {
      id: community.id,
      name: hidden ? 'no shared topic or context' : community.name,
      nameFrom: hidden ? ('none' as const) : community.nameFrom,
      size: community.size,
      members: ordered(audience, community.members, (id) => id).map(
        (id) => refOf(audience, id).person,
      ),
      teams: community.teams
        .filter(({ team }) => showsGroup(audience, team))
        .map(({ team, count }) => ({ team, count })),
      mainTeamShare: community.mainTeamShare,
      crossTeam: community.crossTeam,
      topics: community.topics.map(({ topic, weight }) => ({ topic, weight })),
      keyPeople,
    };
  });
  return {
    pseudonymised: report.communities.some((c) =>
      c.members.some((member) => !audience.viewer.canName(member)),
    ),
    window: report.window,
    previousWindow: report.previousWindow,
    coverage: report.coverage,
    changesJudged: report.changesJudged,
    modularity: report.modularity,
    ...(report.agreement ? { agreement: { ...report.agreement } } : {}),
    communities,
    changes: report.changes.map((change) => ({
      status: change.status,
      current: change.current,
      previous: change.previous,
      previousNames: change.previousNames,
      size: change.size,
      previousSize: change.previousSize,
      matches: change.matches.map(({ previous, current, shared, jaccard }) => ({
        previous,
        current,
        shared,
        jaccard,
      })),
    })),
  };
}
