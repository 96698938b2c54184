import type { StoreReader } from '../store/database.ts';
import {
  readPartners,
  readPerson,
  readPersonWeeks,
  type PersonProfile,
  type PersonWeek,
} from '../store/people-queries.ts';
import { ReportError } from './report-error.ts';
import type { Reports, ReportQuery } from './reports.ts';

/**
 * One person's page: profile, metrics, isolation flags with reasons, ego network (the person,
 * everyone they helped or were helped by, and the ties among those), weekly trend, and whom they
 * help and who helps them, on which topics.
 */

/** Ties among a person's partners shown in their ego network, the strongest first. */
export const EGO_TIES_AMONG_PARTNERS = 500;

export interface Partner {
  person: string;
  weight: number;
  interactions: number;
  topics: { topic: string; weight: number }[];
}

export async function personView(
  reports: Reports,
  store: StoreReader,
  person: string,
  query: ReportQuery,
) {
  const profile: PersonProfile | undefined = await readPerson(store, person);
  if (!profile) {
    throw new ReportError('UNKNOWN_PERSON', `there is no person "${person}"`, 'id', 404);
  }
  const [{ window, graph }, people, isolation] = await Promise.all([
    reports.graph(query),
    reports.people(query),
    reports.isolation(query),
  ]);
  const filters = { ...query, from: window.from, to: window.to };
  const [partners, weeks] = await Promise.all([
    readPartners(store, person, filters),
    readPersonWeeks(store, person, filters),
  ]);
  const metrics = people.people.find((entry) => entry.person === person) ?? null;
  const flagged = isolation.people.find((entry) => entry.person === person);
  const neverActive = isolation.neverActive.some((entry) => entry.person === person);
  const ego = new Set<string>([person]);
  if (graph.hasNode(person)) for (const other of graph.neighbors(person)) ego.add(other);
  const egoEdges: { source: string; target: string; weight: number }[] = [];
  for (const source of ego) {
    if (!graph.hasNode(source)) continue;
    graph.forEachOutEdge(source, (_edge, attributes, _source, target) => {
      if (ego.has(target)) egoEdges.push({ source, target, weight: attributes.weight });
    });
  }
  // Every tie of the person, and the strongest ties among their partners: a busy person's
  // partners can share thousands of ties, more than a picture of one person can show.
  const own = egoEdges.filter((edge) => edge.source === person || edge.target === person);
  const among = egoEdges
    .filter((edge) => edge.source !== person && edge.target !== person)
    .sort(
      (a, b) =>
        b.weight - a.weight || a.source.localeCompare(b.source) || a.target.localeCompare(b.target),
    );
  const shown = [...own, ...among.slice(0, EGO_TIES_AMONG_PARTNERS)];
  return {
    window,
    profile,
    metrics,
    flags: flagged?.flags ?? (neverActive ? ['never active'] : []),
    reasons:
      flagged?.reasons ?? (neverActive ? ['took part in no help in any source, at any time'] : []),
    ego: {
      nodes: [...ego].sort().map((id) => ({
        person: id,
        name: graph.hasNode(id) ? graph.getNodeAttribute(id, 'name') : null,
        team: graph.hasNode(id) ? graph.getNodeAttribute(id, 'team') : null,
      })),
      edges: shown,
      /** Ties among partners left out (the lightest), beyond EGO_TIES_AMONG_PARTNERS. */
      omittedEdges: egoEdges.length - shown.length,
    },
    weeks: weeks satisfies PersonWeek[],
    helps: partnersOf(partners, 'gave'),
    helpedBy: partnersOf(partners, 'received'),
  };
}

export type PersonView = Awaited<ReturnType<typeof personView>>;

function partnersOf(
  rows: Awaited<ReturnType<typeof readPartners>>,
  direction: 'gave' | 'received',
): Partner[] {
  const byPartner = new Map<string, Partner>();
  for (const row of rows) {
    if (row.direction !== direction) continue;
    const partner = byPartner.get(row.partner) ?? {
      person: row.partner,
      weight: 0,
      interactions: 0,
      topics: [],
    };
    partner.weight += row.weight;
    partner.interactions += row.interactions;
    if (row.topic !== null) partner.topics.push({ topic: row.topic, weight: row.weight });
    byPartner.set(row.partner, partner);
  }
  return [...byPartner.values()].sort(
    (a, b) => b.weight - a.weight || a.person.localeCompare(b.person),
  );
}
