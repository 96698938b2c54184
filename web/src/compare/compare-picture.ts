import { DirectedGraph } from 'graphology';
import Sigma from 'sigma';
import type { PeopleGraph } from '../api/types.ts';
import { h } from '../ui/dom.ts';
import type { TieChange } from './compare-model.ts';

/**
 * Both windows in one picture: the later window's people where its layout put them (people
 * seen only in the earlier window where that one did), ties gained in green, lost in red, kept
 * in grey. Colours come with a legend in words, and the tables beside the picture list the same
 * ties, so nothing rests on colour alone.
 */

export const TIE_COLOURS = { gained: '#228833', lost: '#CC3311', kept: '#CCCCCC' };

export interface ComparePicture {
  element: HTMLElement;
  dispose(): void;
}

export function comparePicture(
  before: PeopleGraph,
  after: PeopleGraph,
  ties: readonly TieChange[],
): ComparePicture {
  const graph = new DirectedGraph();
  const place = (view: PeopleGraph) =>
    view.nodes.id.forEach((id, i) => {
      if (graph.hasNode(id)) return;
      graph.addNode(id, {
        x: view.nodes.x[i]!,
        y: view.nodes.y[i]!,
        size: 3,
        label: view.nodes.label[i] ?? null,
        color: '#4477AA',
      });
    });
  place(after);
  place(before);
  // The kept ties first, so the changes are drawn over them.
  const order = { kept: 0, lost: 1, gained: 2 };
  for (const tie of [...ties].sort((a, b) => order[a.status] - order[b.status])) {
    if (!graph.hasNode(tie.source) || !graph.hasNode(tie.target)) continue;
    graph.mergeEdge(tie.source, tie.target, {
      color: TIE_COLOURS[tie.status],
      size: tie.status === 'kept' ? 0.5 : 1.5,
      status: tie.status,
    });
  }
  // People in neither window's ties add nothing to a picture of changed ties.
  graph.forEachNode((node) => graph.degree(node) === 0 && graph.dropNode(node));
  const stage = h('div', {
    class: 'compare-stage',
    attrs: { role: 'img', 'aria-label': 'Ties gained and lost between the two windows' },
  });
  const legend = h(
    'ul',
    {},
    ...(['gained', 'lost', 'kept'] as const).map((status) => {
      const swatch = h('span', { class: 'swatch', attrs: { 'aria-hidden': 'true' } });
      swatch.style.background = TIE_COLOURS[status];
      return h('li', {}, swatch, `${status} (${ties.filter((t) => t.status === status).length})`);
    }),
  );
  const element = h(
    'figure',
    { class: 'compare-figure' },
    stage,
    h('div', { class: 'legend' }, legend),
  );
  let renderer: Sigma | null = null;
  // Sigma needs its container in the page with a size: draw on the next frame.
  requestAnimationFrame(() => {
    if (!stage.isConnected || graph.order === 0) return;
    renderer = new Sigma(graph, stage, { defaultEdgeType: 'arrow', labelRenderedSizeThreshold: 6 });
    stage.dataset.drawn = 'true';
  });
  return {
    element,
    dispose() {
      renderer?.kill();
      renderer = null;
    },
  };
}
