import type { HelpNetwork, RosterPerson } from '../analytics/model.ts';
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
  // The network's typed ties, not a graphology graph of them: building one for XL's 1.77 M
  // ties took most of a person page's 28 s cold (about 8 µs a tie), for the few it shows.
  const [{ window, network }, people, isolation] = await Promise.all([
    reports.network(query),
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
  const { egoEdges, ego } = egoOf(network, person);
  // Every tie of the person, and the strongest ties among their partners: a busy person's
  // partners can share thousands of ties, more than a picture of one person can show. Both
  // heaviest first.
  const own = egoEdges.filter((edge) => edge.source === person || edge.target === person);
  const among = egoEdges.filter((edge) => edge.source !== person && edge.target !== person);
  const shown = [...own, ...among.slice(0, EGO_TIES_AMONG_PARTNERS)];
  return {
    window,
    profile,
    metrics,
    flags: flagged?.flags ?? (neverActive ? ['never active'] : []),
    reasons:
      flagged?.reasons ?? (neverActive ? ['took part in no help in any source, at any time'] : []),
    ego: {
      nodes: [...ego.keys()].sort().map((id) => ({
        person: id,
        name: ego.get(id)?.name ?? null,
        team: ego.get(id)?.team ?? null,
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

/**
 * A person's ego network in `network`: the person and everyone they helped or were helped by
 * (by id, with their roster entry; the person alone when they are not on the roster), and every
 * tie among them, heaviest first, then by helper and helped id. Two passes over the typed ties.
 */
function egoOf(network: HelpNetwork, person: string) {
  const { people, helper, helped, weight } = network;
  const ego = new Map<string, RosterPerson | undefined>([[person, undefined]]);
  const egoEdges: { source: string; target: string; weight: number }[] = [];
  const at = people.findIndex((entry) => entry.person === person);
  if (at < 0) return { ego, egoEdges };
  const inEgo = new Uint8Array(people.length);
  inEgo[at] = 1;
  for (let k = 0; k < helper.length; k++) {
    if (helper[k] === at) inEgo[helped[k]!] = 1;
    else if (helped[k] === at) inEgo[helper[k]!] = 1;
  }
  inEgo.forEach((member, index) => {
    if (member) ego.set(people[index]!.person, people[index]);
  });
  for (let k = 0; k < helper.length; k++) {
    if (inEgo[helper[k]!] && inEgo[helped[k]!]) {
      egoEdges.push({
        source: people[helper[k]!]!.person,
        target: people[helped[k]!]!.person,
        weight: weight[k]!,
      });
    }
  }
  egoEdges.sort(
    (a, b) =>
      b.weight - a.weight || a.source.localeCompare(b.source) || a.target.localeCompare(b.target),
  );
  return { ego, egoEdges };
}

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
