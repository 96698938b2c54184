import type Graph from 'graphology-types';
import isGraph from 'graphology-utils/is-graph.js';
import { buildHelpGraph, type HelpGraph, type TieAttributes } from './graph.ts';
import { tieRowsOf, type HelpNetwork, type PersonAttributes, type RosterPerson } from './model.ts';

// In model.ts with the rest of what the store hands the analytics; re-exported for importers.
export type { HelpNetwork };

export function isHelpNetwork(value: unknown): value is HelpNetwork {
  const network = value as HelpNetwork;
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray(network.people) &&
    network.helper instanceof Int32Array &&
    network.helped instanceof Int32Array &&
    network.weight instanceof Float64Array &&
    network.interactions instanceof Int32Array &&
    network.helped.length === network.helper.length &&
    network.weight.length === network.helper.length &&
    network.interactions.length === network.helper.length
  );
}

/**
 * The network of a graph: people in the graph's node order, ties in its edge order (ties to
 * oneself included, as the graph has them). Missing person attributes read as null, a missing
 * weight as 1 (graphology's convention), missing interactions as 0.
 */
export function networkOf<N extends Partial<PersonAttributes>, E extends Partial<TieAttributes>>(
  graph: Graph<N, E>,
): HelpNetwork {
  const people: RosterPerson[] = [];
  const position = new Map<string, number>();
  graph.forEachNode((person, attributes) => {
    position.set(person, people.length);
    people.push({
      person,
      name: attributes.name ?? null,
      team: attributes.team ?? null,
      manager: attributes.manager ?? null,
      title: attributes.title ?? null,
      joinedAt: attributes.joinedAt ?? null,
      ...(attributes.leftAt === undefined ? {} : { leftAt: attributes.leftAt }),
      accounts: attributes.accounts ?? [],
    });
  });
  const helper = new Int32Array(graph.size);
  const helped = new Int32Array(graph.size);
  const weight = new Float64Array(graph.size);
  const interactions = new Int32Array(graph.size);
  let k = 0;
  graph.forEachEdge((_edge, attributes, source, target) => {
    helper[k] = position.get(source)!;
    helped[k] = position.get(target)!;
    weight[k] = attributes.weight ?? 1;
    interactions[k++] = attributes.interactions ?? 0;
  });
  return { people, helper, helped, weight, interactions };
}

/**
 * The graphology graph of a network (graph.ts's one builder): a node per person, a directed edge
 * per tie, heaviest first (so exports list the strongest ties first).
 */
export function helpGraphOf(network: HelpNetwork): HelpGraph {
  return buildHelpGraph(network.people, tieRowsOf(network));
}

/**
 * The input of an analysis as a network: a network as it is, a graph converted; anything else
 * is an error that names the function and the argument.
 */
export function networkInput<N extends Partial<PersonAttributes>, E extends Partial<TieAttributes>>(
  input: Graph<N, E> | HelpNetwork,
  name: string,
): HelpNetwork {
  if (isHelpNetwork(input)) return input;
  if (!isGraph(input)) throw new Error(`${name} must be a graphology graph or a help network`);
  return networkOf(input);
}

/**
 * Who each person helped and was helped by, as sorted lists in CSR form, ties to oneself left
 * out: out(i) = outNeighbours[outOffsets[i] .. outOffsets[i + 1]), and `outTies` the tie index k
 * of each entry (to read its weight); the same for in(i). Two counting sorts, O(people + ties),
 * whatever order the ties come in.
 */
export interface Adjacency {
  outOffsets: Int32Array;
  outNeighbours: Int32Array;
  outTies: Int32Array;
  inOffsets: Int32Array;
  inNeighbours: Int32Array;
  inTies: Int32Array;
}

/** `name` prefixes the error thrown when a pair has two ties (the network is not simple). */
export function adjacency(network: HelpNetwork, name: string): Adjacency {
  const { helper, helped } = network;
  const n = network.people.length;
  const m = helper.length;
  for (let k = 0; k < m; k++) {
    if (!(helper[k]! >= 0 && helper[k]! < n && helped[k]! >= 0 && helped[k]! < n)) {
      throw new Error(`${name}: tie ${k} names a person not on the roster`);
    }
  }
  let outOffsets: Int32Array;
  let outTies: Int32Array;
  if (inPairOrder(network)) {
    // As the store reads them: the ties are the out-lists already.
    outOffsets = new Int32Array(n + 1);
    for (let k = 0; k < m; k++) outOffsets[helper[k]! + 1]!++;
    for (let i = 0; i < n; i++) outOffsets[i + 1]! += outOffsets[i]!;
    outTies = new Int32Array(m);
    for (let k = 0; k < m; k++) outTies[k] = k;
  } else {
    // By helped first, then (stable) by helper: out-lists come out sorted by helped.
    const [, byHelped] = bucket(n, helped, null, helper);
    [outOffsets, outTies] = bucket(n, helper, byHelped, helped);
  }
  const outNeighbours = new Int32Array(outTies.length);
  for (let e = 0; e < outTies.length; e++) outNeighbours[e] = helped[outTies[e]!]!;
  const [inOffsets, inTies] = bucket(n, helped, outTies, helper);
  const inNeighbours = new Int32Array(inTies.length);
  for (let e = 0; e < inTies.length; e++) inNeighbours[e] = helper[inTies[e]!]!;
  for (let i = 0; i < n; i++) {
    for (let e = outOffsets[i]! + 1; e < outOffsets[i + 1]!; e++) {
      if (outNeighbours[e] === outNeighbours[e - 1]) {
        const { people } = network;
        throw new Error(
          `${name}: two ties from ${people[i]!.person} to ${people[outNeighbours[e]!]!.person}; ties must be aggregated per pair`,
        );
      }
    }
  }
  return { outOffsets, outNeighbours, outTies, inOffsets, inNeighbours, inTies };
}

/** True when the ties go strictly by helper, then helped, none to oneself. */
function inPairOrder({ helper, helped }: HelpNetwork): boolean {
  for (let k = 0; k < helper.length; k++) {
    if (helper[k] === helped[k]) return false;
    if (k > 0 && (helper[k]! - helper[k - 1]! || helped[k]! - helped[k - 1]!) <= 0) return false;
  }
  return true;
}

/**
 * A stable counting sort of the ties (all of them, or those listed in `order`, in that order)
 * by `key`, ties to oneself left out; returns the offsets per key and the sorted tie indices.
 */
function bucket(
  n: number,
  key: Int32Array,
  order: Int32Array | null,
  other: Int32Array,
): [Int32Array, Int32Array] {
  const count = order ? order.length : key.length;
  const offsets = new Int32Array(n + 1);
  for (let c = 0; c < count; c++) {
    const k = order ? order[c]! : c;
    if (key[k] !== other[k]) offsets[key[k]! + 1]!++;
  }
  for (let i = 0; i < n; i++) offsets[i + 1]! += offsets[i]!;
  const cursor = offsets.slice(0, n);
  const sorted = new Int32Array(offsets[n]!);
  for (let c = 0; c < count; c++) {
    const k = order ? order[c]! : c;
    if (key[k] !== other[k]) sorted[cursor[key[k]!]!++] = k;
  }
  return [offsets, sorted];
}
