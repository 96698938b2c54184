import resolveDefaults from 'graphology-utils/defaults.js';
import isGraph from 'graphology-utils/is-graph.js';
import { betweenness, DEFAULTS as BETWEENNESS_DEFAULTS } from './betweenness.ts';
import { clustering, orientTies } from './clustering.ts';
import { constraint } from './constraint.ts';
import type { HelpGraph } from './graph.ts';
import { tieIndex, type TieIndex } from './indices/tie-index.ts';
import { isHelpNetwork, type HelpNetwork } from './network.ts';
import { coreNumbers } from './k-core.ts';
import { persona, DEFAULTS as PERSONA_DEFAULTS, type PersonaThresholds } from './persona.ts';

/**
 * Per-person network metrics of a help graph, graphology style: `personMetrics(graph, options)`
 * returns a mapping, `personMetrics.assign(graph, options)` writes the same figures as node
 * attributes. `graph` may also be a `HelpNetwork` (network.ts), the same ties as typed columns,
 * which is what the reports pass.
 *
 * Every metric runs on one `TieIndex`, typed arrays built once from the ties: the directed ties
 * (helper → helped) in CSR form, and the undirected simple tie graph (a pair is tied when help
 * went either way; its weight is the sum of both directions). Self-loops are dropped (helping
 * oneself is no tie). People with no ties get zeros, `constraint: null` and the persona "not
 * connected in this window", and take no part in any distribution (PageRank's teleport,
 * betweenness's normalisation, the persona's percentiles), so a roster full of inactive people
 * does not dilute anyone's figures.
 *
 * - PageRank: on the ties reversed (helped → helper), weighted, so a person's score flows to those
 *   who help them: the go-to people score high. People who received no help teleport uniformly.
 *   Computed on the CSR (0.03–0.1 s on 10,000 people and 1.6 M ties) rather than with
 *   graphology-metrics' pagerank: that one follows out-edges only, so it needs a reversed copy of
 *   the graph (30 s to build on that graph, then 5 s to run), and it stops at a loose tolerance
 *   (L1 change < n · 1e-6).
 * - betweenness, clustering, core number, constraint, persona: one module each, see there.
 */

export interface PersonMetrics {
  /** Weighted out-strength: Σ weight of the ties where the person helped. */
  helpGiven: number;
  /** Weighted in-strength: Σ weight of the ties where the person was helped. */
  helpReceived: number;
  /** Distinct people helped. */
  peopleHelped: number;
  /** Distinct people who helped them. */
  helpedBy: number;
  /** Share of tie partners with whom help went both ways (0 without partners). */
  reciprocity: number;
  /** PageRank on the reversed, weighted ties (sums to 1 over people with ties). */
  pagerank: number;
  /** Directed, unweighted betweenness, normalised to [0, 1] (see betweenness.ts). */
  betweenness: number;
  /** Local clustering coefficient on the undirected simple tie graph. */
  clustering: number;
  /** k-core number on the undirected simple tie graph. */
  coreNumber: number;
  /** Burt's constraint on the undirected weighted tie graph; null without ties. */
  constraint: number | null;
  /** The pattern in words (see persona.ts). */
  persona: string;
}

export interface BetweennessSummary {
  /** 'exact' up to `exactBetweennessUpTo` people with ties, else 'sampled'. */
  method: 'exact' | 'sampled';
  /** Shortest-path sources used: every person with ties, or the sample. */
  sources: number;
  /**
   * Sampled only: the largest standard error of any person's estimate, in the same normalised
   * units as the scores (estimated from the spread of the per-source contributions).
   */
  expectedError?: number;
  /** Sampled only: no person's estimate is further than this from the exact value (95 %). */
  errorBound?: number;
}

export interface PersonMetricsResult {
  people: Record<string, PersonMetrics>;
  betweenness: BetweennessSummary;
}

export interface PersonMetricsSettings {
  /** PageRank damping factor. */
  alpha: number;
  /** PageRank stops when the L1 change of the scores falls below this. */
  pagerankTolerance: number;
  pagerankMaxIterations: number;
  /** Exact betweenness up to this many people with ties (within its budget), sampled above. */
  exactBetweennessUpTo: number;
  /** Sampled sources for the betweenness estimate. */
  betweennessSamples: number;
  /** Seed of the betweenness sample. */
  seed: number;
  persona: PersonaThresholds;
}

export type PersonMetricsOptions = Partial<Omit<PersonMetricsSettings, 'persona'>> & {
  persona?: Partial<PersonaThresholds>;
};

export const DEFAULTS: Readonly<PersonMetricsSettings> = {
  alpha: 0.85,
  pagerankTolerance: 1e-10,
  pagerankMaxIterations: 1000,
  exactBetweennessUpTo: BETWEENNESS_DEFAULTS.exactUpTo,
  betweennessSamples: BETWEENNESS_DEFAULTS.samples,
  seed: BETWEENNESS_DEFAULTS.seed,
  persona: PERSONA_DEFAULTS,
};

function check(graph: unknown, options: PersonMetricsOptions | undefined): PersonMetricsSettings {
  if (!isHelpNetwork(graph)) {
    if (!isGraph(graph)) {
      throw new Error('personMetrics: `graph` must be a graphology graph or a help network');
    }
    const g = graph as HelpGraph;
    if (g.type !== 'directed' || g.multi) {
      throw new Error('personMetrics: `graph` must be a simple directed graph (helper → helped)');
    }
  }
  const settings = resolveDefaults(options as PersonMetricsSettings, DEFAULTS);
  const { alpha, pagerankTolerance, pagerankMaxIterations } = settings;
  if (!(alpha > 0 && alpha < 1))
    throw new Error(`personMetrics: alpha must be in (0, 1), got ${alpha}`);
  if (!(pagerankTolerance > 0)) {
    throw new Error(`personMetrics: pagerankTolerance must be positive, got ${pagerankTolerance}`);
  }
  if (!Number.isInteger(pagerankMaxIterations) || pagerankMaxIterations < 1) {
    throw new Error(
      `personMetrics: pagerankMaxIterations must be a positive integer, got ${pagerankMaxIterations}`,
    );
  }
  return settings;
}

/**
 * PageRank with every tie reversed (helped → helper), weighted, over the people with ties: the
 * walker at j moves to one of j's helpers i with probability w_ij / helpReceived(j), or teleports
 * (always, when j received no help). Pull form on the out-lists, so no reversed copy is built.
 */
export function pagerankOfIndex(
  index: TieIndex,
  settings: Pick<PersonMetricsSettings, 'alpha' | 'pagerankTolerance' | 'pagerankMaxIterations'>,
): Float64Array {
  const { outOffsets, outNeighbours, outWeights, inStrength, offsets, connected } = index;
  const n = index.nodes.length;
  const { alpha, pagerankTolerance, pagerankMaxIterations } = settings;
  let x = new Float64Array(n);
  let next = new Float64Array(n);
  if (connected === 0) return x;
  const active = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (offsets[i + 1]! > offsets[i]!) {
      active[i] = 1;
      x[i] = 1 / connected;
    }
  }
  const share = new Float64Array(n);
  for (let iteration = 0; iteration < pagerankMaxIterations; iteration++) {
    let dangling = 0;
    for (let j = 0; j < n; j++) {
      if (inStrength[j]! > 0) share[j] = x[j]! / inStrength[j]!;
      else dangling += x[j]!;
    }
    const base = (1 - alpha + alpha * dangling) / connected;
    let change = 0;
    for (let i = 0; i < n; i++) {
      if (!active[i]) continue;
      let sum = 0;
      for (let e = outOffsets[i]!, end = outOffsets[i + 1]!; e < end; e++) {
        sum += outWeights[e]! * share[outNeighbours[e]!]!;
      }
      const value = base + alpha * sum;
      change += Math.abs(value - x[i]!);
      next[i] = value;
    }
    [x, next] = [next, x];
    if (change < pagerankTolerance) return x;
  }
  throw new Error(
    `personMetrics: PageRank did not converge to ${pagerankTolerance} in ${pagerankMaxIterations} iterations`,
  );
}

function compute(
  graph: HelpGraph | HelpNetwork,
  options?: PersonMetricsOptions,
): PersonMetricsResult {
  const settings = check(graph, options);
  const index = tieIndex(graph);
  const n = index.nodes.length;

  const pagerank = pagerankOfIndex(index, settings);
  const brokerage = betweenness(index, {
    exactUpTo: settings.exactBetweennessUpTo,
    samples: settings.betweennessSamples,
    seed: settings.seed,
  });
  const ties = orientTies(index);
  const clusteringCoefficients = clustering(index, ties);
  const cores = coreNumbers(index);
  const constraints = constraint(index, ties);

  const { outOffsets, inDegree, offsets, outStrength, inStrength } = index;
  const partners = new Int32Array(n);
  const peopleHelped = new Int32Array(n);
  const reciprocity = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    partners[i] = offsets[i + 1]! - offsets[i]!;
    peopleHelped[i] = outOffsets[i + 1]! - outOffsets[i]!;
    // Partners counted once per direction, less partners overall: the two-way ones.
    if (partners[i]! > 0) {
      reciprocity[i] = (peopleHelped[i]! + inDegree[i]! - partners[i]!) / partners[i]!;
    }
  }
  const personas = persona(
    {
      partners,
      helpGiven: outStrength,
      helpReceived: inStrength,
      peopleHelped,
      betweenness: brokerage.scores,
      clustering: clusteringCoefficients,
      constraint: constraints,
    },
    settings.persona,
  );

  const people: Record<string, PersonMetrics> = {};
  for (let i = 0; i < n; i++) {
    people[index.nodes[i]!] = {
      helpGiven: outStrength[i]!,
      helpReceived: inStrength[i]!,
      peopleHelped: peopleHelped[i]!,
      helpedBy: inDegree[i]!,
      reciprocity: reciprocity[i]!,
      pagerank: pagerank[i]!,
      betweenness: brokerage.scores[i]!,
      clustering: clusteringCoefficients[i]!,
      coreNumber: cores[i]!,
      constraint: Number.isNaN(constraints[i]!) ? null : constraints[i]!,
      persona: personas[i]!,
    };
  }
  const summary: BetweennessSummary = { method: brokerage.method, sources: brokerage.sources };
  if (brokerage.expectedError !== undefined) summary.expectedError = brokerage.expectedError;
  if (brokerage.errorBound !== undefined) summary.errorBound = brokerage.errorBound;
  return { people, betweenness: summary };
}

/**
 * Writes each figure as a node attribute of the same name (`helpGiven`, …, `persona`) and returns
 * the betweenness summary.
 */
function assign(graph: HelpGraph, options?: PersonMetricsOptions): BetweennessSummary {
  const { people, betweenness: summary } = compute(graph, options);
  graph.updateEachNodeAttributes((node, attributes) => ({ ...attributes, ...people[node] }));
  return summary;
}

export const personMetrics = Object.assign(compute, { assign });
