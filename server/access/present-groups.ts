import type { FlowsResponse, TrendsResponse } from '../api/responses.ts';
import type { ReportResult } from '../analytics-worker/client.ts';
import { DEFAULTS as FLOWS_DEFAULTS, GROUPINGS, silosOf } from '../analytics/flows.ts';
import { anyPseudonymised, ordered, refOf, type Audience } from './audience.ts';
import { regroup, type GroupPlan } from './groups.ts';

/**
 * Help between groups. With nothing withheld the report's figures stand; otherwise the matrix
 * is regrouped (see groups.ts) and every team figure, expected flow and silo is recomputed
 * from the cells that remain, so no total carries a withheld group's help.
 */
export function presentFlows(
  report: ReportResult<'flows'>,
  audience: Audience,
  plan: GroupPlan,
): FlowsResponse {
  let teams = report.teams;
  let cells = report.flows;
  let silos = report.silos;
  if (plan.withheld.size > 0) {
    const regrouped = regroup(
      report.teams.map(({ team, size }) => ({ group: team, size })),
      report.flows,
      plan,
    );
    const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    teams = regrouped.groups.sort(
      (a, b) =>
        Number(a.team === plan.combined) - Number(b.team === plan.combined) ||
        byText(a.team, b.team),
    );
    cells = regrouped.flows.sort(
      (a, b) =>
        b.weight - a.weight ||
        b.expected - a.expected ||
        byText(a.from, b.from) ||
        byText(a.to, b.to),
    );
    // The report judges groups, not the no-group group; nor is the combined group one.
    const words = GROUPINGS[report.by];
    silos = silosOf(
      teams.filter((t) => t.team !== plan.combined && t.team !== words.noTeam),
      { ...FLOWS_DEFAULTS, noun: words.noun },
    );
  }
  const flows = cells.map((cell) => ({
    from: cell.from,
    to: cell.to,
    weight: cell.weight,
    interactions: cell.interactions,
    ties: cell.ties,
    expected: cell.expected,
    ratio: cell.ratio,
    brokers: ordered(
      audience,
      cell.brokers,
      (broker) => broker.person,
      (a, b) => b.weight - a.weight,
    ).map((broker) => ({ ...refOf(audience, broker.person), weight: broker.weight })),
  }));
  return {
    pseudonymised: anyPseudonymised(flows.flatMap((flow) => flow.brokers)),
    window: report.window,
    coverage: report.coverage,
    by: report.by,
    teams: teams.map((t) => ({
      team: t.team,
      size: t.size,
      internalTies: t.internalTies,
      externalTies: t.externalTies,
      eiIndex: t.eiIndex,
      helpGiven: t.helpGiven,
      helpReceived: t.helpReceived,
      helpWithin: t.helpWithin,
    })),
    flows,
    silos: silos.map(({ team, reason }) => ({ team, reason })),
    withheld: plan.listed,
  };
}

/**
 * Weekly series. The report was computed without the people of withheld groups (trends can't
 * fold: its counts of distinct ties and people don't add up across groups), so the
 * organisation's series minus the teams' can't give a withheld group's weeks.
 */
export function presentTrends(report: ReportResult<'trends'>, plan: GroupPlan): TrendsResponse {
  const row = (week: ReportResult<'trends'>['organisation'][number]) => ({
    week: week.week,
    team: week.team,
    people: week.people,
    activeHelpers: week.activeHelpers,
    ties: week.ties,
    isolated: week.isolated,
    crossTeamShare: week.crossTeamShare,
  });
  return {
    window: report.window,
    coverage: report.coverage,
    organisation: report.organisation.map(row),
    teams: report.teams.filter((week) => !plan.withheld.has(week.team!)).map(row),
    withheld: plan.listed,
  };
}
