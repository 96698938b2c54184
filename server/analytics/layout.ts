import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import { mulberry32 } from './random.ts';

/**
 * Node positions for drawing, by ForceAtlas2 (graphology-layout-forceatlas2) from seeded random
 * starting points, so the same graph is always drawn the same way.
 */

export interface LayoutOptions {
  seed: number;
  /** Iterations for small graphs; large ones get fewer (each costs O(ties + people log people)). */
  iterations: number;
}

export const DEFAULTS: Readonly<LayoutOptions> = { seed: 42, iterations: 300 };

export interface LayoutEdge {
  source: number;
  target: number;
  weight: number;
}

/** Positions of `count` nodes tied by `edges` (indexes), as [x0, y0, x1, y1, …]. */
export function layout(
  count: number,
  edges: readonly LayoutEdge[],
  options: Partial<LayoutOptions> = {},
): Float64Array {
  const settings = { ...DEFAULTS, ...options };
  if (!Number.isInteger(count) || count < 0) {
    throw new Error(`layout: count must be a non-negative integer, got ${count}`);
  }
  const rng = mulberry32(settings.seed);
  const graph = new Graph({ type: 'undirected', multi: false, allowSelfLoops: false });
  for (let i = 0; i < count; i++) {
    graph.addNode(i, { x: (rng() - 0.5) * 1000, y: (rng() - 0.5) * 1000 });
  }
  for (const { source, target, weight } of edges) {
    if (source === target) continue;
    if (source >= count || target >= count || source < 0 || target < 0) {
      throw new Error(`layout: edge ${source}-${target} names a node outside 0..${count - 1}`);
    }
    graph.updateUndirectedEdge(source, target, (attributes: { weight?: number }) => ({
      weight: (attributes.weight ?? 0) + weight,
    }));
  }
  const iterations = Math.max(
    50,
    Math.round(settings.iterations / Math.max(1, Math.log10(graph.size + count) - 2)),
  );
  if (count > 1) {
    forceAtlas2.assign(graph, {
      iterations,
      getEdgeWeight: 'weight',
      settings: { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: count > 500 },
    });
  }
  const positions = new Float64Array(count * 2);
  graph.forEachNode((node, attributes) => {
    const i = Number(node);
    positions[2 * i] = round(attributes.x as number);
    positions[2 * i + 1] = round(attributes.y as number);
  });
  return positions;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
