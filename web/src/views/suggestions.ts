import type { Api } from '../api/client.ts';
import type { CommunitiesReport, ExpertsReport, PersonRef } from '../api/types.ts';
import { personName, plural } from '../ui/format.ts';

/**
 * Introductions for people who are cut off: the topics their team works on (from the
 * communities the team's people are in) and, for each, the person who helps most on it,
 * preferring someone in the same team, then anyone. No DOM here.
 */

export interface Suggestion {
  expert: ExpertsReport['experts'][number];
  topic: string;
  peopleHelped: number;
  text: string;
}

export const SUGGESTION_DEFAULTS = { topicsPerTeam: 2, minPeopleHelped: 2 };

/**
 * Topics of each team, weighted by how many of its people are in the communities that use
 * them. A topic named after a team (its own channel, "team-payments") says where, not what, so
 * it is left out.
 */
export function teamTopics(report: CommunitiesReport, options = SUGGESTION_DEFAULTS) {
  const teams = new Set(report.communities.flatMap((c) => c.teams.map((t) => t.team)));
  const namedAfterTeam = (topic: string) => [...teams].some((team) => topic.includes(team));
  const weights = new Map<string, Map<string, number>>();
  for (const community of report.communities) {
    for (const { team, count } of community.teams) {
      const topics = weights.get(team) ?? new Map<string, number>();
      for (const { topic, weight } of community.topics) {
        if (namedAfterTeam(topic)) continue;
        topics.set(topic, (topics.get(topic) ?? 0) + (weight * count) / community.size);
      }
      weights.set(team, topics);
    }
  }
  const result = new Map<string, string[]>();
  for (const [team, topics] of weights) {
    result.set(
      team,
      [...topics]
        .sort((a, b) => b[1] - a[1])
        .slice(0, options.topicsPerTeam)
        .map(([topic]) => topic),
    );
  }
  return result;
}

export class Suggester {
  private readonly api: Api;
  private readonly topicsOf: Map<string, string[]>;
  private readonly experts = new Map<string, Promise<ExpertsReport>>();
  private readonly query: Record<string, string>;

  constructor(api: Api, communities: CommunitiesReport, query: Record<string, string>) {
    this.api = api;
    this.topicsOf = teamTopics(communities);
    this.query = query;
  }

  /** Who could be introduced to `person`, or null when their team has no topics. */
  async suggest(person: PersonRef): Promise<Suggestion | null> {
    const topics = person.team ? (this.topicsOf.get(person.team) ?? []) : [];
    for (const topic of topics) {
      const report = await this.expertsOn(topic);
      // Someone who helped one person is not yet a go-to person.
      const candidates = report.experts.filter(
        (e) => e.person !== person.person && e.peopleHelped >= SUGGESTION_DEFAULTS.minPeopleHelped,
      );
      const expert = candidates.find((e) => e.team === person.team) ?? candidates[0];
      if (!expert) continue;
      return {
        expert,
        topic,
        peopleHelped: expert.peopleHelped,
        text:
          `Introduce them to ${personName(expert)}${expert.team ? ` (${expert.team})` : ''}, ` +
          `who helped ${plural(expert.peopleHelped, 'person', 'people')} on ${topic} in this window.`,
      };
    }
    return null;
  }

  private expertsOn(topic: string): Promise<ExpertsReport> {
    let report = this.experts.get(topic);
    if (!report) {
      report = this.api.get<ExpertsReport>('/experts', { ...this.query, topic });
      this.experts.set(topic, report);
    }
    return report;
  }
}
