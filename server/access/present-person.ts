import type { Partner, PersonSummary, PersonViewResponse, PersonRef } from '../api/responses.ts';
import type { Partner as ReportPartner, PersonView } from '../reports/person-view.ts';
import type { PersonSummary as StoredSummary } from '../store/people-queries.ts';
import { ordered, refOf, type Audience } from './audience.ts';

/**
 * A person's page, for a viewer who may see that person by name (the route refuses the rest).
 * Partners and the ego network are people like any other: named or pseudonymised one by one,
 * and the ego network's ties point at positions in its node list, never at person ids.
 */
export function presentPersonView(view: PersonView, audience: Audience): PersonViewResponse {
  const subject = view.profile.person;
  const { profile } = view;
  const self = refOf(audience, subject);
  const manager =
    profile.manager && audience.viewer.canName(profile.manager) ? profile.manager : null;
  const others = ordered(
    audience,
    view.ego.nodes.filter((node) => node.person !== subject),
    (node) => node.person,
  );
  const nodes = [subject, ...others.map((node) => node.person)];
  const index = new Map(nodes.map((person, i) => [person, i]));
  const metrics = view.metrics;
  return {
    pseudonymised: false,
    window: view.window,
    profile: {
      ...self,
      email: profile.email,
      title: profile.title,
      manager,
      managerName: manager ? profile.managerName : null,
      location: profile.location,
      joinedAt: profile.joinedAt,
      accounts: profile.accounts.map(({ source, accountId, displayName }) => ({
        source,
        accountId,
        displayName,
      })),
    },
    metrics: metrics && {
      helpGiven: metrics.helpGiven,
      helpReceived: metrics.helpReceived,
      peopleHelped: metrics.peopleHelped,
      helpedBy: metrics.helpedBy,
      reciprocity: metrics.reciprocity,
      pagerank: metrics.pagerank,
      betweenness: metrics.betweenness,
      clustering: metrics.clustering,
      coreNumber: metrics.coreNumber,
      constraint: metrics.constraint,
      persona: metrics.persona,
      community: metrics.community,
    },
    flags: view.flags,
    reasons: view.reasons,
    ego: {
      nodes: nodes.map((person) => refOf(audience, person)),
      // By position, not in the report's order, which follows the ids.
      edges: view.ego.edges
        .map(({ source, target, weight }) => ({
          source: index.get(source)!,
          target: index.get(target)!,
          weight,
        }))
        .sort((a, b) => a.source - b.source || a.target - b.target),
      omittedEdges: view.ego.omittedEdges,
    },
    weeks: view.weeks.map(({ week, given, received, partners }) => ({
      week,
      given,
      received,
      partners,
    })),
    helps: partners(view.helps, audience),
    helpedBy: partners(view.helpedBy, audience),
  };
}

function partners(list: ReportPartner[], audience: Audience): Partner[] {
  return ordered(
    audience,
    list,
    (p) => p.person,
    (a, b) => b.weight - a.weight,
  ).map((p) => ({
    ...refOf(audience, p.person),
    weight: p.weight,
    interactions: p.interactions,
    topics: p.topics.map(({ topic, weight }) => ({ topic, weight })),
  }));
}

/** People found by a search: only those the viewer may name, with a nameable manager. */
export function presentPeopleSearch(
  found: StoredSummary[],
  audience: Audience,
  limit: number,
): { people: PersonSummary[] } {
  const { viewer } = audience;
  return {
    people: found
      .filter((p) => viewer.canName(p.person))
      .slice(0, limit)
      .map((p) => ({
        ...refOf(audience, p.person),
        email: p.email,
        title: p.title,
        manager: p.manager && viewer.canName(p.manager) ? p.manager : null,
      })),
  };
}

/** Who the token is. */
export function presentSession(audience: Audience): { role: string; person: PersonRef | null } {
  const { viewer } = audience;
  return { role: viewer.role, person: viewer.person ? refOf(audience, viewer.person) : null };
}
