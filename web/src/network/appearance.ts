import { categoryLegend, type Legend } from '../ui/palette.ts';
import type { NetworkGraph, NodeData } from './graph-model.ts';

/**
 * Colour and size of the nodes, written into the model's attributes (graphology's `assign`
 * way); Sigma redraws what changed.
 */

export type ColourBy = 'community' | 'team';
export type SizeBy = 'helpGiven' | 'pagerank';

export const APPEARANCE_DEFAULTS = { minSize: 3, maxSize: 16 };

/**
 * Colours nodes by community or team and returns the legend for what it did. A community is
 * called by the name the server gave it; a community node counts for its members, so the
 * legend's figures are people at either level.
 */
export function assignColours(graph: NetworkGraph, by: ColourBy): Legend<string> {
  const valueOf = (node: NodeData): string =>
    by === 'team' && node.kind === 'person'
      ? (node.team ?? 'no team')
      : node.community === null
        ? 'no community'
        : (node.communityName ?? `community ${node.community}`);
  const values: string[] = [];
  const weights: number[] = [];
  graph.forEachNode((_key, node) => {
    values.push(valueOf(node));
    weights.push(node.members);
  });
  const legend = categoryLegend(values, (value) => value, weights);
  graph.updateEachNodeAttributes((_key, node) => ({
    ...node,
    color: legend.colourOf(valueOf(node)),
  }));
  return legend;
}

/** Sizes nodes by help given or PageRank (area grows with the value), or by members. */
export function assignSizes(
  graph: NetworkGraph,
  by: SizeBy,
  options: Partial<typeof APPEARANCE_DEFAULTS> = {},
): void {
  const { minSize, maxSize } = { ...APPEARANCE_DEFAULTS, ...options };
  const valueOf = (node: NodeData) => (node.kind === 'community' ? node.members : node[by]);
  let max = 0;
  graph.forEachNode((_key, node) => {
    max = Math.max(max, valueOf(node));
  });
  graph.updateEachNodeAttributes((_key, node) => ({
    ...node,
    size: minSize + (maxSize - minSize) * Math.sqrt(max > 0 ? valueOf(node) / max : 0),
  }));
}
